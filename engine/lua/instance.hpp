#pragma once
// Internal to engine/lua: a state with its control block attached and the sandbox built; what a
// playbook load and a run each own. Also the small helpers both need to read results and errors
// out of Lua from C++ without raising.

#include <atomic>
#include <memory>
#include <string>

#include "engine/lua/control.hpp"
#include "engine/lua/log_sink.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/lua/state.hpp"

struct lua_State;

namespace tocsin::lua {

// Bytecode of a playbook chunk, produced by lua_dump from text this process compiled; only ever
// loaded by C++ (Lua code cannot load binary chunks).
struct compiled_chunk {
    std::string bytecode;
};

namespace detail {

struct sandbox_host {
    const sandbox_config* sandbox = nullptr;  // must outlive the instance
    clock_source* clock = nullptr;            // must outlive the instance
    const log_sink* log = nullptr;
    std::string run_id;
    suspender* suspend_target = nullptr;
    const std::atomic<bool>* cancel_requested = nullptr;
    run_phase phase = run_phase::load;
};

class sandbox_state {
  public:
    // Throws tocsin::error(limit_exceeded) when the sandbox does not fit the memory limit.
    sandbox_state(const limits& limits, sandbox_host host);
    sandbox_state(const sandbox_state&) = delete;
    sandbox_state& operator=(const sandbox_state&) = delete;

    lua_State* get() const noexcept { return state_->get(); }
    control& ctl() noexcept { return *control_; }
    memory_account& memory() noexcept { return state_->memory(); }

    // Counts time against the wall-clock limit from now.
    void arm_deadline();

    // Loads a chunk (text or binary) and sets its _ENV to the run's; pushes the function, or
    // throws tocsin::error(invalid_argument) with Lua's message.
    void load_chunk(std::string_view code, const std::string& chunk_name, const char* mode);

    // Message of the error value at `index` of L (any thread of this state), never raising.
    static std::string error_message(lua_State* L, int index);
    // "stack traceback:..." of `thread`, or empty when even that cannot be built.
    std::string traceback(lua_State* thread);
    // The message for a stop reason, with the limit's value.
    std::string stop_message(stop_reason reason) const;

  private:
    limits limits_;
    std::unique_ptr<control> control_;  // before state_: it must outlive lua_close
    std::unique_ptr<state> state_;
};

}  // namespace detail
}  // namespace tocsin::lua
