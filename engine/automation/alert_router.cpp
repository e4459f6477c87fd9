#include "engine/automation/alert_router.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "engine/automation/creation_rule.hpp"
#include "engine/core/time.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::automation {

using nlohmann::json;

namespace {

json entity_json(const store::correlation_candidate& c) {
    return {{"kind", model::to_string(c.entity_kind)},
            {"name", c.entity_friendly_name},
            {"identityKey", c.identity_key}};
}

store::write_context pipeline_context(json detail) {
    store::write_context ctx;
    ctx.actor = alert_pipeline_principal();
    ctx.detail = std::move(detail);
    return ctx;
}

std::vector<std::string> strong_identity_keys(const model::alert& alert,
                                              const correlation_settings& settings) {
    std::vector<std::string> keys;
    for (const auto& e : alert.entities)
        if (settings.kinds.contains(e.kind) &&
            std::find(keys.begin(), keys.end(), e.identity_key) == keys.end())
            keys.push_back(e.identity_key);
    return keys;
}

// Rules whose stored properties do not parse are skipped with a log line rather than stopping
// every alert: the API validated them, so this is a store edited by hand or a newer release.
std::vector<creation_rule> enabled_rules(store::store& store, const model::workspace_ref& ws) {
    std::vector<creation_rule> rules;
    for (const auto& stored : store.list_alert_rules(ws)) {
        try {
            auto rule = parse_creation_rule(stored);
            if (rule.enabled)
                rules.push_back(std::move(rule));
        } catch (const std::exception& e) {
            spdlog::warn("creation rule '{}' skipped: {}", stored.name, e.what());
        }
    }
    return rules;
}

bool governs(const std::vector<creation_rule>& rules, const model::alert& alert) {
    return std::any_of(rules.begin(), rules.end(), [&](const creation_rule& r) {
        return std::any_of(r.products.begin(), r.products.end(), [&](const std::string& p) {
            return model::iequals(p, alert.product_name);
        });
    });
}

}  // namespace

std::string_view to_string(routing_decision::outcome what) {
    switch (what) {
        case routing_decision::outcome::joined:
            return "joined";
        case routing_decision::outcome::created:
            return "created";
        case routing_decision::outcome::standalone:
            return "standalone";
        case routing_decision::outcome::already_routed:
            return "already_routed";
        case routing_decision::outcome::not_found:
            break;
    }
    return "not_found";
}

model::principal alert_pipeline_principal() {
    return {model::principal::kind::system, "alert-pipeline", "Tocsin alert pipeline"};
}

alert_router::alert_router(store::store& store, correlation_settings settings)
    : store_(store), settings_(std::move(settings)) {}

routing_decision alert_router::route(const model::workspace_ref& ws, const std::string& alert_id) {
    const auto alert = store_.find_alert(ws, alert_id);
    if (!alert)
        return {};
    if (const auto homes = store_.incidents_of_alert(ws, alert_id); !homes.empty()) {
        routing_decision d;
        d.what = routing_decision::outcome::already_routed;
        d.incident = homes.front().name;
        return d;
    }
    if (!alert->correlation) {
        routing_decision d;
        d.what = routing_decision::outcome::standalone;
        d.explanation = {{"reason", "correlation disabled for this alert"}};
        return d;
    }
    json why_not = json::object();
    if (!settings_.enabled)
        why_not["correlation"] = "disabled in the configuration";
    else if (auto joined = correlate(ws, *alert, why_not))
        return std::move(*joined);
    return create_by_rules(ws, *alert, std::move(why_not));
}

std::optional<routing_decision> alert_router::correlate(const model::workspace_ref& ws,
                                                        const model::alert& alert, json& why_not) {
    const auto keys = strong_identity_keys(alert, settings_);
    if (keys.empty()) {
        why_not["correlation"] = "the alert has no entity of a correlating kind";
        return std::nullopt;
    }
    const auto since = alert.time_generated - settings_.window;
    const auto candidates = store_.correlation_candidates(ws, keys, since, alert.system_alert_id);
    if (candidates.empty()) {
        why_not["correlation"] = "no open incident shares a strong entity within the window";
        why_not["windowMinutes"] = settings_.window.count();
        return std::nullopt;
    }
    const auto target = std::find_if(candidates.begin(), candidates.end(), [](const auto& c) {
        return c.alerts_count < static_cast<std::int64_t>(model::max_alerts_per_incident);
    });
    if (target == candidates.end()) {
        why_not["correlation"] = "every open incident sharing an entity holds 150 alerts";
        why_not["fullIncidents"] = json::array();
        for (const auto& c : candidates)
            why_not["fullIncidents"].push_back(c.incident_name);
        return std::nullopt;
    }
    json detail = {{"reason", "correlation"},
                   {"alertId", alert.system_alert_id},
                   {"entity", entity_json(*target)},
                   {"sharedWithAlert", target->alert_id},
                   {"windowMinutes", settings_.window.count()}};
    try {
        store_.add_relation(ws, target->incident_name, "", alert.system_alert_id,
                            model::sole_alert_policy::keep, pipeline_context(detail));
    } catch (const error& e) {
        // The incident filled up or closed since the lookup: start an incident instead.
        why_not["correlation"] =
            std::string("joining ") + target->incident_name + " failed: " + e.what();
        return std::nullopt;
    }
    routing_decision decision;
    decision.what = routing_decision::outcome::joined;
    decision.incident = target->incident_name;
    decision.explanation = std::move(detail);
    merge_others(ws, alert, *target, candidates, decision);
    return decision;
}

void alert_router::merge_others(const model::workspace_ref& ws, const model::alert& alert,
                                const store::correlation_candidate& target,
                                const std::vector<store::correlation_candidate>& candidates,
                                routing_decision& decision) {
    for (const auto& other : candidates) {
        if (model::iequals(other.incident_name, target.incident_name))
            continue;
        json detail = {{"reason", "correlation merge"},
                       {"alertId", alert.system_alert_id},
                       {"entity", entity_json(other)},
                       {"sharedWithAlert", other.alert_id},
                       {"survivingIncident", target.incident_name},
                       {"windowMinutes", settings_.window.count()}};
        try {
            store_.merge_incidents(ws, target.incident_name, other.incident_name,
                                   pipeline_context(std::move(detail)));
            decision.merged.push_back(other.incident_name);
        } catch (const error& e) {
            spdlog::warn("correlation: incident {} not merged into {} (alert {}): {}",
                         other.incident_name, target.incident_name, alert.system_alert_id,
                         e.what());
        }
    }
}

routing_decision alert_router::create_by_rules(const model::workspace_ref& ws,
                                               const model::alert& alert, json correlation_note) {
    const auto rules = enabled_rules(store_, ws);
    const auto rule_ids = matching_rule_ids(rules, alert);
    routing_decision decision;
    decision.rule_ids = rule_ids;
    json detail = {{"alertId", alert.system_alert_id}};
    detail.update(correlation_note);
    if (rule_ids.empty()) {
        if (governs(rules, alert)) {
            decision.what = routing_decision::outcome::standalone;
            detail["reason"] = "no creation rule for its product matched";
            decision.explanation = std::move(detail);
            return decision;
        }
        detail["reason"] = "new alert of a product no creation rule governs";
    } else {
        detail["reason"] = "creation rule";
        detail["rules"] = rule_ids;
    }
    auto created =
        store_.create_incident_with_alerts(ws, incident_from_alert(alert, rule_ids),
                                           {alert.system_alert_id}, pipeline_context(detail));
    decision.what = routing_decision::outcome::created;
    decision.incident = created.value.name;
    decision.explanation = std::move(detail);
    return decision;
}

}  // namespace tocsin::automation
