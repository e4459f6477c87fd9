#include <gtest/gtest.h>

#include "engine/lua/syntax_check.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/luals_definitions.hpp"
#include "engine/runner/trigger_payloads.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/docs/demo_descriptor.hpp"

namespace tocsin::runner {
namespace {

using nlohmann::json;

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text + "\n").find("\n" + line + "\n") != std::string::npos;
}

TEST(LualsDefinitions, ActionHasInputAndResultClassesAndAFunction) {
    const auto demo = test::demo_plugin();
    EXPECT_EQ(luals_action(demo.actions[0]),
              "\n"
              "---Input of tocsin.demo.lookup.\n"
              "---@class tocsin.demo.lookup.Input: TocsinCallOptions\n"
              "---@field host string host name; at most 255 characters\n"
              "---@field mode? \"fast\"|\"full\" how hard; default \"fast\"\n"
              "---@field tags? string[] labels\n"
              "---@field target? tocsin.demo.lookup.Input.target where\n"
              "\n"
              "---@class tocsin.demo.lookup.Input.target\n"
              "---@field name string\n"
              "\n"
              "---Result of tocsin.demo.lookup (from its example).\n"
              "---@class tocsin.demo.lookup.Result\n"
              "---@field found boolean\n"
              "---@field host string\n"
              "---@field score integer\n"
              "\n"
              "---Looks a host up.\n"
              "---@param input tocsin.demo.lookup.Input\n"
              "---@return tocsin.demo.lookup.Result|nil result\n"
              "---@return TocsinError|nil err\n"
              "function tocsin.demo.lookup(input) end\n");
}

TEST(LualsDefinitions, ScalarResultsAndOptionalInput) {
    const auto demo = test::demo_plugin();
    const auto ping = luals_action(demo.actions[1]);
    EXPECT_TRUE(has_line(ping, "---@param input? tocsin.demo.ping.Input")) << ping;
    EXPECT_TRUE(has_line(ping, "---@return boolean|nil result")) << ping;
}

TEST(LualsDefinitions, ArrayResultsBecomeArraysOfAnElementClass) {
    plugin::action_descriptor a;
    a.name = "demo.list";
    a.output_example = json::array({{{"name", "x"}, {"labels", {{{"labelName", "p"}}}}}});
    const auto text = luals_action(a);
    EXPECT_TRUE(has_line(text, "---@class tocsin.demo.list.Result")) << text;
    EXPECT_TRUE(has_line(text, "---@field labels tocsin.demo.list.Result.labels[]")) << text;
    EXPECT_TRUE(has_line(text, "---@class tocsin.demo.list.Result.labels")) << text;
    EXPECT_TRUE(has_line(text, "---@field labelName string")) << text;
    EXPECT_TRUE(has_line(text, "---@return tocsin.demo.list.Result[]|nil result")) << text;
}

TEST(LualsDefinitions, ObjectsWithFreeKeysBecomeMaps) {
    plugin::action_descriptor a;
    a.name = "demo.fetch";
    a.output_example = {{"headers", {{"content-type", "text/plain"}}}, {"json", json::object()}};
    const auto text = luals_action(a);
    EXPECT_TRUE(has_line(text, "---@field headers table<string, string>")) << text;
    EXPECT_TRUE(has_line(text, "---@field json table<string, any>")) << text;
}

TEST(LualsDefinitions, TriggerMembersMissingFromAnExampleAreOptional) {
    trigger_payload t{"schedule",
                      "Tick",
                      "it fired.",
                      {{{"at", "2024-05-01T09:30:00Z"}, {"cron", "* * * * *"}, {"missed", false}},
                       {{"at", "2024-05-01T09:30:00Z"}, {"every", "1m"}, {"missed", true}}},
                      {},
                      false};
    const auto text = luals_definitions({}, {t});
    EXPECT_TRUE(has_line(text, "---@alias TocsinTrigger TocsinTickTrigger")) << text;
    EXPECT_TRUE(has_line(text,
                         "---ctx.trigger of a run started by the schedule trigger: it "
                         "fired."))
        << text;
    EXPECT_TRUE(has_line(text, "---@class TocsinTickTrigger")) << text;
    EXPECT_TRUE(has_line(text, "---@field at string")) << text;
    EXPECT_TRUE(has_line(text, "---@field cron? string")) << text;
    EXPECT_TRUE(has_line(text, "---@field every? string")) << text;
    EXPECT_TRUE(has_line(text, "---@field missed boolean")) << text;
    EXPECT_TRUE(has_line(text, "---@class TocsinTickContext: TocsinContext")) << text;
    EXPECT_TRUE(has_line(text, "---@field trigger TocsinTickTrigger")) << text;
}

TEST(LualsDefinitions, MembersThatAreNullInSomeExampleAreOptional) {
    trigger_payload t{"form", "Who", "", {{{"responder", "a@b.c"}}, {{"responder", nullptr}}}};
    EXPECT_TRUE(has_line(luals_definitions({}, {t}), "---@field responder? string"));
}

TEST(LualsDefinitions, OpenPathsAndExtensiblePayloads) {
    trigger_payload t{"form",      "Ask", "", {{{"answers", {{"q1", "yes"}}}, {"form", "f"}}},
                      {"answers"}, true};
    const auto text = luals_definitions({}, {t});
    EXPECT_TRUE(has_line(text, "---@field answers table<string, string>")) << text;
    EXPECT_TRUE(has_line(text, "---@field [string] any")) << text;
}

TEST(LualsDefinitions, EveryTriggerKindHasAPayloadClass) {
    const auto text = luals_definitions({}, trigger_payloads());
    EXPECT_TRUE(has_line(text,
                         "---@alias TocsinTrigger TocsinAlertTrigger|TocsinEmailTrigger|"
                         "TocsinFormTrigger|TocsinIncidentTrigger|TocsinManualTrigger|"
                         "TocsinScheduleTrigger|TocsinWebhookTrigger"))
        << text;
    // From the runner's own trigger_of(): created, updated (changes) and alertRelated events.
    EXPECT_TRUE(has_line(text, "---@field changes? TocsinIncidentTrigger.changes[]")) << text;
    EXPECT_TRUE(has_line(text, "---@field incident TocsinIncidentTrigger.incident")) << text;
    EXPECT_TRUE(has_line(text, "---@field incidentNumber integer")) << text;
    // Present on closed incidents only; before/after hold any JSON value.
    EXPECT_TRUE(has_line(text, "---@field classification? string")) << text;
    EXPECT_TRUE(has_line(text, "---@field before any")) << text;
}

TEST(LualsDefinitions, GeneratedFileIsValidLua) {
    plugin::registry reg;
    plugins::register_builtin_plugins(reg);
    std::vector<const plugin::plugin_descriptor*> all;
    for (const auto& p : reg.plugins())
        all.push_back(p.get());
    const auto text = luals_definitions(all, trigger_payloads());
    EXPECT_EQ(text.rfind("---@meta\n", 0), 0u);
    const auto parsed = lua::check_syntax(text, "types/tocsin.lua");
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
    for (const auto* a : reg.actions())
        EXPECT_TRUE(has_line(text, "function tocsin." + a->name + "(input) end")) << a->name;
}

TEST(LualsDefinitions, SyntaxCheckReportsTheLine) {
    const auto bad = lua::check_syntax("---@meta\nfunction x(\n", "types/tocsin.lua");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, errc::invalid_argument);
    EXPECT_NE(bad.error().message.find("types/tocsin.lua:"), std::string::npos)
        << bad.error().message;
}

TEST(LualsDefinitions, LuarcPointsAtTheTypesAndDeclaresTestGlobals) {
    const auto rc = json::parse(luarc_json());
    EXPECT_EQ(rc["runtime.version"], "Lua 5.4");
    EXPECT_EQ(rc["workspace.library"], json::array({"types"}));
    for (const char* global : {"tocsin", "expect", "stub"})
        EXPECT_NE(
            std::find(rc["diagnostics.globals"].begin(), rc["diagnostics.globals"].end(), global),
            rc["diagnostics.globals"].end())
            << global;
}

}  // namespace
}  // namespace tocsin::runner
