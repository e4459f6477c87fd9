#pragma once
// Shared by the tests of `tocsin playbook test`: a playbook and its test file written to a
// temporary directory (DIR/NAME.lua and DIR/_tests/NAME_test.lua), run by the real test runner
// with the built-in plugins.

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/runner/playbook_test_runner.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::runner::test {

using nlohmann::json;

// A manual playbook named `name` whose run(ctx) is `body`.
inline std::string manual_playbook(const std::string& body, const std::string& name = "p") {
    return "return {\n"
           "  name = '" +
           name +
           "', version = '1', triggers = { 'manual' },\n"
           "  params = { label = { type = 'string', default = 'seen' } },\n"
           "  run = function(ctx)\n" +
           body + "\n  end,\n}\n";
}

class playbook_test_fixture : public ::testing::Test {
  protected:
    void write(const std::filesystem::path& relative, const std::string& text) {
        const auto path = dir_ / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << text;
    }

    // Writes p.lua and _tests/p_test.lua, runs the tests, and returns the results by case name.
    std::vector<playbook_test_case_result> run_tests(const std::string& playbook,
                                                     const std::string& tests,
                                                     lua::limits limits = {},
                                                     const std::string& filter = "") {
        write("p.lua", playbook);
        write("_tests/p_test.lua", tests);
        playbook_test_options options;
        options.plugins = [](plugin::registry& r) { plugins::register_builtin_plugins(r); };
        options.limits = limits;
        options.workspace = {"11111111-2222-3333-4444-555555555555", "soc", "main"};
        options.filter = filter;
        playbook_test_runner runner(std::move(options));
        return runner.run({test_path(), dir_ / "p.lua"});
    }

    std::filesystem::path test_path() const { return dir_ / "_tests" / "p_test.lua"; }

    static const playbook_test_case_result& only(
        const std::vector<playbook_test_case_result>& results) {
        if (results.size() != 1)
            throw std::runtime_error("expected one result, got " + std::to_string(results.size()));
        return results.front();
    }

    tocsin::test::temp_dir dir_;
};

// For failure messages of EXPECT_*: the result as the --json output shows it.
inline std::string describe(const playbook_test_case_result& r) {
    return to_json({r}, summarize({r}, 1, {})).dump(2);
}

}  // namespace tocsin::runner::test
