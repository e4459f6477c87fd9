// The sandbox's replacements for every base and coroutine function through which Lua code can
// catch an error or reach the real globals. Each error-catching one reports the Lua status to
// rethrow_if_stopping(), so a budget stop or a cancellation is never swallowed (control.hpp).
// pcall and xpcall use lua_pcallk with a continuation so that a native may suspend inside them.

#include <lua.hpp>

#include "engine/lua/control.hpp"
#include "engine/lua/sandbox.hpp"

namespace tocsin::lua::detail {
namespace {

int finish_pcall(lua_State* L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        rethrow_if_stopping(L, status);
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - static_cast<int>(extra);
}

int safe_pcall(lua_State* L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);  // first result when there is no error
    lua_insert(L, 1);
    const int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, &finish_pcall);
    return finish_pcall(L, status, 0);
}

// The message handler xpcall really installs; the playbook's handler is its upvalue. Lua runs a
// message handler with hooks disabled when the error was raised by the instruction hook (the hook
// leaves them off until the error reaches a protected boundary), and a handler that loops there
// would never be stopped. So the playbook's handler runs only for errors the hook did not raise,
// and never once the run is stopping: the error then goes on unchanged.
int xpcall_handler(lua_State* L) {
    control& c = control_of(L);
    if (must_stop(c)) {
        push_stop_sentinel(L);
        return 1;
    }
    if (c.hook_error)
        return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

int safe_xpcall(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, &xpcall_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);  // true, function below the function's arguments
    const int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, &finish_pcall);
    return finish_pcall(L, status, 2);
}

// load(chunk [, chunkname [, mode [, env]]]): mode is always "t" (a binary chunk is refused), and
// without an explicit env the chunk sees the run's _ENV, not the real globals.
int safe_load(lua_State* L) {
    const int nargs = lua_gettop(L);
    lua_settop(L, 4);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    if (nargs < 4) {
        push_env(L);
        lua_replace(L, 4);
    }
    lua_pushvalue(L, lua_upvalueindex(1));  // the original load
    lua_insert(L, 1);
    lua_call(L, 4, LUA_MULTRET);
    // load catches errors of a reader function, including the stop sentinel.
    control& c = control_of(L);
    c.hook_error = false;
    if (must_stop(c))
        raise_stop(L);
    return lua_gettop(L);
}

// __gc metamethods run with hooks disabled (Lua turns them off for finalizers), so one could loop
// forever out of reach of the instruction budget: refuse them. Lua marks an object for
// finalization only when its metatable has __gc at setmetatable time, so this check suffices.
int safe_setmetatable(lua_State* L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) {
            return luaL_error(L, "setmetatable: __gc metamethods are not allowed in playbooks");
        }
        lua_pop(L, 1);
    }
    if (lua_type(L, 1) == LUA_TTABLE && is_readonly(L, 1)) {
        return luaL_error(L, "setmetatable: table is read-only");
    }
    lua_pushvalue(L, lua_upvalueindex(1));  // the original setmetatable
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

int safe_rawset(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_readonly(L, 1))
        return luaL_error(L, "rawset: table is read-only");
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

// 5.4's auxresume, reporting the status so the caller can tell a stop from an ordinary error.
int aux_resume(lua_State* L, lua_State* co, int narg, int* status) {
    if (!lua_checkstack(co, narg)) {
        *status = LUA_ERRRUN;
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    int nres = 0;
    *status = lua_resume(co, L, narg, &nres);
    if (*status == LUA_OK || *status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            *status = LUA_ERRRUN;
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);  // the error value
    return -1;
}

lua_State* check_resumable(lua_State* L, lua_State* co) {
    // The run's own coroutine is resumed only by its driver; resuming it from Lua (say, from a
    // coroutine that captured it) would continue a suspended native without its reply.
    if (co == control_of(L).run_thread)
        luaL_error(L, "cannot resume the run's own coroutine");
    return co;
}

int coroutine_resume(lua_State* L) {
    lua_State* co = lua_tothread(L, 1);
    luaL_argexpected(L, co != nullptr, 1, "coroutine");
    check_resumable(L, co);
    int status = LUA_OK;
    const int r = aux_resume(L, co, lua_gettop(L) - 1, &status);
    if (r < 0) {
        rethrow_if_stopping(L, status);
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

int coroutine_auxwrap(lua_State* L) {
    lua_State* co = lua_tothread(L, lua_upvalueindex(1));
    int status = LUA_OK;
    const int r = aux_resume(L, co, lua_gettop(L), &status);
    if (r < 0) {
        rethrow_if_stopping(L, status);
        if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    return r;
}

int coroutine_wrap(lua_State* L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State* co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, &coroutine_auxwrap, 1);
    return 1;
}

int coroutine_yield(lua_State* L) {
    if (L == control_of(L).run_thread) {
        return luaL_error(
            L, "coroutine.yield: the run itself cannot yield, only coroutines it creates");
    }
    return lua_yield(L, lua_gettop(L));
}

void wrap_original(lua_State* L, int table, const char* name, lua_CFunction wrapper) {
    lua_getfield(L, table, name);
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, table, name);
}

void set_function(lua_State* L, int table, const char* name, lua_CFunction fn) {
    if (fn == nullptr) {
        lua_pushnil(L);
    } else {
        lua_pushcfunction(L, fn);
    }
    lua_setfield(L, table, name);
}

}  // namespace

void install_safe_base(lua_State* L, int globals) {
    set_function(L, globals, "pcall", &safe_pcall);
    set_function(L, globals, "xpcall", &safe_xpcall);
    set_function(L, globals, "rawset", &safe_rawset);
    set_function(L, globals, "print", &log_info);
    set_function(L, globals, "require", &require_module);
    wrap_original(L, globals, "load", &safe_load);
    wrap_original(L, globals, "setmetatable", &safe_setmetatable);
    for (const char* name : {"dofile", "loadfile", "collectgarbage", "warn", "_G"}) {
        set_function(L, globals, name, nullptr);
    }
}

void install_safe_coroutine(lua_State* L, int coroutine) {
    set_function(L, coroutine, "resume", &coroutine_resume);
    set_function(L, coroutine, "wrap", &coroutine_wrap);
    set_function(L, coroutine, "yield", &coroutine_yield);
    set_function(L, coroutine, "close", nullptr);
}

}  // namespace tocsin::lua::detail
