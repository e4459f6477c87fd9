#pragma once
// Where a new alert goes: the alert half of the automation pipeline. In this order:
//  1. An alert already in an incident (one routed before a restart, or related by hand) stays
//     where it is. An alert created with "correlation": false (manual alerts, which their
//     action places itself; ingest with ?correlation=false) stays standalone: no routing.
//  2. Correlation, when it is on (correlation.enabled): the alert joins the oldest open incident
//  holding an alert that
//     shares one of its strong entities (correlation.entity_kinds) generated within
//     correlation.window_minutes before it, if that incident has room (150 alerts); a full one
//     is passed over for the next. Every other open incident the alert links to is merged into
//     that one (store::merge_incidents: alerts move to the older incident, the other is closed
//     Undetermined with a comment naming the survivor); a merge that would break the cap is
//     skipped and logged.
//  3. Incident creation rules, for what correlation did not place: an alert matching one or
//     more enabled rules becomes ONE incident (relatedAnalyticRuleIds = the matching rule
//     names). A product no enabled rule names is ungoverned: its uncorrelated alerts start an
//     incident of their own, so a fresh install groups alerts into incidents without set-up.
//     Once a rule names a product, the rules decide: an alert of it that matches none stays
//     standalone. With correlation.enabled false, every alert goes straight to this step.
// Every decision is written with an explanation in the activity log (write_context::detail:
// reason, alert, entity, window, rules), so an analyst can see why an alert landed where it did.
//
// Blocking (store calls): run it on the blocking pool, one alert at a time per engine, or two
// alerts sharing a new entity could both start an incident.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/automation/automation_settings.hpp"
#include "engine/store/store.hpp"

namespace tocsin::automation {

struct routing_decision {
    enum class outcome { joined, created, standalone, already_routed, not_found };
    outcome what = outcome::not_found;
    std::string incident;               // joined / created / already_routed
    std::vector<std::string> merged;    // incidents merged into `incident`
    std::vector<std::string> rule_ids;  // creation rules that matched
    nlohmann::json explanation = nlohmann::json::object();
};

std::string_view to_string(routing_decision::outcome what);

// The principal the pipeline's writes are recorded under.
model::principal alert_pipeline_principal();

class alert_router {
  public:
    alert_router(store::store& store, correlation_settings settings);

    routing_decision route(const model::workspace_ref& ws, const std::string& alert_id);

  private:
    std::optional<routing_decision> correlate(const model::workspace_ref& ws,
                                              const model::alert& alert, nlohmann::json& why_not);
    void merge_others(const model::workspace_ref& ws, const model::alert& alert,
                      const store::correlation_candidate& target,
                      const std::vector<store::correlation_candidate>& candidates,
                      routing_decision& decision);
    routing_decision create_by_rules(const model::workspace_ref& ws, const model::alert& alert,
                                     nlohmann::json correlation_note);

    store::store& store_;
    correlation_settings settings_;
};

}  // namespace tocsin::automation
