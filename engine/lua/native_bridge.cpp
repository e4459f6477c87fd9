// The bridge between Lua and natives.hpp: the `tocsin` namespace tables, the trampoline every
// native call goes through, and ctx.log / print.
//
// Namespaces resolve lazily: `tocsin.incidents` is a read-only table whose __index looks the
// dotted name up in the registry on first use and caches the answer in the table, so a run pays
// only for the natives it touches.
//
// The trampoline keeps C++ and Lua errors apart: call_native() holds every C++ object and catches
// every exception; the trampoline frame itself holds none, and pushes what call_native left in the
// control block (reply, or a message in scratch) before returning, raising or yielding.

#include <algorithm>
#include <string>
#include <variant>

#include <lua.hpp>

#include "engine/lua/control.hpp"
#include "engine/lua/convert.hpp"
#include "engine/lua/natives.hpp"
#include "engine/lua/sandbox.hpp"

namespace tocsin::lua::detail {
namespace {

using json = nlohmann::json;

// Longest log line forwarded; the rest is cut.
constexpr std::size_t max_log_line = 16 * 1024;

enum class native_step { reply, raise, suspend };

json arguments_to_json(lua_State* L, const json_limits& limits) {
    const int n = lua_gettop(L);
    json args = json::array();
    for (int i = 1; i <= n; ++i) {
        try {
            args.push_back(to_json(L, i, limits));
        } catch (const error& e) {
            throw error(e.code(), "argument #" + std::to_string(i) + ": " + e.what());
        }
    }
    return args;
}

native_step call_native(lua_State* L, control& c, const native_registry::entry& native,
                        bool can_suspend) noexcept {
    try {
        native_call call(native.name, arguments_to_json(L, c.json), c.run_id,
                         can_suspend ? c.suspend_target : nullptr);
        native_result result = native.fn(call);
        if (result.is_pending()) {
            if (call.suspended())
                return native_step::suspend;
            c.scratch = native.name + ": returned pending without calling suspend()";
            return native_step::raise;
        }
        if (call.suspended()) {
            c.scratch = native.name + ": called suspend() but returned a result";
            return native_step::raise;
        }
        if (result.is_error()) {
            c.reply = std::move(result.error());
            return native_step::reply;
        }
        try {
            check_json(result.value(), c.json);
            c.reply = std::move(result.value());
        } catch (const error& e) {
            // Too much data is an operational condition (a huge search result), as for an
            // asynchronous reply: the playbook gets nil, err.
            c.reply = error_info{e.code(), native.name + ": " + e.what(), {}};
        }
        return native_step::reply;
    } catch (const error& e) {
        c.scratch = native.name + ": " + e.what();
    } catch (const std::exception& e) {
        c.scratch = native.name + ": internal error: " + e.what();
    } catch (...) {
        c.scratch = native.name + ": internal error";
    }
    return native_step::raise;
}

// Pushes the reply left in the control block: the value, or nil + error table.
int push_reply(lua_State* L, control& c) {
    if (c.reply.index() == 1) {
        push_json(L, std::get<1>(c.reply), c.json);
        c.reply = std::monostate{};
        return 1;
    }
    if (c.reply.index() == 2) {
        lua_pushnil(L);
        push_error_table(L, std::get<2>(c.reply));
        c.reply = std::monostate{};
        return 2;
    }
    return luaL_error(L, "native call resumed without a reply");
}

// Continuation of a suspended native: the driver stored the completion's reply before resuming.
int native_resumed(lua_State* L, int, lua_KContext) {
    control& c = control_of(L);
    if (must_stop(c))
        raise_stop(L);
    return push_reply(L, c);
}

int native_trampoline(lua_State* L) {
    control& c = control_of(L);
    const auto* native =
        static_cast<const native_registry::entry*>(lua_touserdata(L, lua_upvalueindex(1)));
    if (must_stop(c))
        raise_stop(L);
    if (c.phase != run_phase::run) {
        return luaL_error(
            L, "%s: actions can only be called from run(ctx), not while %s", native->name.c_str(),
            c.phase == run_phase::load ? "a playbook is loading" : "the playbook's top level runs");
    }
    if (++c.actions > c.action_budget) {
        c.stop = stop_reason::actions;
        raise_stop(L);
    }
    // Only the run's own coroutine yields to the driver, and only where Lua can yield.
    const bool can_suspend = L == c.run_thread && lua_isyieldable(L);
    switch (call_native(L, c, *native, can_suspend)) {
        case native_step::reply:
            return push_reply(L, c);
        case native_step::suspend:
            c.reply = std::monostate{};
            return lua_yieldk(L, 0, 0, &native_resumed);
        case native_step::raise:
            break;
    }
    luaL_where(L, 1);
    lua_pushlstring(L, c.scratch.data(), c.scratch.size());
    lua_concat(L, 2);
    return lua_error(L);
}

void push_namespace(lua_State* L, int name_index);

int namespace_index(lua_State* L) {
    if (lua_type(L, 2) != LUA_TSTRING)
        return 0;
    const control& c = control_of(L);
    if (c.natives == nullptr)
        return 0;
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__readonly");  // the namespace's dotted name
    lua_pushliteral(L, ".");
    lua_pushvalue(L, 2);
    lua_concat(L, 3);
    const int full = lua_gettop(L);
    std::size_t size = 0;
    const char* name = lua_tolstring(L, full, &size);
    if (const auto* native = c.natives->find(std::string_view(name, size))) {
        lua_pushlightuserdata(L, const_cast<native_registry::entry*>(native));
        lua_pushcclosure(L, &native_trampoline, 1);
    } else if (c.natives->is_namespace(std::string_view(name, size))) {
        push_namespace(L, full);
    } else {
        return 0;
    }
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 1);  // cache: the proxy's __newindex is bypassed on purpose
    return 1;
}

// Pushes a read-only namespace table named by the string at `name_index`.
void push_namespace(lua_State* L, int name_index) {
    name_index = lua_absindex(L, name_index);
    lua_newtable(L);
    lua_createtable(L, 0, 5);
    lua_pushcfunction(L, &namespace_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, &readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, &readonly_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushvalue(L, name_index);
    lua_setfield(L, -2, "__readonly");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

void emit_log(control& c, log_level level, std::string_view message) noexcept {
    if (c.log == nullptr || !*c.log)
        return;
    try {
        (*c.log)(c.run_id, level, message.substr(0, max_log_line));
    } catch (...) {
        // A sink that throws loses the line; the run goes on.
    }
}

template <log_level level>
int log_function(lua_State* L) {
    const int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; ++i) {
        if (i > 1)
            luaL_addchar(&b, ' ');
        luaL_tolstring(L, i, nullptr);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    std::size_t size = 0;
    const char* text = lua_tolstring(L, -1, &size);
    emit_log(control_of(L), level, std::string_view(text, size));
    return 0;
}

}  // namespace

int log_info(lua_State* L) {
    return log_function<log_level::info>(L);
}

void push_tocsin_namespace(lua_State* L) {
    lua_pushliteral(L, "tocsin");
    push_namespace(L, -1);
    lua_remove(L, -2);
}

void push_log_table(lua_State* L) {
    lua_createtable(L, 0, 3);
    lua_pushcfunction(L, &log_function<log_level::info>);
    lua_setfield(L, -2, "info");
    lua_pushcfunction(L, &log_function<log_level::warn>);
    lua_setfield(L, -2, "warn");
    lua_pushcfunction(L, &log_function<log_level::error>);
    lua_setfield(L, -2, "error");
}

}  // namespace tocsin::lua::detail
