#include <gtest/gtest.h>

#include "engine/plugin/lua_literal.hpp"

namespace tocsin::plugin {
namespace {

using nlohmann::json;

TEST(LuaLiteral, ScalarsStringsAndEscapes) {
    EXPECT_EQ(lua_literal(json(nullptr)), "json.null");
    EXPECT_EQ(lua_literal(true), "true");
    EXPECT_EQ(lua_literal(42), "42");
    EXPECT_EQ(lua_literal("a\"b\\c\nd\x01"), R"("a\"b\\c\nd\001")");
}

TEST(LuaLiteral, TablesUseIdentifiersOrBracketedKeys) {
    EXPECT_EQ(lua_literal(json::object()), "{}");
    EXPECT_EQ(lua_literal({{"b", 1}, {"a", {1, 2}}, {"content-type", "x"}, {"end", true}}),
              R"({ a = { 1, 2 }, b = 1, ["content-type"] = "x", ["end"] = true })");
}

TEST(LuaLiteral, LongTablesTakeOneMemberPerLine) {
    const json v = {{"description", std::string(40, 'd')}, {"title", std::string(30, 't')}};
    EXPECT_EQ(lua_literal(v, 2), "{\n    description = \"" + std::string(40, 'd') +
                                     "\",\n    title = \"" + std::string(30, 't') + "\",\n  }");
}

TEST(LuaLiteral, Identifiers) {
    EXPECT_TRUE(is_lua_identifier("_instance"));
    EXPECT_TRUE(is_lua_identifier("resourceGroup"));
    EXPECT_FALSE(is_lua_identifier("1x"));
    EXPECT_FALSE(is_lua_identifier("x-y"));
    EXPECT_FALSE(is_lua_identifier("function"));
    EXPECT_FALSE(is_lua_identifier(""));
}

}  // namespace
}  // namespace tocsin::plugin
