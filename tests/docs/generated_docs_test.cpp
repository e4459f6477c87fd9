// The committed references and editor definitions are exactly what the generators write from the
// code, so they cannot drift: each generator runs in --check mode against its committed file.
#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

namespace fs = std::filesystem;

const fs::path source_dir = TOCSIN_SOURCE_DIR;

struct generated_file {
    std::vector<std::string> check;  // the generator in --check mode
    std::string regenerate;          // what to run from the source directory when it fails
};

void expect_current(const generated_file& g) {
    const auto r = run_tocsin(g.check);
    EXPECT_EQ(r.status, 0) << "the committed file is out of date; from " << source_dir.string()
                           << " run:\n  " << g.regenerate << "\n"
                           << r.output;
}

TEST(GeneratedDocsTest, ActionReferenceIsCurrent) {
    expect_current({{"plugins", "docs", "--check", (source_dir / "docs/actions.md").string()},
                    "tocsin plugins docs --output docs/actions.md"});
}

TEST(GeneratedDocsTest, ConfigurationReferenceIsCurrent) {
    expect_current({{"config", "docs", "--check", (source_dir / "docs/configuration.md").string()},
                    "tocsin config docs --output docs/configuration.md"});
}

TEST(GeneratedDocsTest, EditorDefinitionsAreCurrent) {
    // Checks playbooks/types/tocsin.lua and playbooks/.luarc.json.
    expect_current({{"plugins", "luals", "--check", (source_dir / "playbooks").string()},
                    "tocsin plugins luals --output-dir playbooks"});
}

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(GeneratedDocsTest, OutputWritesWhatCheckThenAccepts) {
    temp_dir dir;
    const auto file = dir / "actions.md";
    ASSERT_EQ(run_tocsin({"plugins", "docs", "--output", file.string()}).status, 0);
    const auto printed = run_tocsin({"plugins", "docs"});
    ASSERT_EQ(printed.status, 0);
    EXPECT_EQ(read(file), printed.output);
    EXPECT_EQ(run_tocsin({"plugins", "docs", "--check", file.string()}).status, 0);
}

TEST(GeneratedDocsTest, CheckNamesTheLineAndTheCommandWhenAFileDrifted) {
    temp_dir dir;
    const auto file = dir / "configuration.md";
    ASSERT_EQ(run_tocsin({"config", "docs", "--output", file.string()}).status, 0);
    {
        std::ofstream out(file, std::ios::app);
        out << "hand edit\n";
    }
    const auto r = run_tocsin({"config", "docs", "--check", file.string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find(file.string() + " differs from the generated text from line"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("run `tocsin config docs --output " + file.string() + "`"),
              std::string::npos)
        << r.output;
}

TEST(GeneratedDocsTest, CheckReportsAMissingFile) {
    temp_dir dir;
    const auto r = run_tocsin({"plugins", "luals", "--check", dir.path().string()});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find((dir / "types" / "tocsin.lua").string() + " does not exist"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("tocsin plugins luals --output-dir " + dir.path().string()),
              std::string::npos)
        << r.output;
}

TEST(GeneratedDocsTest, LualsOutputDirWritesBothFiles) {
    temp_dir dir;
    ASSERT_EQ(run_tocsin({"plugins", "luals", "--output-dir", dir.path().string()}).status, 0);
    EXPECT_EQ(read(dir / "types" / "tocsin.lua").rfind("---@meta\n", 0), 0u);
    EXPECT_NE(read(dir / ".luarc.json").find("\"runtime.version\": \"Lua 5.4\""),
              std::string::npos);
    EXPECT_EQ(run_tocsin({"plugins", "luals", "--check", dir.path().string()}).status, 0);
}

}  // namespace
}  // namespace tocsin::test
