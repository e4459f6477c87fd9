// The `json` library of the sandbox: json.null, json.empty_array, json.array(t), json.encode(v),
// json.decode(s). Conversions go through convert.cpp like every other crossing.
//
// json.encode raises on a value that is not data (programming error); json.decode returns
// nil, {code = "invalid_argument", ...} on malformed text (bad input is operational).

#include <lua.hpp>

#include "engine/lua/control.hpp"
#include "engine/lua/convert.hpp"

namespace tocsin::lua::detail {
namespace {

using json = nlohmann::json;

bool encode_to_scratch(lua_State* L, control& c) noexcept {
    try {
        c.scratch = to_json(L, 1, c.json).dump();
        return true;
    } catch (const std::exception& e) {
        c.scratch.assign("json.encode: ").append(e.what());
        return false;
    }
}

int json_encode(lua_State* L) {
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    control& c = control_of(L);
    if (!encode_to_scratch(L, c)) {
        luaL_where(L, 1);
        lua_pushlstring(L, c.scratch.data(), c.scratch.size());
        lua_concat(L, 2);
        return lua_error(L);
    }
    lua_pushlstring(L, c.scratch.data(), c.scratch.size());
    return 1;
}

bool decode_to_scratch(const char* text, std::size_t size, control& c) noexcept {
    try {
        if (size > c.json.max_bytes) {
            throw error(errc::limit_exceeded,
                        "JSON text larger than " + std::to_string(c.json.max_bytes) + " bytes");
        }
        const std::size_t max_depth = c.json.max_depth;
        // The callback bounds nesting while parsing, before a deep document is ever built.
        c.scratch_json =
            json::parse(text, text + size, [max_depth](int depth, json::parse_event_t, json&) {
                if (static_cast<std::size_t>(depth) > max_depth) {
                    throw error(errc::limit_exceeded, "JSON text nested deeper than " +
                                                          std::to_string(max_depth) + " levels");
                }
                return true;
            });
        check_json(c.scratch_json, c.json);
        return true;
    } catch (const error& e) {
        c.scratch_error = e.info();
    } catch (const std::exception& e) {
        c.scratch_error = error_info{errc::invalid_argument, e.what(), {}};
    }
    c.scratch_json = nullptr;
    return false;
}

int json_decode(lua_State* L) {
    std::size_t size = 0;
    const char* text = luaL_checklstring(L, 1, &size);
    control& c = control_of(L);
    if (!decode_to_scratch(text, size, c)) {
        lua_pushnil(L);
        push_error_table(L, c.scratch_error);
        return 2;
    }
    push_json(L, c.scratch_json, c.json);
    return 1;
}

int json_array(lua_State* L) {
    if (lua_isnoneornil(L, 1)) {
        lua_settop(L, 0);
        lua_newtable(L);
    } else {
        luaL_checktype(L, 1, LUA_TTABLE);
        lua_settop(L, 1);
    }
    push_array_metatable(L);
    if (lua_getmetatable(L, 1) != 0) {
        // Refuse to replace a metatable: that would also unlock the read-only library proxies.
        if (!lua_rawequal(L, -1, -2))
            return luaL_error(L, "json.array: table already has a metatable");
        lua_pop(L, 1);
    }
    lua_setmetatable(L, 1);
    return 1;
}

}  // namespace

void push_json_library(lua_State* L) {
    lua_createtable(L, 0, 5);
    push_null(L);
    lua_setfield(L, -2, "null");
    push_frozen_empty_array(L);
    lua_setfield(L, -2, "empty_array");
    lua_pushcfunction(L, &json_array);
    lua_setfield(L, -2, "array");
    lua_pushcfunction(L, &json_encode);
    lua_setfield(L, -2, "encode");
    lua_pushcfunction(L, &json_decode);
    lua_setfield(L, -2, "decode");
}

}  // namespace tocsin::lua::detail
