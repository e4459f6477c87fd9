#include "engine/automation/automation_component.hpp"

#include <spdlog/spdlog.h>

#include "engine/runner/event_triggers.hpp"

namespace tocsin::automation {

namespace {

constexpr auto cursor_interval = std::chrono::seconds(1);
constexpr std::size_t recovery_batch = 500;

std::vector<event_type> handled_events() {
    return {event_type::alert_created, event_type::incident_created, event_type::incident_updated,
            event_type::alert_related, event_type::comment_added};
}

runner::run_request request_of(playbook_start start) {
    runner::run_request req;
    req.run_id = std::move(start.run_id);
    req.trigger_kind = std::move(start.trigger_kind);
    req.trigger = std::move(start.trigger);
    req.params = std::move(start.params);
    req.workspace = std::move(start.workspace);
    return req;
}

}  // namespace

automation_component::automation_component(engine& eng, runner::runner_component& runner)
    : engine_(eng),
      runner_(runner),
      settings_(automation_settings_from(eng.settings())),
      router_(eng.store(), settings_.correlation),
      rules_(eng.store(), settings_.max_chain,
             [&runner](playbook_start start) {
                 auto playbook = start.playbook;
                 runner.start_named(playbook, request_of(std::move(start)));
             }),
      queue_(std::make_shared<runner::serial_writer>(eng.blocking(), false)) {
    runner_.take_events_from_caller();
}

automation_component::~automation_component() {
    alive_->store(false);
}

void automation_component::start() {
    // Inline (no executor): the store's outbox calls this in commit order, and posting to the
    // serial queue keeps that order, which correlation depends on.
    subscription_ = engine_.bus().subscribe(
        handled_events(), [this, alive = alive_](const std::shared_ptr<const domain_event>& ev) {
            if (!alive->load())
                return;
            take(ev);
        });
    enqueue([this] { recover(); });
}

void automation_component::take(event_ptr event) {
    if (event->type != event_type::alert_created) {
        enqueue([this, event] { handle(*event); });
        return;
    }
    std::lock_guard lock(mutex_);
    if (open_alerts_ && open_alerts_->size() < max_routing_batch) {
        open_alerts_->push_back(std::move(event));
        return;
    }
    auto batch = std::make_shared<alert_batch>(alert_batch{std::move(event)});
    enqueue_locked(
        [this, batch] {
            {
                std::lock_guard closing(mutex_);
                if (open_alerts_ == batch)
                    open_alerts_.reset();
            }
            // Closed: nothing joins it any more, so it is read without the lock.
            handle_alerts(*batch);
        },
        batch);
}

void automation_component::enqueue(std::function<void()> job, std::shared_ptr<alert_batch> opens) {
    std::lock_guard lock(mutex_);
    enqueue_locked(std::move(job), std::move(opens));
}

void automation_component::enqueue_locked(std::function<void()> job,
                                          std::shared_ptr<alert_batch> opens) {
    ++pending_;
    open_alerts_ = std::move(opens);
    queue_->post([this, alive = alive_, job = std::move(job)] {
        if (alive->load()) {
            try {
                job();
            } catch (const std::exception& e) {
                spdlog::error("automation: {}", e.what());
            }
        }
        bool empty = false;
        {
            std::lock_guard lock(mutex_);
            empty = --pending_ == 0;
        }
        if (empty) {
            if (alive->load())
                maybe_save_cursor(false);
            drained_.notify_all();
        }
    });
}

void automation_component::handle(const domain_event& event) {
    // Alert-created events never come here: take() batches them for handle_alerts().
    switch (event.type) {
        case event_type::incident_created: {
            auto after_rules = std::make_shared<domain_event>(event);
            if (auto incident = rules_.handle(event))
                after_rules->incident = std::move(incident);
            runner_.deliver(*after_rules);
            break;
        }
        case event_type::incident_updated:
        case event_type::alert_related:
            // For playbooks whose incident trigger opts into these (options.events), after the
            // rules. Delivered as written: a rule's own change is an update event of its own, and
            // the run id of each is derived from its write (event_run_id).
            rules_.handle(event);
            runner_.deliver(event);
            break;
        default:
            rules_.handle(event);
    }
}

void automation_component::handle_alerts(const alert_batch& alerts) {
    for (const auto& event : alerts)
        rules_.handle(*event);
    auto route_each = [&] {
        for (const auto& event : alerts)
            route(*event);
    };
    if (settings_.route_alerts && alerts.size() == 1) {
        route_each();
    } else if (settings_.route_alerts) {
        try {
            // One commit (and fsync) for the lot instead of one per alert.
            engine_.store().write_batch(route_each);
        } catch (const std::exception& e) {
            spdlog::warn(
                "automation: routing {} alerts in one batch failed ({}); routing them one by one",
                alerts.size(), e.what());
            route_each();
        }
    }
    for (const auto& event : alerts)
        runner_.deliver(*event);
}

void automation_component::route(const domain_event& alert_created) {
    try {
        const auto decision = router_.route(runner::workspace_from_key(alert_created.workspace_key),
                                            alert_created.alert_id);
        spdlog::debug("automation: alert {} {} {}", alert_created.alert_id,
                      to_string(decision.what), decision.incident);
    } catch (const std::exception& e) {
        spdlog::error("automation: alert {} not routed: {}", alert_created.alert_id, e.what());
    }
}

void automation_component::route_alert(model::workspace_ref ws, std::string alert_id,
                                       std::function<void(result<routing_decision>)> done) {
    enqueue([this, ws = std::move(ws), alert_id = std::move(alert_id), done = std::move(done)] {
        done(capture([&] { return router_.route(ws, alert_id); }));
    });
}

void automation_component::recover() {
    auto& store = engine_.store();
    try {
        const auto saved = store.runner_value(automation_cursor_key);
        if (!saved) {
            store.set_runner_value(automation_cursor_key, std::to_string(store.last_activity_id()));
            return;
        }
        auto cursor = std::stoll(*saved);
        std::size_t routed = 0, ruled = 0;
        for (;;) {
            const auto batch = store.creation_events_after(cursor, recovery_batch);
            for (const auto& ce : batch) {
                cursor = ce.id;
                const auto ws = runner::workspace_from_key(ce.workspace_key);
                if (ce.action == "alert.created" && settings_.route_alerts) {
                    const auto d = router_.route(ws, ce.subject);
                    routed += d.what != routing_decision::outcome::already_routed &&
                              d.what != routing_decision::outcome::not_found;
                } else if (ce.action == "incident.created") {
                    auto incident = store.find_incident(ws, ce.subject);
                    if (!incident)
                        continue;
                    domain_event ev;
                    ev.type = event_type::incident_created;
                    ev.workspace_key = ce.workspace_key;
                    ev.incident_name = incident->name;
                    ev.actor = {model::principal::kind::system, ce.actor_id, ce.actor_name};
                    ev.incident = std::make_shared<const model::incident>(std::move(*incident));
                    rules_.handle(ev);
                    ++ruled;
                }
            }
            if (batch.size() < recovery_batch)
                break;
        }
        store.set_runner_value(automation_cursor_key, std::to_string(cursor));
        if (routed + ruled > 0)
            spdlog::info(
                "automation: {} alerts routed and {} incidents given their rules after "
                "a restart",
                routed, ruled);
    } catch (const std::exception& e) {
        spdlog::error("automation: recovery after restart failed: {}", e.what());
    }
}

void automation_component::maybe_save_cursor(bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - cursor_saved_ < cursor_interval)
        return;
    cursor_saved_ = now;
    try {
        auto& store = engine_.store();
        store.set_runner_value(automation_cursor_key, std::to_string(store.last_activity_id()));
    } catch (const std::exception& e) {
        spdlog::warn("automation: cursor not saved: {}", e.what());
    }
}

// Events keep coming while the API finishes its requests, so the subscription stays until
// stop(): an event dropped during the grace period would be skipped by the cursor.
void automation_component::begin_shutdown() {}

bool automation_component::idle() const {
    std::lock_guard lock(mutex_);
    return pending_ == 0;
}

void automation_component::stop() {
    if (subscription_)
        engine_.bus().unsubscribe(*subscription_);
    subscription_.reset();
    std::unique_lock lock(mutex_);
    const bool drained =
        drained_.wait_for(lock, std::chrono::seconds(3), [this] { return pending_ == 0; });
    if (!drained)
        spdlog::warn(
            "automation: {} events not handled before shutdown; they are handled at the "
            "next start",
            pending_);
    lock.unlock();
    alive_->store(false);
    if (drained)
        maybe_save_cursor(true);
}

}  // namespace tocsin::automation
