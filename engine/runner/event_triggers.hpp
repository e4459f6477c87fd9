#pragma once
// Domain events → playbook runs. A playbook declaring trigger `incident` runs when an incident
// is created, `alert` when an alert is created. ctx.trigger is
//   { event = "created", workspace = {subscription, resourceGroup, name},
//     incident = {name, title, severity, …} }   (or alert = {name, alertDisplayName, …})
// and the run's actions default to that workspace. A trigger's `filter` (a table of property =
// value) must match the incident's / alert's properties (strings case-insensitively).
// A playbook never triggers itself: events whose actor is a run of the same playbook are
// skipped, so "on incident created, create an incident" cannot loop.

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

// Starts a run of every matching playbook of `playbooks` for `event`. Returns the run ids.
// Never throws: a run that cannot start is logged.
std::vector<std::string> dispatch_event(const domain_event& event, const catalog& playbooks,
                                        scheduler& runs);

}  // namespace tocsin::runner
