#include "engine/lua/instance.hpp"

#include <chrono>
#include <cstdio>

#include <lua.hpp>

#include "engine/lua/clock_source.hpp"
#include "engine/lua/sandbox.hpp"
#include "engine/lua/sandbox_config.hpp"

namespace tocsin::lua::detail {
namespace {

// Extra heap allowed after a run ended, to build its traceback even when memory ran out.
constexpr std::size_t teardown_slack = 256 * 1024;

int traceback_fn(lua_State* L) {
    luaL_traceback(L, static_cast<lua_State*>(lua_touserdata(L, 1)), nullptr, 0);
    return 1;
}

}  // namespace

sandbox_state::sandbox_state(const limits& limits, sandbox_host host)
    : limits_(limits), control_(std::make_unique<control>()) {
    control& c = *control_;
    c.instruction_budget = limits.instructions;
    c.action_budget = limits.actions;
    c.json = limits.json;
    c.sandbox = host.sandbox;
    c.natives = host.sandbox != nullptr ? host.sandbox->natives.get() : nullptr;
    c.clock = host.clock;
    c.log = host.log;
    c.run_id = std::move(host.run_id);
    c.suspend_target = host.suspend_target;
    c.cancel_requested = host.cancel_requested;
    c.phase = host.phase;
    c.random_seed = host.clock->random_seed();

    state_ = std::make_unique<state>(limits.memory_bytes);
    lua_State* L = state_->get();
    c.memory = &state_->memory();
    attach(L, &c);
    const int status = protected_call(L, &build_sandbox, &c, 0, 0);
    if (status != LUA_OK) {
        const std::string message =
            status == LUA_ERRMEM ? std::string("not enough memory") : error_message(L, -1);
        throw error(errc::limit_exceeded,
                    "cannot build the Lua sandbox within the memory limit of " +
                        std::to_string(limits.memory_bytes) + " bytes: " + message);
    }
}

void sandbox_state::arm_deadline() {
    control_->deadline = std::chrono::steady_clock::now() + limits_.wall_clock;
}

void sandbox_state::load_chunk(std::string_view code, const std::string& chunk_name,
                               const char* mode) {
    lua_State* L = get();
    const int status = luaL_loadbufferx(L, code.data(), code.size(), chunk_name.c_str(), mode);
    if (status != LUA_OK) {
        std::string message = error_message(L, -1);
        lua_pop(L, 1);
        throw error(status == LUA_ERRMEM ? errc::limit_exceeded : errc::invalid_argument,
                    std::move(message));
    }
    set_env_upvalue(L, -1);
}

std::string sandbox_state::error_message(lua_State* L, int index) {
    index = lua_absindex(L, index);
    switch (lua_type(L, index)) {
        case LUA_TSTRING: {
            std::size_t size = 0;
            const char* text = lua_tolstring(L, index, &size);
            return std::string(text, size);
        }
        case LUA_TNUMBER: {
            char buffer[64];
            if (lua_isinteger(L, index)) {
                std::snprintf(buffer, sizeof buffer, "%lld",
                              static_cast<long long>(lua_tointeger(L, index)));
            } else {
                std::snprintf(buffer, sizeof buffer, "%.14g", lua_tonumber(L, index));
            }
            return buffer;
        }
        case LUA_TTABLE: {
            // error({message = ...}): find the field without pushing a key (pushing allocates).
            if (!lua_checkstack(L, 3))
                break;
            lua_pushnil(L);
            while (lua_next(L, index) != 0) {
                std::size_t size = 0;
                const char* key = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &size) : "";
                if (lua_type(L, -1) == LUA_TSTRING && std::string_view(key, size) == "message") {
                    const char* text = lua_tolstring(L, -1, &size);
                    std::string message(text, size);
                    lua_pop(L, 2);
                    return message;
                }
                lua_pop(L, 1);
            }
            break;
        }
        default:
            break;
    }
    return std::string("(error object is a ") + lua_typename(L, lua_type(L, index)) + " value)";
}

std::string sandbox_state::traceback(lua_State* thread) {
    lua_State* L = get();
    memory_account& account = state_->memory();
    account.limit = account.used.load(std::memory_order_relaxed) + teardown_slack;
    stack_guard guard(L);
    if (protected_call(L, &traceback_fn, thread, 0, 1) != LUA_OK)
        return {};
    std::size_t size = 0;
    const char* text = lua_tolstring(L, -1, &size);
    return text != nullptr ? std::string(text, size) : std::string();
}

std::string sandbox_state::stop_message(stop_reason reason) const {
    switch (reason) {
        case stop_reason::cpu:
            return "instruction limit of " + std::to_string(limits_.instructions) + " exceeded";
        case stop_reason::memory:
            return "memory limit of " + std::to_string(limits_.memory_bytes) + " bytes exceeded";
        case stop_reason::wall_clock:
            return "wall-clock limit of " + std::to_string(limits_.wall_clock.count()) +
                   " ms exceeded";
        case stop_reason::actions:
            return "action limit of " + std::to_string(limits_.actions) + " calls exceeded";
        case stop_reason::cancelled:
            return "cancelled";
        case stop_reason::none:
            break;
    }
    return {};
}

}  // namespace tocsin::lua::detail
