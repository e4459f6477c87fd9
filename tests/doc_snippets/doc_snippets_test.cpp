// Docs quote code that the tests run: a fenced block marked `<!-- snippet: PATH[#REGION] -->`
// must equal that file (or region) exactly (tests/doc_snippets/snippet_source.hpp), and the file
// must be one the suite runs. The first tests check every Markdown file of the repository; the
// rest pin down the convention itself.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "tests/doc_snippets/markdown_blocks.hpp"
#include "tests/doc_snippets/snippet_source.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

namespace fs = std::filesystem;

const fs::path source_root{TOCSIN_SOURCE_DIR};

// README.md and every Markdown file under docs/, as paths from the repository root.
std::vector<std::string> doc_files() {
    std::vector<std::string> out{"README.md"};
    for (const auto& entry : fs::recursive_directory_iterator(source_root / "docs"))
        if (entry.is_regular_file() && entry.path().extension() == ".md")
            out.push_back(fs::relative(entry.path(), source_root).generic_string());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<markdown_block> blocks_of(const std::string& doc) {
    return markdown_blocks(read_text_file((source_root / doc).string()));
}

// Where two texts part, for a failure message a reader can act on.
std::string first_difference(const std::string& shown, const std::string& source) {
    std::size_t line = 1;
    std::size_t a = 0;
    std::size_t b = 0;
    while (a < shown.size() || b < source.size()) {
        const auto a_end = std::min(shown.find('\n', a), shown.size());
        const auto b_end = std::min(source.find('\n', b), source.size());
        const auto in_doc = a < shown.size() ? shown.substr(a, a_end - a) : "<end of block>";
        const auto in_file = b < source.size() ? source.substr(b, b_end - b) : "<end of file>";
        if (in_doc != in_file)
            return "line " + std::to_string(line) + " of the block:\n  doc:  " + in_doc +
                   "\n  file: " + in_file;
        a = a_end + 1;
        b = b_end + 1;
        ++line;
    }
    return "the texts differ only in a trailing newline";
}

TEST(DocSnippets, EveryMarkedBlockEqualsItsTestedSource) {
    std::size_t checked = 0;
    for (const auto& doc : doc_files()) {
        for (const auto& block : blocks_of(doc)) {
            if (!block.label || block.label->key != "snippet")
                continue;
            ++checked;
            const auto where = doc + ":" + std::to_string(block.line);
            const auto& reference = block.label->value;
            const auto source = snippet_text(source_root, reference);
            if (!source) {
                ADD_FAILURE() << where << ": snippet '" << reference
                              << "': " << source.error().message;
                continue;
            }
            // The first difference says more than two whole files would.
            EXPECT_TRUE(block.body == *source)
                << where << ": the block differs from " << reference << ", at "
                << first_difference(block.body, *source)
                << "\nCopy the source into the doc (or change the source and its test).";
            const auto file = reference.substr(0, reference.find('#'));
            EXPECT_FALSE(snippet_tested_by(source_root, file).empty())
                << where << ": " << file
                << " is not run by any test, so the example could break unnoticed; quote a "
                   "playbook that has a _tests/ file, a test file, or a test fixture";
        }
    }
    // The tutorial alone marks several; a scan that finds none has lost its way.
    EXPECT_GE(checked, 5u);
}

// Other tools may put their own `<!-- key: value -->` comments before blocks; a label that looks
// like one of ours but is not spelled right would silently check nothing.
TEST(DocSnippets, LabelsAreSpelledRight) {
    for (const auto& doc : doc_files()) {
        for (const auto& block : blocks_of(doc)) {
            if (!block.label)
                continue;
            const auto& key = block.label->key;
            const bool ours = key == "snippet" || key == "tutorial-step";
            const bool looks_ours =
                key.find("snip") != std::string::npos || key.find("tutorial") != std::string::npos;
            EXPECT_TRUE(ours || !looks_ours) << doc << ":" << block.line << ": block label '" << key
                                             << "' is misspelt (known: snippet, tutorial-step)";
        }
    }
}

// The tutorial is followed line by line: each of its files is quoted from examples/tutorial, each
// command is a step tests/tutorial runs, and the rest is output (text blocks).
TEST(DocSnippets, EveryTutorialBlockIsQuotedRunOrOutput) {
    for (const auto& block : blocks_of("docs/tutorial.md")) {
        const auto where = "docs/tutorial.md:" + std::to_string(block.line);
        if (block.language == "sh") {
            EXPECT_TRUE(block.label && block.label->key == "tutorial-step")
                << where << ": a command block needs <!-- tutorial-step: NAME -->";
        } else if (block.language == "text") {
            EXPECT_FALSE(block.label) << where << ": output blocks are not labelled";
        } else {
            EXPECT_TRUE(block.label && block.label->key == "snippet")
                << where << ": a '" << block.language
                << "' block needs <!-- snippet: examples/tutorial/… -->";
        }
    }
}

// The convention on files of a temporary tree.
class SnippetSource : public ::testing::Test {
  protected:
    void write(const std::string& relative, const std::string& text) {
        fs::create_directories((root_ / relative).parent_path());
        std::ofstream(root_ / relative) << text;
    }
    temp_dir root_;
};

TEST_F(SnippetSource, WholeFileLeavesOutRegionMarkers) {
    write("a.lua", "local x = 1\n-- snippet:start two\nlocal y = 2\n-- snippet:end\nreturn x\n");
    const auto text = snippet_text(root_.path(), "a.lua");
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(*text, "local x = 1\nlocal y = 2\nreturn x\n");
}

TEST_F(SnippetSource, RegionIsDedentedAndNestedMarkersDropped) {
    write("a.lua",
          "return {\n"
          "  -- snippet:start outer\n"
          "  a = 1,\n"
          "  -- snippet:start inner\n"
          "    b = 2,\n"
          "  -- snippet:end\n"
          "  c = 3,\n"
          "  -- snippet:end\n"
          "}\n");
    auto text = snippet_text(root_.path(), "a.lua#outer");
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(*text, "a = 1,\n  b = 2,\nc = 3,\n");
    text = snippet_text(root_.path(), "a.lua#inner");
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(*text, "b = 2,\n");
}

TEST_F(SnippetSource, MarkersInAnyCommentSyntax) {
    write("a.cpp",
          "int main() {\n    // snippet:start body\n    return 0;\n    // snippet:end\n}\n");
    const auto text = snippet_text(root_.path(), "a.cpp#body");
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(*text, "return 0;\n");
}

TEST_F(SnippetSource, BadReferencesAndUnbalancedMarkersAreErrors) {
    write("a.lua", "-- snippet:start open\nx = 1\n");
    write("b.lua", "x = 1\n-- snippet:end\n");
    write("c.lua", "-- snippet:start r\n-- snippet:end\n-- snippet:start r\n-- snippet:end\n");
    const auto expect_error = [&](std::string_view ref, errc code, std::string_view text) {
        const auto r = snippet_text(root_.path(), ref);
        ASSERT_FALSE(r) << ref;
        EXPECT_EQ(r.error().code, code) << ref;
        EXPECT_NE(r.error().message.find(text), std::string::npos) << r.error().message;
    };
    expect_error("missing.lua", errc::not_found, "missing.lua does not exist");
    expect_error("a.lua#other", errc::invalid_argument,
                 "a.lua:1: region 'open' has no snippet:end");
    expect_error("b.lua", errc::invalid_argument, "b.lua:2: snippet:end without a snippet:start");
    expect_error("c.lua#r", errc::invalid_argument, "c.lua:3: region 'r' starts a second time");
    write("d.lua", "x = 1\n");
    expect_error("d.lua#nowhere", errc::not_found, "d.lua has no region 'nowhere'");
    expect_error("d.lua#", errc::invalid_argument, "names an empty region");
    expect_error("../d.lua", errc::invalid_argument, "without '..'");
    expect_error("/etc/passwd", errc::invalid_argument, "from the repository root");
}

TEST_F(SnippetSource, OnlyFilesTheSuiteRunsCount) {
    write("playbooks/p/book.lua", "return {}\n");
    write("playbooks/p/_tests/book_test.lua", "return {}\n");
    write("playbooks/p/untested.lua", "return {}\n");
    write("elsewhere/book.lua", "return {}\n");
    write("elsewhere/_tests/book_test.lua", "return {}\n");
    write("tests/lua/fixtures/playbooks/x.lua", "return {}\n");
    EXPECT_EQ(snippet_tested_by(root_.path(), "playbooks/p/book.lua"),
              "its test playbooks/p/_tests/book_test.lua");
    EXPECT_FALSE(snippet_tested_by(root_.path(), "playbooks/p/_tests/book_test.lua").empty());
    EXPECT_TRUE(snippet_tested_by(root_.path(), "playbooks/p/untested.lua").empty());
    // No ctest runs `tocsin playbook test` there.
    EXPECT_TRUE(snippet_tested_by(root_.path(), "elsewhere/book.lua").empty());
    EXPECT_TRUE(snippet_tested_by(root_.path(), "elsewhere/_tests/book_test.lua").empty());
    EXPECT_EQ(snippet_tested_by(root_.path(), "tests/lua/fixtures/playbooks/x.lua"),
              "the suite of tests/lua");
    EXPECT_TRUE(snippet_tested_by(root_.path(), "examples/tocsin.json").empty());
}

TEST(MarkdownBlocks, FencesLabelsAndLanguages) {
    const auto blocks = markdown_blocks(
        "Intro\n"
        "<!-- snippet: a.lua#r -->\n"
        "\n"
        "```lua\n"
        "x = 1\n"
        "```\n"
        "<!-- tutorial-step: serve -->\n"
        "Some prose in between\n"
        "~~~~ sh extra\n"
        "```\n"
        "~~~~\n"
        "  ```\n"
        "  indented\n"
        "  ```\n"
        "```text\n"
        "never closed\n");
    ASSERT_EQ(blocks.size(), 4u);
    EXPECT_EQ(blocks[0].language, "lua");
    EXPECT_EQ(blocks[0].body, "x = 1\n");
    EXPECT_EQ(blocks[0].line, 4u);
    ASSERT_TRUE(blocks[0].label);
    EXPECT_EQ(blocks[0].label->key, "snippet");
    EXPECT_EQ(blocks[0].label->value, "a.lua#r");
    EXPECT_EQ(blocks[1].language, "sh");
    EXPECT_EQ(blocks[1].body, "```\n");  // a shorter fence of the other kind does not close it
    EXPECT_FALSE(blocks[1].label);       // prose came between the label and the block
    EXPECT_EQ(blocks[2].body, "indented\n");
    EXPECT_EQ(blocks[3].body, "never closed\n");
}

}  // namespace
}  // namespace tocsin::test
