// The stock library functions, other than the pattern matcher (string_patterns.cpp), whose C loops
// the memory cap does not bound: ports of Lua 5.4.4's str_rep (lstrlib.c) and tmove (ltablib.c)
// (MIT licence, Copyright (C) 1994-2022 Lua.org, PUC-Rio) that charge their iterations to the
// run's instruction budget. The instruction hook never fires inside a C function, and:
//   - string.rep("", 1 << 62) copies nothing 2^62 times: the result is empty, so no allocation
//     ever fails; string.rep("x", 1e7) in a loop spends milliseconds per VM instruction;
//   - table.move({}, 1, 1 << 62, 1, {}) reads and writes nils 2^62 times, allocating nothing.
// string.rep now returns an empty result at once, and charges one step per copy plus one per 16
// bytes once its buffer is allocated (so a memory bomb still ends on the memory limit, as
// before). table.move charges one step per element moved, as it goes, so its behaviour (order of
// writes, metamethods, errors) is unchanged up to the moment the budget runs out; metamethods it
// calls are Lua and count themselves. A step is worth about one VM instruction (control.hpp).

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <lua.hpp>

#include "engine/lua/control.hpp"
#include "engine/lua/sandbox.hpp"

namespace tocsin::lua::detail {
namespace {

constexpr std::size_t copy_bytes_per_step = 16;

// lstrlib.c's MAXSIZE: string sizes are kept within an int where size_t is wider.
constexpr std::size_t max_string_size =
    sizeof(std::size_t) < sizeof(int) ? ~std::size_t{0} : static_cast<std::size_t>(INT_MAX);

int str_rep(lua_State* L) {
    std::size_t l, lsep;
    const char* s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char* sep = luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if (l + lsep < l || l + lsep > max_string_size / static_cast<std::size_t>(n))
        return luaL_error(L, "resulting string too large");
    const std::size_t totallen =
        static_cast<std::size_t>(n) * l + static_cast<std::size_t>(n - 1) * lsep;
    luaL_Buffer b;
    char* p = luaL_buffinitsize(L, &b, totallen);
    charge_instructions(L, static_cast<std::uint64_t>(n) + totallen / copy_bytes_per_step);
    while (n-- > 1) {  // first n-1 copies (followed by separator)
        std::memcpy(p, s, l);
        p += l;
        if (lsep > 0) {  // empty 'memcpy' is not that cheap
            std::memcpy(p, sep, lsep);
            p += lsep;
        }
    }
    std::memcpy(p, s, l);  // last copy (not followed by separator)
    luaL_pushresultsize(&b, totallen);
    return 1;
}

// ltablib.c's checktab: a table, or a value whose metatable has the metamethods the operation
// needs (a string, say, for reading).
constexpr int tab_r = 1;
constexpr int tab_w = 2;

int checkfield(lua_State* L, const char* key, int n) {
    lua_pushstring(L, key);
    return (lua_rawget(L, -n) != LUA_TNIL);
}

void checktab(lua_State* L, int arg, int what) {
    if (lua_type(L, arg) == LUA_TTABLE)
        return;
    int n = 1;  // number of elements to pop
    if (lua_getmetatable(L, arg) && (!(what & tab_r) || checkfield(L, "__index", ++n)) &&
        (!(what & tab_w) || checkfield(L, "__newindex", ++n))) {
        lua_pop(L, n);  // pop metatable and tested metamethods
    } else {
        luaL_checktype(L, arg, LUA_TTABLE);  // force an error
    }
}

// One step per element, charged every hook_interval elements.
void count_element(lua_State* L, std::uint64_t& pending) {
    if (++pending >= static_cast<std::uint64_t>(hook_interval)) {
        charge_instructions(L, pending);
        pending = 0;
    }
}

int tmove(lua_State* L) {
    const lua_Integer f = luaL_checkinteger(L, 2);
    const lua_Integer e = luaL_checkinteger(L, 3);
    const lua_Integer t = luaL_checkinteger(L, 4);
    const int tt = !lua_isnoneornil(L, 5) ? 5 : 1;  // destination table
    checktab(L, 1, tab_r);
    checktab(L, tt, tab_w);
    if (e >= f) {  // otherwise, nothing to move
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        const lua_Integer n = e - f + 1;  // number of elements to move
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        std::uint64_t pending = 0;
        if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
            for (lua_Integer i = 0; i < n; i++) {
                count_element(L, pending);
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        } else {
            for (lua_Integer i = n - 1; i >= 0; i--) {
                count_element(L, pending);
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        }
        charge_instructions(L, pending);
    }
    lua_pushvalue(L, tt);  // return destination table
    return 1;
}

}  // namespace

void install_metered_string_rep(lua_State* L, int string_table) {
    string_table = lua_absindex(L, string_table);
    lua_pushcfunction(L, &str_rep);
    lua_setfield(L, string_table, "rep");
}

void install_metered_table_move(lua_State* L, int table_table) {
    table_table = lua_absindex(L, table_table);
    lua_pushcfunction(L, &tmove);
    lua_setfield(L, table_table, "move");
}

}  // namespace tocsin::lua::detail
