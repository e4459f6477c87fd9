#include "engine/runner/trigger_recovery.hpp"

#include <spdlog/spdlog.h>

#include "engine/runner/event_triggers.hpp"

namespace tocsin::runner {
namespace {

constexpr std::size_t batch_size = 500;

// The domain event an activity entry stands for, with the incident or alert as stored now.
std::optional<domain_event> event_of(store::store& store, const store::creation_event& ce) {
    domain_event ev;
    ev.workspace_key = ce.workspace_key;
    ev.actor.type = ce.actor_type == model::to_string(model::principal::kind::playbook)
                        ? model::principal::kind::playbook
                        : model::principal::kind::system;
    ev.actor.id = ce.actor_id;
    ev.actor.name = ce.actor_name;
    const auto ws = workspace_from_key(ce.workspace_key);
    if (ce.action == "incident.created") {
        auto incident = store.find_incident(ws, ce.subject);
        if (!incident)
            return std::nullopt;
        ev.type = event_type::incident_created;
        ev.incident_name = incident->name;
        ev.incident = std::make_shared<const model::incident>(std::move(*incident));
        return ev;
    }
    if (ce.action == "alert.created" && !ce.subject.empty()) {
        auto alert = store.find_alert(ws, ce.subject);
        if (!alert)
            return std::nullopt;
        ev.type = event_type::alert_created;
        ev.alert_id = ce.subject;
        ev.alert = std::make_shared<const model::alert>(std::move(*alert));
        return ev;
    }
    return std::nullopt;
}

}  // namespace

std::size_t recover_creation_events(store::store& store, const catalog& playbooks,
                                    scheduler& runs) {
    std::size_t started = 0;
    try {
        const auto saved = store.runner_value(creation_cursor_key);
        if (!saved) {
            store.set_runner_value(creation_cursor_key, std::to_string(store.last_activity_id()));
            return 0;
        }
        std::int64_t cursor = std::stoll(*saved);
        for (;;) {
            const auto batch = store.creation_events_after(cursor, batch_size);
            for (const auto& ce : batch) {
                if (auto ev = event_of(store, ce)) {
                    started += dispatch_event(*ev, playbooks, runs, [&runs](const std::string& id) {
                                   return runs.known(id);
                               }).size();
                }
                cursor = ce.id;
            }
            if (batch.size() < batch_size)
                break;
        }
        store.set_runner_value(creation_cursor_key, std::to_string(cursor));
    } catch (const error& e) {
        if (e.code() != errc::unsupported)
            spdlog::error("runner: creation events not recovered: {}", e.what());
    } catch (const std::exception& e) {
        spdlog::error("runner: creation events not recovered: {}", e.what());
    }
    return started;
}

}  // namespace tocsin::runner
