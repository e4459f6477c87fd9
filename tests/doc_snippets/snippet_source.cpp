#include "tests/doc_snippets/snippet_source.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <regex>
#include <utility>
#include <vector>

#include "tests/doc_snippets/markdown_blocks.hpp"

namespace tocsin::test {
namespace {

namespace fs = std::filesystem;

struct marker {
    bool start = false;
    std::string name;  // start markers only
};

std::optional<marker> marker_of(const std::string& line) {
    static const std::regex start(R"(snippet:start\s+([A-Za-z0-9_.-]+))");
    static const std::regex end(R"(snippet:end\b)");
    std::smatch m;
    if (std::regex_search(line, m, start))
        return marker{true, m[1].str()};
    if (std::regex_search(line, end))
        return marker{false, {}};
    return std::nullopt;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        out.push_back(
            text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

std::string dedented(const std::vector<std::string>& lines) {
    std::size_t common = std::string::npos;
    for (const auto& line : lines) {
        const auto first = line.find_first_not_of(' ');
        if (first != std::string::npos)
            common = std::min(common, first);
    }
    std::string out;
    for (const auto& line : lines)
        out += (line.size() >= common && common != std::string::npos ? line.substr(common)
                                                                     : std::string()) +
               "\n";
    return out;
}

// The lines between `region`'s markers (or the whole file for an empty region), without any
// marker line; markers must pair up.
result<std::string> select(const std::string& text, const std::string& file,
                           const std::string& region) {
    std::vector<std::string> kept;
    std::vector<std::pair<std::string, std::size_t>> open;  // region name, line
    bool found = false;
    bool inside = region.empty();
    std::size_t number = 0;
    for (const auto& line : lines_of(text)) {
        ++number;
        const auto m = marker_of(line);
        if (!m) {
            if (inside)
                kept.push_back(line);
            continue;
        }
        if (m->start) {
            if (m->name == region) {
                if (found)
                    return error_info{errc::invalid_argument, file + ":" + std::to_string(number) +
                                                                  ": region '" + region +
                                                                  "' starts a second time"};
                found = inside = true;
            }
            open.emplace_back(m->name, number);
            continue;
        }
        if (open.empty())
            return error_info{errc::invalid_argument, file + ":" + std::to_string(number) +
                                                          ": snippet:end without a snippet:start"};
        if (open.back().first == region)
            inside = false;
        open.pop_back();
    }
    if (!open.empty())
        return error_info{errc::invalid_argument, file + ":" + std::to_string(open.back().second) +
                                                      ": region '" + open.back().first +
                                                      "' has no snippet:end"};
    if (!region.empty() && !found)
        return error_info{errc::not_found, file + " has no region '" + region + "'"};
    if (region.empty()) {
        std::string whole;
        for (const auto& line : kept)
            whole += line + "\n";
        return whole;
    }
    return dedented(kept);
}

}  // namespace

result<std::string> snippet_text(const fs::path& root, std::string_view reference) {
    const auto hash = reference.find('#');
    const std::string file(reference.substr(0, hash));
    const std::string region(hash == std::string_view::npos ? std::string_view()
                                                            : reference.substr(hash + 1));
    if (file.empty() || fs::path(file).is_absolute() || file.find("..") != std::string::npos)
        return error_info{errc::invalid_argument,
                          "'" + std::string(reference) +
                              "' must be a path from the repository root, without '..'"};
    if (hash != std::string_view::npos && region.empty())
        return error_info{errc::invalid_argument,
                          "'" + std::string(reference) + "' names an empty region"};
    if (!fs::is_regular_file(root / file))
        return error_info{errc::not_found, file + " does not exist"};
    return select(read_text_file((root / file).string()), file, region);
}

std::string snippet_tested_by(const fs::path& root, const std::string& relative) {
    const fs::path path(relative);
    // Example data files outside tests/, each with the suites that feed it to the engine.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> example_data = {{
        {"examples/tutorial/alert.json", "tests/tutorial, which posts it"},
        {"examples/tutorial/triage-rule.json", "tests/tutorial, which puts it"},
        {"examples/watchlists/known-scanners.csv",
         "tests/cli/watchlists_cli_test.cpp and tests/plugins/watchlists_plugin_test.cpp, which "
         "load it"},
    }};
    for (const auto& [file, tested_by] : example_data)
        if (file == relative)
            return std::string(tested_by);
    // Playbooks and their test files under the directories ctest runs `tocsin playbook test`
    // on: PlaybookTests.ShippedPlaybooks (playbooks/), PlaybookTests.TutorialExamples and
    // tests/tutorial (examples/tutorial/).
    const bool under_playbook_tests =
        relative.starts_with("playbooks/") || relative.starts_with("examples/tutorial/");
    if (under_playbook_tests && path.parent_path().filename() == "_tests" &&
        path.stem().string().ends_with("_test"))
        return "tocsin playbook test, as a test file";
    if (under_playbook_tests && path.extension() == ".lua") {
        const auto test = path.parent_path() / "_tests" / (path.stem().string() + "_test.lua");
        if (fs::is_regular_file(root / test))
            return "its test " + test.generic_string();
    }
    // Fixtures of the C++ suites, which load them by path.
    if (relative.starts_with("tests/") && relative.find("/fixtures/") != std::string::npos)
        return "the suite of " + path.begin()->string() + "/" + std::next(path.begin())->string();
    return {};
}

}  // namespace tocsin::test
