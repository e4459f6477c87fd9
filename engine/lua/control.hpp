#pragma once
// Internal to engine/lua: the control block of one state. Every C function of the sandbox finds
// it through the state's extra space (copied into every thread Lua creates), so the hot paths
// (instruction hook, native calls) reach their budgets with one load.
//
// The stop protocol. Once a budget is exhausted or the run is cancelled, `stop` is set and never
// cleared. From then on every Lua-visible way of catching an error re-raises the stop sentinel
// (a light userdata Lua code cannot forge): the hook raises on every tick, and pcall, xpcall,
// coroutine.resume and coroutine.wrap re-raise after any error. So the run unwinds to its driver,
// which reports the stop reason from the control block, never from the error value.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/lua/limits.hpp"
#include "engine/lua/log_sink.hpp"

struct lua_State;

namespace tocsin::lua {
class clock_source;
class native_registry;
struct sandbox_config;
namespace detail {
class suspender;
}
}  // namespace tocsin::lua

namespace tocsin::lua::detail {

struct memory_account;

enum class run_phase : std::uint8_t {
    load,       // loading a playbook: natives refuse
    top_level,  // a run executes the chunk's top level: natives refuse
    run,        // inside run(ctx)
};

enum class stop_reason : std::uint8_t { none, cpu, memory, wall_clock, actions, cancelled };

// Hook granularity: the instruction count advances in these steps.
inline constexpr int hook_interval = 1000;

// Lua-to-Lua calls use no C stack, so Lua would only stop a runaway recursion at a million stack
// slots, after tens of megabytes: the memory budget would trip first with a misleading message.
// The hook checks this depth instead (lua_getstack walks at most min(depth, limit) frames, so a
// shallow run pays nothing) and raises an ordinary, catchable "stack overflow" error.
inline constexpr int max_call_depth = 10000;

struct control {
    // Budgets.
    std::uint64_t instruction_budget = 0;
    std::uint32_t action_budget = 0;
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    json_limits json;

    // Counters and the stop flag. `instructions` counts VM instructions (by the hook) plus the work
    // that C functions of the sandbox charge for (charge_instructions); `checked_at` is its value
    // when the slower checks (memory, cancellation, wall clock) last ran.
    std::uint64_t instructions = 0;
    std::uint64_t checked_at = 0;
    std::uint32_t actions = 0;
    memory_account* memory = nullptr;
    const std::atomic<bool>* cancel_requested = nullptr;  // set from any thread
    stop_reason stop = stop_reason::none;
    // Set while an error raised by the hook itself unwinds: Lua then runs message handlers with
    // hooks disabled, so xpcall must not call the playbook's handler (see safe_calls.cpp).
    bool hook_error = false;
    run_phase phase = run_phase::load;

    // The run's coroutine; natives suspend only on it (null while loading).
    lua_State* run_thread = nullptr;
    int env_ref = 0;     // registry ref of the run's _ENV
    int loaded_ref = 0;  // registry ref of the modules require() has loaded

    // The host.
    const sandbox_config* sandbox = nullptr;
    const native_registry* natives = nullptr;
    clock_source* clock = nullptr;
    const log_sink* log = nullptr;
    std::string run_id;
    std::uint64_t random_seed = 0;        // asked of the clock_source before the sandbox is built
    suspender* suspend_target = nullptr;  // null while loading

    // Hand-off buffers. A C function that must raise a message or push a value built in C++ leaves
    // it here and pushes it from a frame without C++ objects, so a Lua error cannot leak it.
    std::string scratch;
    nlohmann::json scratch_json;
    error_info scratch_error;
    // The reply for the native call the coroutine is suspended in (monostate: none yet).
    std::variant<std::monostate, nlohmann::json, error_info> reply;
};

void attach(lua_State* L, control* c) noexcept;
control& control_of(lua_State* L) noexcept;

// Sets the instruction-count hook on L (threads created from L inherit it).
void install_hook(lua_State* L) noexcept;

// Charges `n` units of work that a C function of the sandbox did (or is about to do) on the run's
// behalf to the instruction budget: one unit is worth about one VM instruction. Exceeding the
// budget here is the same cpu stop the hook reports; the memory, cancellation and wall-clock
// checks run as often as the hook runs them (every hook_interval units). Raises the stop sentinel
// when the run must stop, so call it only from a C function called by Lua, in a frame without C++
// objects.
void charge_instructions(lua_State* L, std::uint64_t n);

// Folds the memory account into `stop`; true once the run must stop.
bool must_stop(control& c) noexcept;

// Pushes the stop sentinel and raises it. Allocates nothing.
[[noreturn]] void raise_stop(lua_State* L);
void push_stop_sentinel(lua_State* L);

// After an error caught with `status` inside the sandbox (pcall, coroutine.resume...): marks the
// memory budget on LUA_ERRMEM and raises the stop sentinel when the run must stop.
void rethrow_if_stopping(lua_State* L, int status);

limit_kind to_limit(stop_reason r) noexcept;

}  // namespace tocsin::lua::detail
