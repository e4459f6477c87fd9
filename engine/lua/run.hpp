#pragma once
// A playbook run: `run(ctx)` of a loaded playbook executing as a Lua coroutine that the run's Asio
// executor resumes. Natives that suspend (natives.hpp) make the coroutine yield; the run then holds
// no thread, and a completion resumes it on the executor.
//
// State machine (state()):  ready --start--> running <--> suspended
//                           running --> finished | failed        any --cancel--> cancelled
// A run that exhausts a budget ends `failed` with outcome.limit saying which (cpu, memory,
// wall_clock, actions). Those endings, and cancellation, cannot be caught by the playbook: the
// sandbox's pcall/xpcall/coroutine.resume re-raise them, and the instruction hook raises again on
// every tick once tripped. A generation counter, advanced at every suspension and at the end,
// makes a late or duplicate completion a no-op.
//
// Design choice: one lua_State per run. Budgets are then per run by construction (the capped
// allocator of a state *is* the run's memory account), a run's globals can never leak into
// another, and a finished run returns all its memory at once by closing its state. The price is
// building the sandbox per run; it is built directly in C (nothing parsed), libraries other than
// base and string are opened on first use, and the playbook is loaded from bytecode compiled once
// at load time. Measured with tests/lua/run_test.cpp (Run.CostOfARunThatCallsOneNative,
// Run.ThousandConcurrentRunsInterleaveOnOneIoContext), Release, Lua 5.4.4: creating, running and
// finishing a run that calls one native costs about ten bare lua_newstate+lua_close pairs
// (55 us on a 2-core box under load 8, where the bare pair took 5 us); a run suspended in a native
// holds ~15 KB of Lua heap.
//
// Thread-safety: create() may be called on any thread. start() and cancel() may be called from any
// thread; everything else happens on the executor, which must be a strand when the io_context is
// run by several threads. on_complete is called exactly once per started or cancelled run, on the
// executor. An active run keeps itself alive (its wall-clock timer holds it); the shared_ptr
// returned by create() may be dropped after start().

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "engine/lua/clock_source.hpp"
#include "engine/lua/limits.hpp"
#include "engine/lua/log_sink.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/lua/sandbox_config.hpp"

namespace tocsin::lua {

enum class run_state { ready, running, suspended, finished, failed, cancelled };
const char* to_string(run_state s) noexcept;

// The data `run(ctx)` receives: ctx.trigger, ctx.params (checked and defaulted against the
// playbook's declarations), ctx.run_id; the run adds ctx.log.
struct run_context {
    nlohmann::json trigger;
    nlohmann::json params;  // object or null
    std::string run_id;
};

struct run_outcome {
    std::string run_id;
    run_state state = run_state::failed;   // finished, failed or cancelled
    limit_kind limit = limit_kind::none;   // the budget that ended a failed run
    nlohmann::json result;                 // first value returned by run(ctx); null when none
    std::string error;                     // failed and cancelled runs
    std::string traceback;                 // where the error was raised or the run was stopped
    std::uint64_t instructions = 0;        // VM instructions and pattern steps (limits.hpp)
    std::size_t peak_memory = 0;           // bytes of Lua heap
    std::uint32_t actions = 0;             // native calls
    std::chrono::microseconds elapsed{0};  // start to end, suspended time included
};

struct run_options {
    boost::asio::any_io_executor executor;
    sandbox_config sandbox;
    lua::limits limits;
    std::shared_ptr<clock_source> clock;  // null: make_system_clock_source()
    log_sink log;                         // null: lines are dropped
    std::function<void(const run_outcome&)> on_complete;
};

class run {
  public:
    virtual ~run() = default;

    // Checks ctx.params against the definition and builds the run's sandboxed state; no playbook
    // code runs yet. Throws tocsin::error: invalid_argument / missing_field naming a parameter,
    // limit_exceeded when ctx does not fit the JSON or memory limits, invalid_argument for a
    // zero wall-clock limit or a missing executor.
    static std::shared_ptr<run> create(const playbook_definition& playbook, run_context ctx,
                                       run_options options);

    // Posts the first resume to the executor and arms the wall-clock timer. Once only.
    virtual void start() = 0;
    // Ends the run as cancelled: at once if it is ready or suspended, at the next instruction-hook
    // tick if it is running. No effect on an ended run.
    virtual void cancel(std::string reason = "cancelled") = 0;
    // Ends the run as failed with error `reason`, as uncatchably as cancel() (the engine uses it
    // when the run can no longer be trusted, e.g. a replay that diverges from its journal). The
    // first of cancel() and abort() wins.
    virtual void abort(std::string reason) = 0;

    virtual run_state state() const noexcept = 0;
    virtual const std::string& id() const noexcept = 0;
    // Bytes of Lua heap the run holds now (0 once ended); a snapshot.
    virtual std::size_t memory_in_use() const noexcept = 0;
    // Completions that arrived for a suspension that was no longer current.
    virtual std::uint64_t dropped_completions() const noexcept = 0;
};

}  // namespace tocsin::lua
