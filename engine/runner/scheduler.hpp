#pragma once
// Starts playbook runs and keeps their records. Each run is a Lua coroutine (lua::run) on its
// own strand of the engine's io_context; its actions go through the action bridge with the
// run's own plugin::services (default workspace) and actor (principal kind playbook, id = run
// id, name = playbook name). A failing playbook is a failed run; nothing a playbook does throws
// out of the scheduler.
//
// Durable runs. Every run is recorded and journaled through its own serial_writer, in order:
//  1. the run record, status "running", with trigger, params and the playbook's source (stored
//     once per sha256): the run is durably queued once this write is done, which
//     run_request::queued reports (a trigger acknowledges its source after that);
//  2. its journal (run_journal.hpp): clock readings, retry state, every action's answer;
//  3. the final record: status, logs, error + traceback, each action with input, output,
//     duration and attempts.
// After a crash, resume_unfinished() (called by the runner component at start) executes every
// run still "running" again from the top, with the source it started with, replaying its journal:
// finished actions are answered from the journal, not executed again; the call that was in
// flight is executed again with the same idempotency key and its retry state; then the run goes
// on live. A replay that departs from the journal fails the run ("non-deterministic playbook").
// A cancelled run is journaled as such and never resumed. Runs cut short by a graceful shutdown
// end "cancelled" with the reason, as before. The original record is kept: id, start time,
// trigger, version and sha256; the wall-clock budget starts again at the resume.
//
// Thread-safety: every public member may be called from any thread. The scheduler must outlive
// its runs: stop() cancels them and waits for their records to be written.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/lua/limits.hpp"
#include "engine/lua/natives.hpp"
#include "engine/lua/run.hpp"
#include "engine/model/workspace.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/catalog.hpp"
#include "engine/runner/run_directory.hpp"
#include "engine/runner/serial_writer.hpp"
#include "engine/store/store.hpp"

namespace tocsin::runner {

struct scheduler_options {
    lua::limits limits;
    std::vector<std::filesystem::path> module_dirs;  // what require() searches
    model::workspace_ref default_workspace;
};

using run_done = std::function<void(const store::run_record&)>;
// `stored`: false when the record could not be written (the run still runs, but not durably).
using run_queued = std::function<void(const std::string& run_id, bool stored)>;

struct run_request {
    definition_ptr playbook;
    std::string trigger_kind = "manual";
    nlohmann::json trigger = nlohmann::json::object();  // becomes ctx.trigger
    nlohmann::json params;                              // object or null; checked at start
    std::optional<model::workspace_ref> workspace;      // actions' default; none: the engine's
    std::string run_id;  // empty: a new UUID; a run with this id already live is not started
    run_queued queued;   // once the "running" record is stored (on a blocking-pool thread)
};

class scheduler {
  public:
    scheduler(boost::asio::io_context& io, const plugin::registry& plugins, store::store& store,
              blocking_pool& blocking, event_bus& bus, scheduler_options options);
    ~scheduler();
    scheduler(const scheduler&) = delete;
    scheduler& operator=(const scheduler&) = delete;

    // The natives playbooks see (one per action); for loading playbooks with the same view.
    std::shared_ptr<const lua::native_registry> natives() const { return natives_; }

    // Starts a run and returns its id. `done` runs once the final record is stored (on a
    // blocking-pool thread). Throws tocsin::error: invalid_argument / missing_field for bad
    // params (field = the parameter), unavailable once shutdown began.
    std::string start(run_request request, run_done done = {});
    // False when the run is not live (unknown or already ended). The cancellation is journaled
    // first, so a crash before the run's final record is written does not resume it.
    bool cancel(std::string_view run_id, std::string reason = "cancelled by request");

    // Resumes a run the store has as "running" but that is not live (left by a crash), as the
    // header says. Returns false when it is not resumed: a journaled cancellation, a missing or
    // unloadable source or bad params close its record (cancelled / failed) instead. Throws
    // tocsin::error: not_found for an unknown run, precondition_failed for one that has ended,
    // unavailable once shutdown began.
    bool resume(const std::string& run_id, run_done done = {});
    // resume() for every unfinished run of the store; returns how many were resumed. Never throws.
    std::size_t resume_unfinished();
    // True when the run is live or stored.
    bool known(const std::string& run_id);

    // Live runs first (a snapshot of what they recorded so far), then stored ones.
    std::optional<store::run_record> find(const std::string& run_id);
    std::vector<store::run_record> list(const store::run_query& query);

    // Shutdown: stop taking runs; then cancel what is left and wait (bounded) for the records.
    void stop_accepting();
    std::size_t active() const;
    void cancel_all(const std::string& reason);
    // Blocks until no run is live and no record write is pending, or `timeout`.
    bool wait_idle(std::chrono::milliseconds timeout);

  private:
    struct launch_args {
        definition_ptr playbook;
        store::run_record record;  // id, started, trigger, params, … already set
        model::workspace_ref workspace;
        std::vector<store::journal_entry> journal;  // recorded entries to replay
        std::string note;                           // first log line, when not empty
        run_done done;
        run_queued queued;
    };

    struct live_run {
        std::shared_ptr<run_scope> scope;
        std::shared_ptr<lua::run> run;
        store::run_record record;  // fields known at start
        run_done done;
    };

    std::string launch(launch_args args);
    void finish(const std::string& run_id, const lua::run_outcome& outcome);
    // Queues the record's write on `writer` (a new one when null). `counted`: pending_writes_
    // was already incremented for this write.
    void persist(std::shared_ptr<serial_writer> writer, store::run_record record, run_done done,
                 bool counted = false);
    // Ends a stored run that will not be resumed.
    void close(store::run_record record, std::string status, std::string error, run_done done);
    store::run_record snapshot(const live_run& live) const;

    boost::asio::io_context& io_;
    store::store& store_;
    blocking_pool& blocking_;
    event_bus& bus_;
    const scheduler_options options_;
    run_directory directory_;
    std::shared_ptr<lua::native_registry> natives_;

    mutable std::mutex mutex_;
    std::condition_variable idle_;
    std::map<std::string, live_run, std::less<>> live_;  // guarded by mutex_
    // Runs that have ended but whose final record is not stored yet: find() and list() answer
    // from here meanwhile, so a run never drops out of sight between the two. Guarded by mutex_.
    std::map<std::string, store::run_record, std::less<>> finishing_;
    std::size_t pending_writes_ = 0;  // guarded by mutex_
    bool accepting_ = true;           // guarded by mutex_
    std::shared_ptr<void> gauges_;    // run_metrics.hpp; released first
};

}  // namespace tocsin::runner
