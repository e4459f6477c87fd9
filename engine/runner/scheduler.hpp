#pragma once
// Starts playbook runs and keeps their records. Each run is a Lua coroutine (lua::run) on its
// own strand of the engine's io_context; its actions go through the action bridge with the
// run's own plugin::services (default workspace) and actor (principal kind playbook, id = run
// id, name = playbook name). A run is persisted as "running" when it starts and with its final
// status, logs, error + traceback and action calls when it ends. A failing playbook is a failed
// run; nothing a playbook does throws out of the scheduler.
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
#include "engine/store/store.hpp"

namespace tocsin::runner {

struct scheduler_options {
    lua::limits limits;
    std::vector<std::filesystem::path> module_dirs;  // what require() searches
    model::workspace_ref default_workspace;
};

struct run_request {
    definition_ptr playbook;
    std::string trigger_kind = "manual";
    nlohmann::json trigger = nlohmann::json::object();  // becomes ctx.trigger
    nlohmann::json params;                              // object or null; checked at start
    std::optional<model::workspace_ref> workspace;      // actions' default; none: the engine's
    std::string run_id;                                 // empty: a new UUID
};

using run_done = std::function<void(const store::run_record&)>;

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
    // False when the run is not live (unknown or already ended).
    bool cancel(std::string_view run_id, std::string reason = "cancelled by request");

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
    struct live_run {
        std::shared_ptr<run_scope> scope;
        std::shared_ptr<lua::run> run;
        store::run_record record;  // fields known at start
        run_done done;
    };

    void finish(const std::string& run_id, const lua::run_outcome& outcome);
    // `counted`: pending_writes_ was already incremented for this write.
    void persist(store::run_record record, run_done done, bool counted = false);
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
    std::size_t pending_writes_ = 0;                     // guarded by mutex_
    bool accepting_ = true;                              // guarded by mutex_
};

}  // namespace tocsin::runner
