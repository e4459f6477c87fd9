#include "engine/lua/control.hpp"

#include <cstring>

#include <lua.hpp>

#include "engine/lua/state.hpp"

namespace tocsin::lua::detail {
namespace {

// Its address is the stop sentinel; Lua code cannot create light userdata, so cannot forge it.
const char stop_sentinel_tag = 0;

static_assert(LUA_EXTRASPACE >= sizeof(control*));

// Sets `stop` when a budget is spent or the run was cancelled (a stop already set is kept).
void check_budgets(control& c) noexcept {
    c.checked_at = c.instructions;
    if (c.stop != stop_reason::none)
        return;
    if (c.instructions > c.instruction_budget) {
        c.stop = stop_reason::cpu;
    } else if (c.memory->exhausted) {
        c.stop = stop_reason::memory;
    } else if (c.cancel_requested != nullptr &&
               c.cancel_requested->load(std::memory_order_relaxed)) {
        c.stop = stop_reason::cancelled;
    } else if (std::chrono::steady_clock::now() >= c.deadline) {
        c.stop = stop_reason::wall_clock;
    }
}

void count_hook(lua_State* L, lua_Debug*) {
    control& c = control_of(L);
    c.instructions += hook_interval;
    check_budgets(c);
    if (c.stop != stop_reason::none)
        raise_stop(L);
    lua_Debug frame;
    if (lua_getstack(L, max_call_depth, &frame) != 0) {
        c.hook_error = true;
        luaL_error(L, "stack overflow (more than %d nested calls)", max_call_depth);
    }
}

}  // namespace

void attach(lua_State* L, control* c) noexcept {
    std::memcpy(lua_getextraspace(L), &c, sizeof c);
}

control& control_of(lua_State* L) noexcept {
    control* c = nullptr;
    std::memcpy(&c, lua_getextraspace(L), sizeof c);
    return *c;
}

void install_hook(lua_State* L) noexcept {
    lua_sethook(L, &count_hook, LUA_MASKCOUNT, hook_interval);
}

void charge_instructions(lua_State* L, std::uint64_t n) {
    control& c = control_of(L);
    c.instructions += n;
    // The CPU test is one comparison, so it runs on every charge; the clock is read only as often
    // as the hook reads it.
    if (c.stop == stop_reason::none && c.instructions > c.instruction_budget) {
        c.stop = stop_reason::cpu;
    } else if (c.instructions - c.checked_at >= hook_interval) {
        check_budgets(c);
    }
    if (c.stop != stop_reason::none)
        raise_stop(L);
}

bool must_stop(control& c) noexcept {
    if (c.stop == stop_reason::none && c.memory->exhausted)
        c.stop = stop_reason::memory;
    return c.stop != stop_reason::none;
}

void push_stop_sentinel(lua_State* L) {
    lua_pushlightuserdata(L, const_cast<char*>(&stop_sentinel_tag));
}

void raise_stop(lua_State* L) {
    control_of(L).hook_error = true;
    push_stop_sentinel(L);
    lua_error(L);
    __builtin_unreachable();
}

void rethrow_if_stopping(lua_State* L, int status) {
    control& c = control_of(L);
    c.hook_error = false;  // the error was caught here: whatever raised it is done
    if (status == LUA_ERRMEM)
        c.memory->exhausted = true;
    if (must_stop(c))
        raise_stop(L);
}

limit_kind to_limit(stop_reason r) noexcept {
    switch (r) {
        case stop_reason::cpu:
            return limit_kind::cpu;
        case stop_reason::memory:
            return limit_kind::memory;
        case stop_reason::wall_clock:
            return limit_kind::wall_clock;
        case stop_reason::actions:
            return limit_kind::actions;
        case stop_reason::none:
        case stop_reason::cancelled:
            return limit_kind::none;
    }
    return limit_kind::none;
}

}  // namespace tocsin::lua::detail
