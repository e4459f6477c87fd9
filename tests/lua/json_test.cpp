// JSON <-> Lua conversion, exercised through the public API: ctx.trigger goes JSON -> Lua, the
// value run(ctx) returns goes Lua -> JSON, and json.encode/decode use the same converter.

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "tests/lua/lua_harness.hpp"

namespace tocsin::lua::test {
namespace {

json nested_arrays(int depth) {
    json v = json::array();
    for (int i = 0; i < depth; ++i)
        v = json::array({v});
    return v;
}

TEST(Json, RoundTripsNestedValuesThroughLua) {
    harness h;
    const json trigger = json::parse(R"({
        "alert": {"id": 42, "score": 0.75, "tags": ["edr", "t1059"], "host": {"name": "web-1"}},
        "list": [1, null, 3],
        "empty_object": {},
        "empty_array": [],
        "flag": false,
        "big": 9007199254740993,
        "negative": -5,
        "float_one": 1.0,
        "text": "caf\u00e9 \u2603"
    })");
    const auto out = h.run_body("return ctx.trigger", run_context{trigger, nullptr, ""});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, trigger);
    EXPECT_TRUE(out.result["big"].is_number_integer());
    EXPECT_EQ(out.result["big"].get<std::int64_t>(), 9007199254740993);
    EXPECT_TRUE(out.result["float_one"].is_number_float());
    EXPECT_TRUE(out.result["empty_array"].is_array());
    EXPECT_TRUE(out.result["empty_object"].is_object());
}

TEST(Json, NullIsASentinelSoArraysKeepTheirLength) {
    harness h;
    const json trigger = {{"list", {1, nullptr, 3}}};
    const auto out = h.run_body(
        "local l = ctx.trigger.list\n"
        "return { #l, l[2] == json.null, type(l[2]), l[2] ~= nil }",
        run_context{trigger, nullptr, ""});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::parse(R"([3, true, "userdata", true])"));
}

TEST(Json, EmptyTableIsAnObjectUnlessMarkedAsArray) {
    harness h;
    const auto out = h.run_body(
        "return { plain = {}, marked = json.array(), frozen = json.empty_array,\n"
        "         wrapped = json.array({ 'a', 'b' }) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result,
              json::parse(R"({"plain": {}, "marked": [], "frozen": [], "wrapped": ["a", "b"]})"));
}

TEST(Json, ArraysFromJsonStayArraysWhenLuaEmptiesThem) {
    harness h;
    const auto out = h.run_body("table.remove(ctx.trigger.xs) return ctx.trigger.xs",
                                run_context{{{"xs", {1}}}, nullptr, ""});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array());
}

TEST(Json, IntegersStayIntegersAndFloatsStayFloats) {
    harness h;
    const auto out = h.run_body("return { 1, 1.0, 2^53, 7 // 2, 7 / 2, math.maxinteger }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    ASSERT_EQ(out.result.size(), 6u);
    EXPECT_TRUE(out.result[0].is_number_integer());
    EXPECT_TRUE(out.result[1].is_number_float());
    EXPECT_TRUE(out.result[2].is_number_float());
    EXPECT_TRUE(out.result[3].is_number_integer());
    EXPECT_EQ(out.result[3].get<int>(), 3);
    EXPECT_DOUBLE_EQ(out.result[4].get<double>(), 3.5);
    EXPECT_EQ(out.result[5].get<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
}

TEST(Json, UnsignedAboveInt64BecomesAFloat) {
    harness h;
    const auto out = h.run_body("return math.type(ctx.trigger.u)",
                                run_context{{{"u", 18446744073709551615ull}}, nullptr, ""});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, "float");
}

TEST(Json, TriggerDeeperThanTheLimitIsRefusedAtCreate) {
    harness h;
    const auto def = h.load(playbook_with("return 1"));
    try {
        run::create(def, run_context{nested_arrays(100), nullptr, "r"}, h.options({}));
        FAIL() << "expected a limit error";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::limit_exceeded);
        EXPECT_NE(std::string(e.what()).find("nested deeper than 64 levels"), std::string::npos)
            << e.what();
    }
}

TEST(Json, ResultDeeperThanTheLimitFailsTheRun) {
    harness h;
    const auto out = h.run_body("local t = {} for i = 1, 100 do t = { t } end return t");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::none);
    EXPECT_NE(out.error.find("not JSON data: value nested deeper than 64 levels"),
              std::string::npos)
        << out.error;
}

TEST(Json, CyclesAreCaughtByTheDepthLimit) {
    harness h;
    const auto out = h.run_body("local t = {} t.self = t return t");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("nested deeper than"), std::string::npos) << out.error;
}

TEST(Json, SizeLimitAppliesToResults) {
    harness h;
    h.limits.json.max_bytes = 1024;
    const auto out = h.run_body("return { data = string.rep('x', 2000) }");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("value larger than 1024 bytes (at $.data)"), std::string::npos)
        << out.error;
}

TEST(Json, RefusesTablesThatAreNeitherArraysNorObjects) {
    harness h;
    auto out = h.run_body("return { 1, 2, x = 3 }");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("mixes key types"), std::string::npos) << out.error;

    out = h.run_body("return { list = { 1, nil, 3 } }");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("holes"), std::string::npos) << out.error;
    EXPECT_NE(out.error.find("(at $.list)"), std::string::npos) << out.error;

    out = h.run_body("return { [true] = 1 }");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("keys that are not strings"), std::string::npos) << out.error;
}

TEST(Json, NamesThePathOfAValueThatIsNotData) {
    harness h;
    auto out = h.run_body("return { steps = { { name = 'a' }, { run = print } } }");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("cannot convert a function to JSON (at $.steps[2].run)"),
              std::string::npos)
        << out.error;

    out = h.run_body("return 0/0");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("NaN or infinity"), std::string::npos) << out.error;

    out = h.run_body("return '\\xff\\xfe'");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(out.error.find("not valid UTF-8"), std::string::npos) << out.error;
}

TEST(Json, EncodeAndDecodeInLua) {
    harness h;
    const auto out = h.run_body(
        "local s = json.encode({ a = { 1, 2 }, b = json.null, c = json.empty_array })\n"
        "local v = json.decode(s)\n"
        "local bad, err = json.decode('{oops')\n"
        "return { text = s, back = v, bad = bad == nil, code = err.code,\n"
        "         retryable = err.retryable, has_message = #err.message > 0 }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result["text"], R"({"a":[1,2],"b":null,"c":[]})");
    EXPECT_EQ(out.result["back"], json::parse(R"({"a":[1,2],"b":null,"c":[]})"));
    EXPECT_EQ(out.result["bad"], true);
    EXPECT_EQ(out.result["code"], "invalid_argument");
    EXPECT_EQ(out.result["retryable"], false);
    EXPECT_EQ(out.result["has_message"], true);
}

TEST(Json, DecodeEnforcesTheDepthLimitWhileParsing) {
    harness h;
    const auto out = h.run_body(
        "local v, err = json.decode(string.rep('[', 1000) .. string.rep(']', 1000))\n"
        "return { v == nil, err.code, err.message }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], true);
    EXPECT_EQ(out.result[1], "limit_exceeded");
    EXPECT_NE(out.result[2].get<std::string>().find("nested deeper than 64"), std::string::npos);
}

TEST(Json, EncodeRaisesOnValuesThatAreNotData) {
    harness h;
    const auto out = h.run_body("return { pcall(json.encode, { f = print }) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_NE(out.result[1].get<std::string>().find("json.encode: cannot convert a function"),
              std::string::npos)
        << out.result[1];
}

TEST(Json, ArrayMarkerRefusesTablesWithAMetatable) {
    harness h;
    const auto out = h.run_body(
        "local ok1, e1 = pcall(json.array, string)\n"
        "local ok2, e2 = pcall(function() json.empty_array[1] = 1 end)\n"
        "return { ok1, e1, ok2, e2 }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_NE(out.result[1].get<std::string>().find("already has a metatable"), std::string::npos);
    EXPECT_EQ(out.result[2], false);
    EXPECT_NE(out.result[3].get<std::string>().find("read-only"), std::string::npos);
}

}  // namespace
}  // namespace tocsin::lua::test
