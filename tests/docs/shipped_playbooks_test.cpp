// Every shipped Lua file (playbooks/samples, playbooks/templates, the tutorial's playbooks under
// examples/, their _tests, and the annotated playbook the authoring guide quotes) calls only
// actions the engine has, with only input fields the action declares: what the Lua Language
// Server would flag against playbooks/types/tocsin.lua as an undefined field, and what would
// raise at run time. Only keys written literally at the top level of the argument table are
// checked (lua_action_calls.hpp says what it leaves out). Editor annotations in those files must
// name types the definitions have.
#include <algorithm>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "engine/lua/syntax_check.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/luals_definitions.hpp"
#include "engine/runner/trigger_payloads.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/docs/lua_action_calls.hpp"
#include "tests/docs/luals_checker.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

namespace fs = std::filesystem;

const fs::path source_dir = TOCSIN_SOURCE_DIR;

std::vector<fs::path> shipped_lua_files() {
    std::vector<fs::path> out;
    for (const char* root : {"playbooks", "examples"})
        for (auto it = fs::recursive_directory_iterator(source_dir / root);
             it != fs::recursive_directory_iterator(); ++it) {
            // playbooks/types holds the editor definitions, not a playbook.
            if (it->is_directory() && it->path().filename() == "types") {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file() && it->path().extension() == ".lua")
                out.push_back(it->path());
        }
    // The annotated playbook docs/playbook-authoring.md quotes.
    out.push_back(source_dir / "tests/docs/fixtures/annotated-playbook.lua");
    std::sort(out.begin(), out.end());
    return out;
}

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ShippedPlaybooks : public ::testing::Test {
  protected:
    ShippedPlaybooks() {
        plugins::register_builtin_plugins(registry_);
        std::vector<const plugin::plugin_descriptor*> all;
        for (const auto& p : registry_.plugins())
            all.push_back(p.get());
        definitions_ = luals::check(runner::luals_definitions(all, runner::trigger_payloads()));
        // The reserved `_…` fields, as the definitions declare them for every action.
        reserved_ = definitions_.fields_of("TocsinCallOptions");
    }

    // Problems of one file, "file:line: what" each.
    std::vector<std::string> problems_of(const fs::path& file, std::size_t& calls) const {
        std::vector<std::string> out;
        const auto source = read(file);
        const auto where = fs::relative(file, source_dir).string();
        if (auto parsed = lua::check_syntax(source, where); !parsed) {
            out.push_back(parsed.error().message);
            return out;
        }
        // Editor annotations in the file name types the definitions have.
        for (const auto& p : luals::check_playbook(source, definitions_))
            out.push_back(where + ":" + std::to_string(p.line) + ": " + p.message);
        for (const auto& call : find_lua_action_calls(source)) {
            ++calls;
            const auto at = where + ":" + std::to_string(call.line) + ": tocsin." + call.action;
            const auto* action = registry_.find(call.action);
            if (!action) {
                out.push_back(at + " is not an action of the engine");
                continue;
            }
            if (action->input.allow_extra)
                continue;
            for (const auto& key : call.keys) {
                const auto& fields = action->input.fields;
                const bool declared = std::any_of(fields.begin(), fields.end(),
                                                  [&](const auto& f) { return f.name == key; });
                if (!declared && !reserved_.count(key))
                    out.push_back(at + ": '" + key + "' is not an input field of the action");
            }
        }
        return out;
    }

    plugin::registry registry_;
    luals::definitions definitions_;
    std::set<std::string> reserved_;
};

TEST_F(ShippedPlaybooks, CallOnlyDeclaredActionsWithDeclaredFields) {
    ASSERT_EQ(reserved_, (std::set<std::string>{"_instance", "_timeout_ms", "_attempts",
                                                "_backoff_ms", "_max_backoff_ms"}));
    const auto files = shipped_lua_files();
    std::size_t calls = 0;
    std::string problems;
    for (const auto& file : files)
        for (const auto& p : problems_of(file, calls))
            problems += p + "\n";
    EXPECT_EQ(problems, "");
    // The scan saw the shipped files and their calls (not an empty directory or a blind lexer).
    EXPECT_GE(files.size(), 25u);
    EXPECT_GE(calls, 50u);
}

TEST_F(ShippedPlaybooks, TheCheckCatchesAMisspelledFieldAndAnUnknownAction) {
    temp_dir dir;
    const auto file = dir / "typo.lua";
    std::ofstream(file)
        << ("return { name = 'x', triggers = { 'manual' }, run = function(ctx)\n"
            "  tocsin.incidents.create{ title = 't', severty = 'High', _timeout_ms = 10 }\n"
            "  tocsin.incidents.frobnicate{}\n"
            "  tocsin.http.request{ method = 'GET', url = 'u', _instance = 'i' }\n"
            "end }\n");
    std::size_t calls = 0;
    const auto problems = problems_of(file, calls);
    EXPECT_EQ(calls, 3u);
    ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(problems);
    EXPECT_NE(problems[0].find(":2: tocsin.incidents.create: 'severty' is not an input field"),
              std::string::npos)
        << problems[0];
    EXPECT_NE(problems[1].find(":3: tocsin.incidents.frobnicate is not an action of the engine"),
              std::string::npos)
        << problems[1];
}

TEST_F(ShippedPlaybooks, TheCheckCatchesAnAnnotationNamingAMissingType) {
    temp_dir dir;
    const auto file = dir / "annotated.lua";
    std::ofstream(file) << "---@type TocsinPlaybook\n"
                           "return { name = 'x', triggers = { 'incident' },\n"
                           "  ---@param ctx TocsinIncidentContxt\n"
                           "  run = function(ctx) end }\n";
    std::size_t calls = 0;
    const auto problems = problems_of(file, calls);
    ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);
    EXPECT_NE(problems[0].find(":3: type 'TocsinIncidentContxt' is neither defined"),
              std::string::npos)
        << problems[0];
}

}  // namespace
}  // namespace tocsin::test
