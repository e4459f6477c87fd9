// The action-call scanner (lua_action_calls.hpp) on small sources: what it reads and what it
// deliberately leaves alone.
#include <gtest/gtest.h>

#include "tests/docs/lua_action_calls.hpp"

namespace tocsin::test {
namespace {

using keys = std::vector<std::string>;

TEST(LuaActionCalls, TableAndParenthesisedTableCalls) {
    const auto calls = find_lua_action_calls(
        "local inc, err = tocsin.incidents.create{ title = 'x', severity = \"High\" }\n"
        "tocsin.incidents.add_comment({ incident = inc.name; message = 'm' })\n");
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].action, "incidents.create");
    EXPECT_EQ(calls[0].line, 1);
    EXPECT_TRUE(calls[0].literal_table);
    EXPECT_EQ(calls[0].keys, (keys{"title", "severity"}));
    EXPECT_EQ(calls[1].action, "incidents.add_comment");
    EXPECT_EQ(calls[1].line, 2);
    EXPECT_TRUE(calls[1].literal_table);
    EXPECT_EQ(calls[1].keys, (keys{"incident", "message"}));
}

TEST(LuaActionCalls, OnlyTopLevelLiteralKeys) {
    const auto calls = find_lua_action_calls(
        "tocsin.alerts.create{\n"
        "  title = f({ a = 1 }),\n"
        "  entities = { { kind = 'Ip', address = '10.0.0.1' } },\n"
        "  [\"computed\"] = 1, [k] = 2,\n"
        "  'positional', x == y, t[i],\n"
        "  workspace = { name = 'w' }; correlate = true,\n"
        "}\n");
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].keys, (keys{"title", "entities", "workspace", "correlate"}));
}

TEST(LuaActionCalls, StringsAndCommentsAreNotCode) {
    const auto calls = find_lua_action_calls(
        "-- tocsin.incidents.get{ nope = 1 }\n"
        "--[==[ tocsin.incidents.get{ nope = 2 }\n]] still comment ]==]\n"
        "local s = 'tocsin.incidents.get{ nope = 3 }' .. \"tocsin.x.y{}\"\n"
        "local l = [[\ntocsin.incidents.get{ nope = 4 }\n]]\n"
        "local e = 'it\\'s \\z\n   tocsin.incidents.get{}'\n"
        "tocsin.util.uuid{}\n");
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].action, "util.uuid");
    EXPECT_EQ(calls[0].line, 10);
    EXPECT_TRUE(calls[0].keys.empty());
}

TEST(LuaActionCalls, ArgumentsNotWrittenAsATableAreNotRead) {
    const auto calls = find_lua_action_calls(
        "tocsin.incidents.get(input)\n"
        "tocsin.incidents.get({ incident = 'a' }, extra)\n"
        "local get = tocsin.incidents.get\n"
        "x.tocsin.incidents.get{ y = 1 }\n"
        "tocsin.incidents{ z = 1 }\n");
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].action, "incidents.get");
    EXPECT_FALSE(calls[0].literal_table);
    EXPECT_FALSE(calls[1].literal_table);
    EXPECT_TRUE(calls[1].keys.empty());
}

TEST(LuaActionCalls, NumbersAndOperatorsDoNotConfuseIt) {
    const auto calls = find_lua_action_calls(
        "local n = 0x1p+4 + 1e-3 + .5 // 2\n"
        "tocsin.util.sleep{ ms = 1e3, _timeout_ms = 2 * 1000 }\n");
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].line, 2);
    EXPECT_EQ(calls[0].keys, (keys{"ms", "_timeout_ms"}));
}

}  // namespace
}  // namespace tocsin::test
