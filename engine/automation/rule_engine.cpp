#include "engine/automation/rule_engine.hpp"

#include "engine/automation/automation_rule_actions.hpp"
#include "engine/automation/automation_rule_conditions.hpp"

#include <spdlog/spdlog.h>

#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"
#include "engine/model/json.hpp"
#include "engine/runner/event_triggers.hpp"

namespace tocsin::automation {

using nlohmann::json;

namespace {

// Chain depths are remembered until the event they belong to is seen; an event that never comes
// (a write whose subscriber was gone) must not make the map grow without end.
constexpr std::size_t max_remembered_writes = 10000;

model::principal rule_principal(const compiled_rule& rule) {
    return {model::principal::kind::automation_rule, rule.name, rule.display_name};
}

store::write_context rule_context(const compiled_rule& rule, std::string_view trigger_when) {
    store::write_context ctx;
    ctx.actor = rule_principal(rule);
    ctx.detail = {{"automationRule", rule.name},
                  {"automationRuleDisplayName", rule.display_name},
                  {"trigger", trigger_when}};
    return ctx;
}

std::vector<std::string> label_names(const json& labels) {
    std::vector<std::string> out;
    if (labels.is_array())
        for (const auto& l : labels)
            if (l.is_object() && l.contains("labelName") && l["labelName"].is_string())
                out.push_back(l["labelName"].get<std::string>());
    return out;
}

std::vector<std::string> added_labels(const std::vector<model::field_change>& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes) {
        if (c.field != "labels")
            continue;
        const auto before = label_names(c.before);
        for (const auto& name : label_names(c.after)) {
            const bool existed = std::any_of(before.begin(), before.end(), [&](const auto& b) {
                return model::iequals(b, name);
            });
            if (!existed)
                out.push_back(name);
        }
    }
    return out;
}

// Sentinel's IncidentUpdatedBySource values.
std::string updated_by_source(const model::principal& actor) {
    switch (actor.type) {
        case model::principal::kind::user:
            return "User";
        case model::principal::kind::token:
            return "Application";
        case model::principal::kind::automation_rule:
            return "AutomationRule";
        case model::principal::kind::playbook:
            return "Playbook";
        case model::principal::kind::system:
            return actor.id == "alert-pipeline" ? "AlertGrouping" : "Application";
    }
    return {};
}

std::string event_key(const domain_event& event) {
    std::string key(to_string(event.type));
    key += '\n' + event.workspace_key + '\n' + event.incident_name + '\n' + event.alert_id;
    if (event.incident)
        key += '\n' + event.incident->etag;
    return key;
}

}  // namespace

struct rule_engine::rule_event {
    const domain_event& source;
    model::workspace_ref ws;
    trigger_when when;
    std::size_t depth = 0;
    model::incident incident;  // as the rules so far left it
    rule_subject subject;
    bool subject_loaded = false;
};

rule_engine::rule_engine(store::store& store, std::size_t max_chain,
                         playbook_starter start_playbook)
    : store_(store), max_chain_(max_chain), start_playbook_(std::move(start_playbook)) {}

std::shared_ptr<const model::incident> rule_engine::handle(const domain_event& event) {
    try {
        switch (event.type) {
            case event_type::alert_created:
                run_alert_rules(event);
                return nullptr;
            case event_type::incident_created:
            case event_type::incident_updated:
            case event_type::alert_related:
            case event_type::comment_added:
                break;
            default:
                return nullptr;
        }
        if (!event.incident)
            return nullptr;
        rule_event ev{.source = event,
                      .ws = runner::workspace_from_key(event.workspace_key),
                      .when = event.type == event_type::incident_created ? trigger_when::created
                                                                         : trigger_when::updated,
                      .depth = 0,
                      .incident = *event.incident,
                      .subject = {},
                      .subject_loaded = false};
        if (event.actor.type == model::principal::kind::automation_rule) {
            const auto it = depth_by_etag_.find(event.incident->etag);
            ev.depth = it == depth_by_etag_.end() ? 1 : it->second;
            if (it != depth_by_etag_.end())
                depth_by_etag_.erase(it);
        }
        if (ev.depth >= max_chain_) {
            spdlog::warn(
                "automation: incident {} changed by rule '{}' at chain depth {}; "
                "automation.max_chain ({}) reached, no rules run for this change",
                event.incident_name, event.actor.name, ev.depth, max_chain_);
            return event.incident;
        }
        run_incident_rules(ev);
        return std::make_shared<const model::incident>(std::move(ev.incident));
    } catch (const std::exception& e) {
        spdlog::error("automation: rules for {} of {} failed: {}", to_string(event.type),
                      event.incident_name.empty() ? event.alert_id : event.incident_name, e.what());
        return event.incident;
    }
}

void rule_engine::run_incident_rules(rule_event& ev) {
    const auto rules = store_.list_automation_rules(ev.ws);
    const auto now = default_clock().now();
    for (const auto& stored : rules) {
        try {
            const auto rule = compile_rule(stored);
            if (!rule_applies(rule, trigger_on::incidents, ev.when, now))
                continue;
            // A rule's own change never runs it again.
            if (ev.source.actor.type == model::principal::kind::automation_rule &&
                model::iequals(ev.source.actor.id, rule.name))
                continue;
            if (!ev.subject_loaded) {
                ev.subject.alerts = store_.alerts_of_incident(ev.ws, ev.incident.name);
                ev.subject.entities = store_.entities_of_incident(ev.ws, ev.incident.name);
                ev.subject.changes = ev.source.changes;
                ev.subject.added_labels = added_labels(ev.source.changes);
                ev.subject.updated_by_source = updated_by_source(ev.source.actor);
                if (ev.source.type == event_type::alert_related) {
                    ev.subject.added_alert_ids.push_back(ev.source.alert_id);
                    if (ev.source.alert)
                        ev.subject.added_tactics = ev.source.alert->tactics;
                }
                if (ev.source.type == event_type::comment_added)
                    ev.subject.added_comment_ids.push_back("comment");  // events do not name it
                ev.subject_loaded = true;
            }
            ev.subject.incident = std::make_shared<const model::incident>(ev.incident);
            if (!conditions_hold(rule, ev.subject))
                continue;
            act(rule, ev);
        } catch (const std::exception& e) {
            spdlog::error("automation: rule '{}' on incident {} failed: {}", stored.name,
                          ev.incident.name, e.what());
        }
    }
}

void rule_engine::act(const compiled_rule& rule, rule_event& ev) {
    const std::string_view when = ev.when == trigger_when::created ? "Created" : "Updated";
    auto preview = ev.incident;
    if (apply_modifications(rule, preview)) {
        auto updated = store_.update_incident(
            ev.ws, ev.incident.name, [&](model::incident& i) { apply_modifications(rule, i); },
            rule_context(rule, when));
        if (depth_by_etag_.size() >= max_remembered_writes)
            depth_by_etag_.clear();
        depth_by_etag_[updated.etag] = ev.depth + 1;
        spdlog::info("automation: rule '{}' modified incident {}", rule.display_name, updated.name);
        ev.incident = std::move(updated);
    }
    std::size_t index = 0;
    for (const auto& task : tasks_to_add(rule)) {
        model::task t;
        t.name = name_uuid("automation-task\n" + ev.ws.key() + '\n' + ev.incident.name + '\n' +
                           rule.name + '\n' + std::to_string(index++));
        t.incident_name = ev.incident.name;
        t.title = task.title;
        t.description = task.description;
        store_.put_task(ev.ws, std::move(t), rule_context(rule, when));
    }
    index = 0;
    for (const auto& call : playbook_calls(rule)) {
        json subject = model::incident_properties(ev.incident);
        subject["name"] = ev.incident.name;
        playbook_start start;
        start.run_id = name_uuid(event_key(ev.source) + '\n' + rule.name + '\n' +
                                 std::to_string(index++) + '\n' + call.playbook);
        start.playbook = call.playbook;
        start.params = call.parameters;
        start.trigger_kind = "incident";
        start.trigger = {
            {"event", ev.when == trigger_when::created ? "created" : "updated"},
            {"workspace", runner::workspace_json(ev.ws)},
            {"incident", std::move(subject)},
            {"automationRule", {{"name", rule.name}, {"displayName", rule.display_name}}}};
        start.workspace = ev.ws;
        start_playbook_(std::move(start));
    }
}

void rule_engine::run_alert_rules(const domain_event& event) {
    if (!event.alert)
        return;
    const auto ws = runner::workspace_from_key(event.workspace_key);
    const auto now = default_clock().now();
    rule_subject subject;
    subject.alert = event.alert;
    subject.entities = event.alert->entities;
    for (const auto& stored : store_.list_automation_rules(ws)) {
        try {
            const auto rule = compile_rule(stored);
            if (!rule_applies(rule, trigger_on::alerts, trigger_when::created, now) ||
                !conditions_hold(rule, subject))
                continue;
            std::size_t index = 0;
            for (const auto& call : playbook_calls(rule)) {
                json alert = model::alert_properties(*event.alert);
                alert["name"] = event.alert->system_alert_id;
                playbook_start start;
                start.run_id = name_uuid(event_key(event) + '\n' + rule.name + '\n' +
                                         std::to_string(index++) + '\n' + call.playbook);
                start.playbook = call.playbook;
                start.params = call.parameters;
                start.trigger_kind = "alert";
                start.trigger = {
                    {"event", "created"},
                    {"workspace", runner::workspace_json(ws)},
                    {"alert", std::move(alert)},
                    {"automationRule", {{"name", rule.name}, {"displayName", rule.display_name}}}};
                start.workspace = ws;
                start_playbook_(std::move(start));
            }
        } catch (const std::exception& e) {
            spdlog::error("automation: alert rule '{}' failed for alert {}: {}", stored.name,
                          event.alert_id, e.what());
        }
    }
}

}  // namespace tocsin::automation
