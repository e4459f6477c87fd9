#include "engine/runner/playbook_test_files.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "engine/error.hpp"

namespace tocsin::runner {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() > suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<fs::path> tests_under(const fs::path& dir) {
    std::vector<fs::path> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        throw error(errc::not_found,
                    "cannot read directory '" + dir.string() + "': " + ec.message());
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto name = it->path().filename().string();
        // Hidden folders (.git, editor state) never hold tests and can be large.
        if (it->is_directory(ec) && !name.empty() && name[0] == '.') {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec) && is_playbook_test(it->path()))
            found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

bool is_playbook_test(const fs::path& file) {
    return ends_with(file.filename().string(), playbook_test_suffix) &&
           file.parent_path().filename() == playbook_tests_folder;
}

fs::path playbook_under_test(const fs::path& test_file) {
    auto name = test_file.filename().string();
    name.resize(name.size() - playbook_test_suffix.size());
    return test_file.parent_path().parent_path() / (name + ".lua");
}

std::vector<playbook_test_file> find_playbook_tests(const std::vector<fs::path>& paths) {
    std::vector<playbook_test_file> out;
    std::set<fs::path> seen;  // by absolute path: "x" and "./x" are one file
    auto add = [&](const fs::path& test) {
        if (seen.insert(fs::absolute(test).lexically_normal()).second)
            out.push_back({test, playbook_under_test(test)});
    };
    for (const auto& path : paths) {
        std::error_code ec;
        const auto status = fs::status(path, ec);
        if (ec || !fs::exists(status))
            throw error(errc::not_found, "'" + path.string() + "' does not exist");
        if (fs::is_directory(status)) {
            for (const auto& test : tests_under(path))
                add(test);
        } else if (is_playbook_test(path)) {
            add(path);
        } else if (path.extension() == ".lua") {
            const auto stem = path.stem().string();
            const auto test = path.parent_path() / playbook_tests_folder /
                              (stem + std::string(playbook_test_suffix));
            if (!fs::is_regular_file(test, ec))
                throw error(errc::not_found, "playbook '" + path.string() +
                                                 "' has no test file (expected '" + test.string() +
                                                 "')");
            add(test);
        } else {
            throw error(errc::invalid_argument,
                        "'" + path.string() + "' is neither a directory, a playbook (.lua) nor a " +
                            "test file (" + std::string(playbook_tests_folder) + "/NAME" +
                            std::string(playbook_test_suffix) + ")");
        }
    }
    return out;
}

}  // namespace tocsin::runner
