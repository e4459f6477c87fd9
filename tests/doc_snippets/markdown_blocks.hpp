#pragma once
// Fenced code blocks of a Markdown file, with the HTML comment that labels each one. Docs label
// a block by putting `<!-- KEY: VALUE -->` on the last non-blank line before its opening fence:
// `<!-- snippet: PATH -->` says the block is a copy of a file (tests/doc_snippets), and
// `<!-- tutorial-step: NAME -->` names a step of docs/tutorial.md that tests/tutorial runs, and
// `<!-- output -->` (no value) says the block shows what a command prints or a server answers.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::test {

struct block_label {
    std::string key;    // "snippet", "tutorial-step", "output"
    std::string value;  // what follows the colon, trimmed; empty for `<!-- output -->`
};

struct markdown_block {
    std::string language;  // the fence's info string up to the first space: "lua", "sh", ""
    std::string body;  // the lines between the fences, each ending in '\n', fence indent removed
    std::size_t line = 0;  // 1-based line of the opening fence
    std::optional<block_label> label;
};

// Every fenced block (``` or ~~~, three or more, closed by a fence of the same character at least
// as long); an unclosed block runs to the end of the text, as CommonMark has it.
std::vector<markdown_block> markdown_blocks(std::string_view text);

// The file's whole text; throws std::runtime_error naming the file when it cannot be read.
std::string read_text_file(const std::string& path);

}  // namespace tocsin::test
