#include "tests/doc_snippets/markdown_blocks.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace tocsin::test {
namespace {

struct fence {
    std::size_t indent = 0;
    char mark = '`';
    std::size_t length = 0;
    std::string info;
};

std::optional<fence> fence_of(std::string_view line) {
    fence f;
    while (f.indent < line.size() && f.indent < 4 && line[f.indent] == ' ')
        ++f.indent;
    if (f.indent > 3 || f.indent >= line.size())
        return std::nullopt;
    f.mark = line[f.indent];
    if (f.mark != '`' && f.mark != '~')
        return std::nullopt;
    auto at = f.indent;
    while (at < line.size() && line[at] == f.mark)
        ++at;
    f.length = at - f.indent;
    if (f.length < 3)
        return std::nullopt;
    auto info = line.substr(at);
    while (!info.empty() && (info.front() == ' ' || info.front() == '\t'))
        info.remove_prefix(1);
    while (!info.empty() && (info.back() == ' ' || info.back() == '\t' || info.back() == '\r'))
        info.remove_suffix(1);
    f.info = std::string(info);
    return f;
}

bool closes(const fence& open, std::string_view line) {
    const auto f = fence_of(line);
    return f && f->mark == open.mark && f->length >= open.length && f->info.empty();
}

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::optional<block_label> label_of(std::string_view line) {
    // `<!-- key: value -->`, or a bare `<!-- key -->` (an empty value).
    static const std::regex comment(R"(^\s*<!--\s*([a-z][a-z-]*)(?::\s*(.*?))?\s*-->\s*$)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(line.begin(), line.end(), m, comment))
        return std::nullopt;
    return block_label{m[1].str(), m[2].matched ? m[2].str() : std::string()};
}

std::string without_indent(std::string_view line, std::size_t indent) {
    std::size_t cut = 0;
    while (cut < indent && cut < line.size() && line[cut] == ' ')
        ++cut;
    return std::string(line.substr(cut));
}

}  // namespace

std::vector<markdown_block> markdown_blocks(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start));
        start = end == std::string_view::npos ? text.size() : end + 1;
    }
    std::vector<markdown_block> out;
    std::optional<block_label> pending;  // the label on the last non-blank line seen
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto open = fence_of(lines[i]);
        if (!open) {
            if (!blank(lines[i]))
                pending = label_of(lines[i]);
            continue;
        }
        markdown_block block;
        block.language = open->info.substr(0, open->info.find(' '));
        block.line = i + 1;
        block.label = std::move(pending);
        pending.reset();
        for (++i; i < lines.size() && !closes(*open, lines[i]); ++i)
            block.body += without_indent(lines[i], open->indent) + "\n";
        out.push_back(std::move(block));
    }
    return out;
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace tocsin::test
