// The LuaLS annotation checker (luals_checker.hpp) on the real definitions, and on small bad
// inputs: every rule it claims is seen failing here, so a clean result means something.
#include <fstream>

#include <gtest/gtest.h>

#include "engine/plugin/registry.hpp"
#include "engine/runner/luals_definitions.hpp"
#include "engine/runner/trigger_payloads.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/docs/demo_descriptor.hpp"
#include "tests/docs/luals_checker.hpp"

namespace tocsin::test::luals {
namespace {

namespace fs = std::filesystem;

std::string builtin_definitions() {
    plugin::registry reg;
    plugins::register_builtin_plugins(reg);
    std::vector<const plugin::plugin_descriptor*> all;
    for (const auto& p : reg.plugins())
        all.push_back(p.get());
    return runner::luals_definitions(all, runner::trigger_payloads());
}

// The one problem `text` has; fails the test when there are none or several.
std::string only_problem(const std::string& text) {
    const auto d = check(text);
    EXPECT_EQ(d.problems.size(), 1u) << describe(d.problems) << "in:\n" << text;
    return d.problems.empty() ? "" : d.problems.front().message;
}

void expect_problem(const std::string& text, const std::string& part) {
    const auto message = only_problem(text);
    EXPECT_NE(message.find(part), std::string::npos) << message << "\nin:\n" << text;
}

TEST(LualsChecker, GeneratedDefinitionsOfEveryBuiltinPluginAndTrigger) {
    const auto text = builtin_definitions();
    const auto d = check(text);
    EXPECT_TRUE(d.problems.empty()) << describe(d.problems);
    // It read what it checked: every action's classes, the payloads, the call options.
    plugin::registry reg;
    plugins::register_builtin_plugins(reg);
    for (const auto* a : reg.actions()) {
        EXPECT_TRUE(d.classes.count("tocsin." + a->name + ".Input")) << a->name;
        for (const auto& f : a->input.fields)
            EXPECT_TRUE(d.fields_of("tocsin." + a->name + ".Input").count(f.name))
                << a->name << "." << f.name;
    }
    EXPECT_TRUE(d.aliases.count("TocsinTrigger"));
    EXPECT_TRUE(d.classes.count("TocsinEmailTrigger"));
    EXPECT_EQ(d.fields_of("tocsin.incidents.create.Input").count("_timeout_ms"), 1u);
}

TEST(LualsChecker, TheDemoPluginsDefinitions) {
    const auto demo = test::demo_plugin();
    const auto d = check(runner::luals_definitions({&demo}, runner::trigger_payloads()));
    EXPECT_TRUE(d.problems.empty()) << describe(d.problems);
    EXPECT_EQ(d.classes.at("tocsin.demo.lookup.Input.target").fields,
              std::vector<std::string>{"name"});
}

TEST(LualsChecker, TheCommittedTypesFile) {
    std::ifstream in(fs::path(TOCSIN_SOURCE_DIR) / "playbooks" / "types" / "tocsin.lua");
    ASSERT_TRUE(in);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    const auto d = check(text);
    EXPECT_TRUE(d.problems.empty()) << describe(d.problems);
    EXPECT_GT(d.classes.size(), 50u);
}

const std::string header = "---@meta\n---@class TocsinError\n---@field code string\n";

TEST(LualsChecker, AcceptsTheWholeSubset) {
    const auto d = check(header + R"(
---@alias Kind "a"|'b'|TocsinError
---A class with every field form.
---@class Thing: TocsinError
---@field plain string some words
---@field opt? integer[] more words
---@field private hidden boolean
---@field ["content-type"] string
---@field [string] any
---@field fn fun(ctx: Thing, b?: string, ...: any): (string|nil)[]
---@field map table<string, table<string, Kind>>
---@field maybe Thing? described
---@field spaced string | nil
---@field quoted "x|y" a literal with a pipe

---@type Thing
local t = {}

---@param a Thing
---@param ... any
---@return string|nil name the name
---@return TocsinError|nil err
function helper(a, ...) end
)");
    EXPECT_TRUE(d.problems.empty()) << describe(d.problems);
    EXPECT_EQ(d.classes.at("Thing").fields,
              (std::vector<std::string>{"plain", "opt", "hidden", "[\"content-type\"]", "[string]",
                                        "fn", "map", "maybe", "spaced", "quoted"}));
    EXPECT_EQ(d.fields_of("Thing").count("code"), 1u);
}

TEST(LualsChecker, UnknownTagsAndContinuations) {
    expect_problem(header + "---@generic T\n", "unknown tag @generic");
    expect_problem(header + "---@alias X\n", "expected a type (the multi-line form");
    expect_problem(header + "---| \"a\"\n", "continuation lines are outside");
}

TEST(LualsChecker, MalformedTags) {
    expect_problem("---@meta 1x\n", "malformed @meta");
    expect_problem(header + "---@class\n", "expected a class name");
    expect_problem(header + "---@class A:\n", "expected a parent class name");
    expect_problem(header + "---@class A B\n", "unexpected text after the class");
    expect_problem(header + "---@class A\n---@field x\n", "malformed @field");
    expect_problem(header + "---@class A\n---@field [string any\n",
                   "expected ']' of an index field");
    expect_problem(header + "---@class A\n---@field 1x string\n", "expected a field name");
    expect_problem(header + "---@param\nfunction f() end\n", "expected a parameter name");
    expect_problem(header + "---@return\nfunction f() end\n", "malformed @return");
    expect_problem(header + "---@alias 1 string\n", "expected an alias name");
    expect_problem(header + "---@type\n", "malformed @type");
}

TEST(LualsChecker, MalformedTypes) {
    const auto field = [](const std::string& type) {
        return header + "---@class A\n---@field x " + type + "\n";
    };
    expect_problem(field("string["), "expected ']' of an array type");
    expect_problem(field("table<string>"), "expected ',' in table<K, V>");
    expect_problem(field("table<string, any"), "expected '>' of table<K, V>");
    expect_problem(field("fun(a: string"), "expected ',' or ')' in fun(...)");
    expect_problem(field("fun(1)"), "expected a parameter name in fun(...)");
    expect_problem(field("(string|nil"), "expected ')'");
    expect_problem(field("\"open"), "unterminated string literal type");
    expect_problem(field("string|"), "expected a type");
    expect_problem(field("string-ish"), "unexpected text after the type");
}

TEST(LualsChecker, UnresolvedTypeNames) {
    expect_problem(header + "---@class A\n---@field x Missing\n",
                   "type 'Missing' is neither defined here nor a LuaLS builtin");
    expect_problem(header + "---@class A: Base\n", "type 'Base'");
    expect_problem(header + "---@alias K fun(x: Nope)\n", "type 'Nope'");
    expect_problem(header + "---@class A\n---@field m table<string, Gone[]>\n", "type 'Gone'");
    // Defined later in the file is fine, as for LuaLS.
    EXPECT_TRUE(check(header + "---@class A\n---@field b B\n\n---@class B\n").problems.empty());
}

TEST(LualsChecker, DefinedTwice) {
    expect_problem(header + "---@class TocsinError\n",
                   "'TocsinError' is defined twice (first on line 2)");
    expect_problem(header + "---@alias K string\n---@alias K integer\n", "'K' is defined twice");
    expect_problem(header + "---@alias TocsinError string\n", "'TocsinError' is defined twice");
    expect_problem(header + "---@field code integer\n", "class TocsinError has field code twice");
    expect_problem(header + "---@class A\n---@field [string] any\n---@field [string] string\n",
                   "has field [string] twice");
}

TEST(LualsChecker, FieldsBelongToAClassInTheirBlock) {
    expect_problem("---@meta\n---@field x string\n", "does not follow a @class");
    expect_problem(header + "\n---@field x string\n", "does not follow a @class");
}

TEST(LualsChecker, ParamsAndReturnsDocumentAFunction) {
    expect_problem(header + "---@param a string\nlocal x = 1\n", "not followed by a function");
    expect_problem(header + "---@param b string\nfunction f(a) end\n",
                   "@param b is not a parameter of f");
}

const std::string action_classes = header +
                                   "---@class tocsin.p.a.Input\n---@class tocsin.p.a.Result\n"
                                   "tocsin = {}\n";

std::string action(const std::string& docs, const std::string& params = "input") {
    return action_classes + "\n" + docs + "function tocsin.p.a(" + params + ") end\n";
}

const std::string returns =
    "---@return tocsin.p.a.Result|nil result\n---@return TocsinError|nil err\n";

TEST(LualsChecker, ActionFunctionsTakeTheirInputAndReturnResultAndError) {
    EXPECT_TRUE(check(action("---@param input tocsin.p.a.Input\n" + returns)).problems.empty());
    EXPECT_TRUE(check(action("---@param input? tocsin.p.a.Input\n" + returns)).problems.empty());
    expect_problem(action(returns), "tocsin.p.a needs exactly one @param input");
    expect_problem(
        action("---@param input tocsin.p.a.Input\n---@param input tocsin.p.a.Input\n" + returns),
        "needs exactly one @param input");
    expect_problem(action("---@param input TocsinError\n" + returns),
                   "@param input is 'TocsinError', not tocsin.p.a.Input");
    expect_problem(action("---@param input tocsin.p.a.Input\n---@return any|nil result\n"),
                   "needs two @return lines (result, err), has 1");
    expect_problem(action("---@param input tocsin.p.a.Input\n---@return any|nil result\n"
                          "---@return string err\n"),
                   "the second @return is 'string err'");
    expect_problem(action("---@param input tocsin.p.a.Input\n---@return any\n"
                          "---@return TocsinError|nil err\n"),
                   "the first @return is 'any'");
    const auto missing_class = action_classes + "\n---@param input tocsin.p.b.Input\n" + returns +
                               "function tocsin.p.b(input) end\n";
    const auto d = check(missing_class);
    // The unresolved type on the @param line, and the function's own rule.
    ASSERT_EQ(d.problems.size(), 2u) << describe(d.problems);
    EXPECT_NE(d.problems[0].message.find("type 'tocsin.p.b.Input' is neither"), std::string::npos);
    EXPECT_NE(d.problems[1].message.find("its input class tocsin.p.b.Input is not defined"),
              std::string::npos)
        << describe(d.problems);
}

TEST(LualsChecker, PlaybookAnnotationsResolveAgainstTheDefinitions) {
    const auto library = check(builtin_definitions());
    std::ifstream in(fs::path(TOCSIN_SOURCE_DIR) / "tests/docs/fixtures/annotated-playbook.lua");
    const std::string annotated{std::istreambuf_iterator<char>(in), {}};
    ASSERT_NE(annotated.find("---@param ctx TocsinIncidentContext"), std::string::npos);
    EXPECT_TRUE(check_playbook(annotated, library).empty());

    const auto problems = check_playbook(
        "---@type TocsinPlaybook\nlocal p = {\n"
        "  ---@param ctx TocsinContxt\n"
        "  run = function(ctx) end,\n"
        "  ---@type table<string, Nope[]>\n  x = {},\n}\n",
        library);
    ASSERT_EQ(problems.size(), 2u) << describe(problems);
    EXPECT_EQ(problems[0].line, 3);
    EXPECT_NE(problems[0].message.find("'TocsinContxt'"), std::string::npos);
    EXPECT_EQ(problems[1].line, 5);
    EXPECT_NE(problems[1].message.find("'Nope'"), std::string::npos);
}

TEST(LualsChecker, ProblemsNameTheirLine) {
    const auto d = check("---@meta\n\n---@class A\n---@field x Missing\n");
    ASSERT_EQ(d.problems.size(), 1u);
    EXPECT_EQ(d.problems[0].line, 4);
    EXPECT_EQ(describe(d.problems),
              "line 4: type 'Missing' is neither defined here nor a LuaLS builtin\n");
}

}  // namespace
}  // namespace tocsin::test::luals
