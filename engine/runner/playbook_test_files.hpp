#pragma once
// Where playbook tests live. The test of `DIR/NAME.lua` is `DIR/_tests/NAME_test.lua`: beside
// the playbook, in a folder the catalog never loads playbooks from (it skips names starting
// with `_`), so a test file is never mistaken for a playbook. Other files of `_tests/` are
// helpers that tests may `require`.

#include <filesystem>
#include <string_view>
#include <vector>

namespace tocsin::runner {

inline constexpr std::string_view playbook_tests_folder = "_tests";
inline constexpr std::string_view playbook_test_suffix = "_test.lua";

struct playbook_test_file {
    std::filesystem::path test;      // as found: relative when the argument was
    std::filesystem::path playbook;  // DIR/NAME.lua for DIR/_tests/NAME_test.lua
};

// True for `…/_tests/NAME_test.lua`.
bool is_playbook_test(const std::filesystem::path& file);
// `DIR/NAME.lua` for `DIR/_tests/NAME_test.lua` (whether or not it exists).
std::filesystem::path playbook_under_test(const std::filesystem::path& test_file);

// The tests named by `paths`, in argument order, each directory's in path order, without
// duplicates. Each path is a test file, a playbook (its test file is used), or a directory
// searched recursively (folders starting with '.' are skipped). Throws tocsin::error: not_found
// for a path that does not exist or a playbook that has no test file; invalid_argument for a
// file that is neither a test nor a playbook (.lua).
std::vector<playbook_test_file> find_playbook_tests(
    const std::vector<std::filesystem::path>& paths);

}  // namespace tocsin::runner
