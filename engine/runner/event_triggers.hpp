#pragma once
// Domain events → playbook runs. A playbook declaring trigger `incident` runs when an incident
// is created, `alert` when an alert is created. ctx.trigger is
//   { event = "created", workspace = {subscription, resourceGroup, name},
//     incident = {name, title, severity, …} }   (or alert = {name, alertDisplayName, …})
// An incident trigger may opt into other incident events with options.events (default
// {"created"}): "updated" adds changes = {{field, before, after}, …} to ctx.trigger;
// "alertRelated" (an alert was added to the incident) adds alert = {name, …} and relation.
// and the run's actions default to that workspace. A trigger's `filter` (a table of property =
// value) must match the incident's / alert's properties (strings case-insensitively).
// A playbook never triggers itself: events whose actor is a run of the same playbook are
// skipped, so "on incident created, create an incident" cannot loop.
//
// Delivery guarantee: at least once, and exactly one run per (event, playbook). The run id is
// derived from the event and the playbook name (event_run_id), so a run started twice for one
// event is the same run. Creation events are durable before anyone is told of them: the store
// writes an activity-log entry in the creating transaction. The bus delivers them after commit;
// a crash between the commit and the run's "running" record is covered at start-up by
// recover_creation_events (trigger_recovery.hpp), which reads the activity log from the runner's
// cursor and starts every run that has no record yet.

#include <functional>
#include <optional>

#include "engine/core/events.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/model/workspace.hpp"
#include "engine/runner/catalog.hpp"
#include "engine/runner/scheduler.hpp"

namespace tocsin::runner {

// "sub/rg/name" → workspace_ref (the store's key; names compare case-insensitively).
model::workspace_ref workspace_from_key(const std::string& key);
nlohmann::json workspace_json(const model::workspace_ref& ws);

// The trigger kind and ctx.trigger of an event, or nullopt for events that trigger nothing.
struct event_trigger {
    lua::trigger_kind kind;
    nlohmann::json payload;
    nlohmann::json subject;  // the properties filters are matched against
};
std::optional<event_trigger> trigger_of(const domain_event& event);

bool filter_matches(const nlohmann::json& filter, const nlohmann::json& subject);

// The incident events an incident trigger takes: its options.events, default {"created"}.
std::vector<std::string> incident_events_of(const lua::trigger_spec& trigger);

// The id of the run of `playbook` for an event: a name-based UUID of the event's kind,
// workspace, subject (incident name and number, or alert id), the write (an update's etag, a
// relation's alert and name) and the playbook.
std::string event_run_id(const domain_event& event, const std::string& playbook);

// Starts a run of every matching playbook of `playbooks` for `event`, except those for which
// `skip(run id)` is true. Returns the run ids started. Never throws: a run that cannot start is
// logged.
std::vector<std::string> dispatch_event(const domain_event& event, const catalog& playbooks,
                                        scheduler& runs,
                                        const std::function<bool(const std::string&)>& skip = {});

}  // namespace tocsin::runner
