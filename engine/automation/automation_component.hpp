#pragma once
// The automation pipeline as an engine component. Domain events are taken from the bus in
// commit order and handled one at a time on a serial queue on the blocking pool:
//   alert created    → automation rules on Alerts (RunPlaybook) → alert routing (correlation,
//                      then incident creation rules: alert_router.hpp) → playbooks with an
//                      `alert` trigger;
//   incident created → automation rules on Incidents/Created → playbooks with an `incident`
//                      trigger, which see the incident as the rules left it;
//   incident updated, alert related → automation rules on Incidents/Updated → playbooks whose
//                      `incident` trigger takes those events (options.events);
//   comment added    → automation rules on Incidents/Updated.
// The incidents that routing creates or changes raise their own events, which queue behind the
// current one: so correlation comes first for alerts, creation rules next, and automation rules
// act on the resulting incident events, before any playbook the event triggers directly.
//
// Alert-created events that queue up one after another (a batch ingest, a burst of webhooks)
// are handled together, up to max_routing_batch: their automation rules, then their routing in
// one store write batch (store::write_batch: one commit for all, each alert still failing
// alone), then their playbooks. Any other event or job queued between two alerts ends the
// batch, so the order of events is kept. A batch whose commit fails is routed again alert by
// alert.
//
// Durability: the component keeps a cursor into the activity log (runner value
// "automation.cursor", moved to the newest activity whenever the queue runs empty, at most once
// a second, and at shutdown). At start, alert-created events after it are routed again (routing
// an alert that already sits in an incident does nothing) and incident-created events get their
// rules again (rule actions are idempotent per event: see rule_engine.hpp). The first start
// only sets the cursor. Events are taken until stop() (the API may still be writing during the
// shutdown grace period), and the cursor is saved at stop only when every event was handled.
//
// Thread-safety: route_alert() may be called from any thread.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "engine/automation/alert_router.hpp"
#include "engine/automation/automation_settings.hpp"
#include "engine/automation/rule_engine.hpp"
#include "engine/core/engine.hpp"
#include "engine/runner/runner_component.hpp"
#include "engine/runner/serial_writer.hpp"

namespace tocsin::automation {

inline constexpr const char* automation_cursor_key = "automation.cursor";

class automation_component final : public component {
  public:
    // Takes the runner's event feed (runner_component::take_events_from_caller): construct it
    // before the engine starts. Throws tocsin::error for bad correlation.* settings.
    automation_component(engine& eng, runner::runner_component& runner);
    ~automation_component() override;

    std::string name() const override { return "automation"; }
    void start() override;
    void begin_shutdown() override;
    bool idle() const override;
    void stop() override;

    // Routes one alert on the serial queue (so never at the same time as the alert's own
    // event) and calls `done` there with the decision or the error. For callers that must
    // answer with the outcome (the manual-alert route).
    void route_alert(model::workspace_ref ws, std::string alert_id,
                     std::function<void(result<routing_decision>)> done);

    // Alert-created events routed in one store batch at most.
    static constexpr std::size_t max_routing_batch = 64;

  private:
    using event_ptr = std::shared_ptr<const domain_event>;
    using alert_batch = std::vector<event_ptr>;

    void take(event_ptr event);
    // Queues `job`; `opens`, when set, is the alert batch the job handles, which further
    // alert-created events join until the job starts or another job is queued.
    void enqueue(std::function<void()> job, std::shared_ptr<alert_batch> opens = nullptr);
    void enqueue_locked(std::function<void()> job, std::shared_ptr<alert_batch> opens);
    void handle(const domain_event& event);
    void handle_alerts(const alert_batch& alerts);
    void route(const domain_event& alert_created);
    void recover();
    void maybe_save_cursor(bool force);

    engine& engine_;
    runner::runner_component& runner_;
    automation_settings settings_;
    alert_router router_;
    rule_engine rules_;
    std::shared_ptr<runner::serial_writer> queue_;
    std::optional<event_bus::subscription_id> subscription_;
    std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);
    mutable std::mutex mutex_;
    std::condition_variable drained_;
    std::size_t pending_ = 0;                               // guarded by mutex_
    std::shared_ptr<alert_batch> open_alerts_;              // guarded by mutex_
    std::chrono::steady_clock::time_point cursor_saved_{};  // queue thread only
};

}  // namespace tocsin::automation
