// Builds the sandbox of one state (the allow-list is documented in sandbox_config.hpp). Everything
// is created from C, nothing parsed, so a run's state is cheap to build.
//
// Layout after build_sandbox():
//   real globals G (the registry's LUA_RIDX_GLOBALS): the allow-listed functions, and read-only
//     proxies of the library tables (string at once, the others on first access through G's
//     metatable); unreachable from Lua (there is no _G in it, no debug library, and every
//     metatable that could lead to it is protected)
//   P = read-only proxy of G
//   _ENV of the run = fresh table, metatable {__index = P}, with _ENV._G = _ENV
// so a run reads the shared globals through P, and its own globals land in its own _ENV.

#include <cstring>

#include <lua.hpp>

#include "engine/lua/clock_source.hpp"
#include "engine/lua/control.hpp"
#include "engine/lua/convert.hpp"
#include "engine/lua/sandbox.hpp"

namespace tocsin::lua::detail {
namespace {

int raw_next(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1) != 0)
        return 2;
    lua_pushnil(L);
    return 1;
}

void open_library(lua_State* L, const char* name, lua_CFunction open) {
    luaL_requiref(L, name, open, 1);
    lua_pop(L, 1);
}

// Replaces globals[name] by a read-only proxy of it.
void proxy_global(lua_State* L, int globals, const char* name) {
    lua_getfield(L, globals, name);
    make_readonly_proxy(L, name);
    lua_setfield(L, globals, name);
}

int open_coroutine(lua_State* L) {
    luaopen_coroutine(L);
    install_safe_coroutine(L, lua_gettop(L));
    return 1;
}

int open_table(lua_State* L) {
    luaopen_table(L);
    install_metered_table_move(L, -1);
    return 1;
}

int open_math(lua_State* L) {
    luaopen_math(L);
    // The seed is a clock_source answer so that a replay draws the same numbers.
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, static_cast<lua_Integer>(control_of(L).random_seed));
    lua_call(L, 1, 0);
    return 1;
}

int open_os(lua_State* L) {
    push_os_library(L);
    return 1;
}

int open_json(lua_State* L) {
    push_json_library(L);
    return 1;
}

int open_tocsin(lua_State* L) {
    push_tocsin_namespace(L);
    return 1;
}

// Libraries a playbook often does not touch are built on first access: opening them all would
// double the cost of a run's state. Lookups that hit stay plain table hits (the real globals'
// metatable is consulted only on a miss), and the real globals are unreachable from Lua, so
// filling them late is invisible.
struct lazy_library {
    const char* name;
    lua_CFunction open;
    bool proxy;  // tocsin is a read-only namespace already
};

constexpr lazy_library lazy_libraries[] = {
    {LUA_TABLIBNAME, &open_table, true},
    {LUA_MATHLIBNAME, &open_math, true},
    {LUA_UTF8LIBNAME, &luaopen_utf8, true},
    {LUA_COLIBNAME, &open_coroutine, true},
    {"os", &open_os, true},
    {"json", &open_json, true},
    {"tocsin", &open_tocsin, false},
};

// __index of the real globals: (globals, key).
int open_lazily(lua_State* L) {
    if (lua_type(L, 2) != LUA_TSTRING)
        return 0;
    const char* key = lua_tostring(L, 2);
    for (const auto& lib : lazy_libraries) {
        if (std::strcmp(key, lib.name) != 0)
            continue;
        lua_pushcfunction(L, lib.open);
        lua_call(L, 0, 1);
        if (lib.proxy)
            make_readonly_proxy(L, lib.name);
        lua_pushvalue(L, 2);
        lua_pushvalue(L, -2);
        lua_rawset(L, 1);
        return 1;
    }
    return 0;
}

}  // namespace

int readonly_newindex(lua_State* L) {
    const char* name = "?";
    if (lua_getmetatable(L, 1) != 0) {
        lua_getfield(L, -1, "__readonly");
        if (lua_type(L, -1) == LUA_TSTRING)
            name = lua_tostring(L, -1);
    }
    return luaL_error(L, "attempt to modify read-only table '%s'", name);
}

// __pairs of a proxy: iterate its target (or, for a namespace, the names resolved so far).
int readonly_pairs(lua_State* L) {
    lua_pushcfunction(L, &raw_next);
    if (lua_getmetatable(L, 1) == 0 || lua_getfield(L, -1, "__index") != LUA_TTABLE) {
        lua_settop(L, 2);
        lua_pushvalue(L, 1);
    } else {
        lua_remove(L, -2);
    }
    lua_pushnil(L);
    return 3;
}

void make_readonly_proxy(lua_State* L, const char* name) {
    lua_newtable(L);           // target proxy
    lua_createtable(L, 0, 5);  // target proxy mt
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, &readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, &readonly_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__readonly");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, -2);
}

bool is_readonly(lua_State* L, int index) {
    if (lua_getmetatable(L, index) == 0)
        return false;
    lua_pushliteral(L, "__readonly");
    const bool readonly = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return readonly;
}

void push_env(lua_State* L) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, control_of(L).env_ref);
}

void set_env_upvalue(lua_State* L, int index) {
    index = lua_absindex(L, index);
    push_env(L);
    if (lua_setupvalue(L, index, 1) == nullptr)
        lua_pop(L, 1);
}

int build_sandbox(lua_State* L) {
    control& c = *static_cast<control*>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    // Nothing built here is garbage; collecting while building only costs time.
    lua_gc(L, LUA_GCSTOP);
    register_json_markers(L);

    open_library(L, LUA_GNAME, &luaopen_base);
    open_library(L, LUA_STRLIBNAME, &luaopen_string);  // eager: its metatable serves every string

    lua_pushglobaltable(L);
    const int globals = lua_gettop(L);
    install_safe_base(L, globals);

    // Changes to the string table reach ("").method too: the string metatable's __index is it.
    lua_getfield(L, globals, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    // The matcher and string.rep run in C, out of the hook's reach: these count their own work.
    install_metered_patterns(L, -1);
    install_metered_string_rep(L, -1);
    lua_pop(L, 1);
    proxy_global(L, globals, LUA_STRLIBNAME);

    // getmetatable("") returns false; the string metatable cannot be reached or changed.
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, &open_lazily);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, globals);

    // _ENV of the run over the read-only proxy of the globals.
    lua_createtable(L, 0, 8);
    const int env = lua_gettop(L);
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, globals);
    make_readonly_proxy(L, "_G");
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    c.env_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    lua_newtable(L);
    c.loaded_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    install_hook(L);
    lua_gc(L, LUA_GCRESTART);
    return 0;
}

}  // namespace tocsin::lua::detail
