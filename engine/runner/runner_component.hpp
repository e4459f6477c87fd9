#pragma once
// The playbook runner as an engine component: loads the playbook catalog from playbooks.dirs at
// start (invalid files logged and skipped), polls the directories for changes every
// playbooks.poll_ms (0: never) and reloads changed files, runs playbooks on incident/alert
// created events, and owns the scheduler (runs and their records).
// At start it resumes the runs a crash left in flight (scheduler::resume_unfinished, logged as
// "runner: N interrupted runs resumed") and starts the runs of creation events a crash may have
// lost (trigger_recovery.hpp).
// Shutdown: begin_shutdown() stops new runs and event dispatch; idle() once no run is live;
// stop() cancels what is left ("engine shutting down") and waits briefly for the records.
// Thread-safety: scheduler() and catalog() may be used from any thread after start().

#include <memory>

#include <boost/asio/steady_timer.hpp>

#include "engine/core/engine.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/catalog.hpp"
#include "engine/runner/scheduler.hpp"

namespace tocsin::runner {

// The default workspace of actions, from workspace.subscription / resource_group / name.
model::workspace_ref default_workspace(const config& cfg);
// Per-run limits from the runner.* keys (defaults of lua::limits where absent).
lua::limits run_limits(const config& cfg);

class runner_component final : public component {
  public:
    runner_component(engine& eng, plugin::registry plugins);
    ~runner_component() override;

    std::string name() const override { return "runner"; }
    void start() override;
    void begin_shutdown() override;
    bool idle() const override;
    void stop() override;

    // Hands the incident/alert created events to a component that runs first (automation rules,
    // alert routing) and then calls deliver(): call before start(). Without it the runner
    // subscribes to the bus itself.
    void take_events_from_caller() { subscribe_ = false; }
    // Starts the playbooks an event triggers (event_triggers.hpp). Thread-safe; never throws.
    void deliver(const domain_event& event);
    // Starts `request.playbook` by name for an automation rule, unless a run with that id is
    // already known (the same rule action for the same event). False when the playbook is not
    // loaded or cannot start (logged).
    bool start_named(const std::string& playbook, run_request request);

    runner::scheduler& scheduler() { return *scheduler_; }
    runner::catalog& catalog() { return *catalog_; }
    const plugin::registry& plugins() const { return plugins_; }

  private:
    void schedule_poll();

    engine& engine_;
    plugin::registry plugins_;
    std::unique_ptr<runner::scheduler> scheduler_;
    std::unique_ptr<runner::catalog> catalog_;
    std::optional<event_bus::subscription_id> subscription_;
    bool subscribe_ = true;
    std::chrono::milliseconds poll_interval_{1000};
    std::unique_ptr<boost::asio::steady_timer> poll_timer_;
    std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);
};

}  // namespace tocsin::runner
