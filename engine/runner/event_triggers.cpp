#include "engine/runner/event_triggers.hpp"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "engine/core/uuid.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/json.hpp"

namespace tocsin::runner {

using nlohmann::json;

model::workspace_ref workspace_from_key(const std::string& key) {
    const auto a = key.find('/');
    const auto b = a == std::string::npos ? a : key.find('/', a + 1);
    if (b == std::string::npos)
        return {key, "", ""};
    return {key.substr(0, a), key.substr(a + 1, b - a - 1), key.substr(b + 1)};
}

json workspace_json(const model::workspace_ref& ws) {
    return {
        {"subscription", ws.subscription}, {"resourceGroup", ws.resource_group}, {"name", ws.name}};
}

std::optional<event_trigger> trigger_of(const domain_event& event) {
    json payload = {{"event", "created"},
                    {"workspace", workspace_json(workspace_from_key(event.workspace_key))}};
    if (event.type == event_type::incident_created && event.incident) {
        json subject = model::incident_properties(*event.incident);
        subject["name"] = event.incident->name;
        payload["incident"] = subject;
        return event_trigger{lua::trigger_kind::incident, std::move(payload), std::move(subject)};
    }
    // Opt-in events of the incident trigger (options.events, see incident_events_of).
    if (event.type == event_type::incident_updated && event.incident) {
        json subject = model::incident_properties(*event.incident);
        subject["name"] = event.incident->name;
        json changes = json::array();
        for (const auto& c : event.changes)
            changes.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
        payload["event"] = "updated";
        payload["incident"] = subject;
        payload["changes"] = std::move(changes);
        return event_trigger{lua::trigger_kind::incident, std::move(payload), std::move(subject)};
    }
    if (event.type == event_type::alert_related && event.incident) {
        json subject = model::incident_properties(*event.incident);
        subject["name"] = event.incident->name;
        json alert = event.alert ? model::alert_properties(*event.alert) : json::object();
        alert["name"] = event.alert_id;
        payload["event"] = "alertRelated";
        payload["incident"] = subject;
        payload["alert"] = std::move(alert);
        payload["relation"] = event.relation_name;
        return event_trigger{lua::trigger_kind::incident, std::move(payload), std::move(subject)};
    }
    if (event.type == event_type::alert_created && event.alert) {
        json subject = model::alert_properties(*event.alert);
        subject["name"] = event.alert->system_alert_id;
        payload["alert"] = subject;
        return event_trigger{lua::trigger_kind::alert, std::move(payload), std::move(subject)};
    }
    return std::nullopt;
}

bool filter_matches(const json& filter, const json& subject) {
    if (!filter.is_object())
        return true;
    for (const auto& [key, want] : filter.items()) {
        const auto it = subject.find(key);
        if (it == subject.end())
            return false;
        if (want.is_string() && it->is_string()) {
            if (!model::iequals(want.get_ref<const std::string&>(),
                                it->get_ref<const std::string&>()))
                return false;
        } else if (want != *it) {
            return false;
        }
    }
    return true;
}

namespace {
std::string lower(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}
}  // namespace

std::vector<std::string> incident_events_of(const lua::trigger_spec& trigger) {
    std::vector<std::string> out;
    if (trigger.options.is_object())
        if (const auto it = trigger.options.find("events"); it != trigger.options.end()) {
            if (it->is_string())
                out.push_back(it->get<std::string>());
            else if (it->is_array())
                for (const auto& e : *it)
                    if (e.is_string())
                        out.push_back(e.get<std::string>());
        }
    if (out.empty())
        out.push_back("created");
    return out;
}

std::string event_run_id(const domain_event& event, const std::string& playbook) {
    std::string key(to_string(event.type));
    key += '\n' + lower(event.workspace_key) + '\n';
    if (event.incident)
        key += lower(event.incident->name) + '#' + std::to_string(event.incident->number);
    else
        key += event.alert_id;
    // Many updates and relations per incident: each write is its own event.
    if (event.type == event_type::incident_updated && event.incident)
        key += '\n' + event.incident->etag;
    if (event.type == event_type::alert_related)
        key += '\n' + lower(event.alert_id) + '\n' + event.relation_name;
    return name_uuid(key + '\n' + playbook);
}

std::vector<std::string> dispatch_event(const domain_event& event, const catalog& playbooks,
                                        scheduler& runs,
                                        const std::function<bool(const std::string&)>& skip) {
    std::vector<std::string> started;
    auto trigger = trigger_of(event);
    if (!trigger)
        return started;
    for (const auto& def : playbooks.with_trigger(trigger->kind)) {
        if (event.actor.type == model::principal::kind::playbook && event.actor.name == def->name)
            continue;
        const bool matches = std::any_of(
            def->triggers.begin(), def->triggers.end(), [&](const lua::trigger_spec& t) {
                if (t.kind != trigger->kind || !filter_matches(t.filter, trigger->subject))
                    return false;
                if (t.kind != lua::trigger_kind::incident)
                    return true;
                const auto events = incident_events_of(t);
                return std::find(events.begin(), events.end(),
                                 trigger->payload.value("event", "")) != events.end();
            });
        if (!matches)
            continue;
        try {
            run_request req;
            req.run_id = event_run_id(event, def->name);
            if (skip && skip(req.run_id))
                continue;
            req.playbook = def;
            req.trigger_kind = lua::to_string(trigger->kind);
            req.trigger = trigger->payload;
            req.workspace = workspace_from_key(event.workspace_key);
            started.push_back(runs.start(std::move(req)));
        } catch (const std::exception& e) {
            spdlog::error("playbook '{}' not started for {}: {}", def->name, to_string(event.type),
                          e.what());
        }
    }
    return started;
}

}  // namespace tocsin::runner
