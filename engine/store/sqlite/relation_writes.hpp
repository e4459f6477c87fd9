#pragma once
// The relation writes of the SQLite store with Sentinel's rules (see store::add_relation). Each
// runs inside the caller's write transaction, writes the rows, records the activity entry and
// queues the event, so single relation calls and compound writes (an incident created with its
// alerts, a merge) apply the same rules and leave the same trail.

#include <optional>
#include <string>
#include <string_view>

#include "engine/model/relation.hpp"
#include "engine/store/sqlite/rows.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store::sqlite {

// The relation as reads return it, named under `incident_name`.
model::relation relation_view(relation_row row, const std::string& incident_name);

// The incident of w's workspace by name; errors::incident_not_found when absent.
incident_row require_incident(write_scope& w, std::string_view name);

// Relates alert `alert_id` to `incident` under `relation_name` (empty: generated; a given name
// must already be valid). `if_match` is checked against the relation of that name. Re-adding
// an identical relation returns it with created=false and writes nothing. Activity
// "relation.added", event alert_related; under close_other, open incidents whose only alert
// this was are closed after it.
relation_result relate_alert(write_scope& w, const incident_row& incident,
                             const std::string& relation_name, const std::string& alert_id,
                             model::sole_alert_policy policy,
                             const std::optional<std::string>& if_match);

// Removes `relation` from `incident`; precondition_failed when the incident's external provider
// owns the alert. Activity "relation.removed", event alert_unrelated.
void unrelate_alert(write_scope& w, const incident_row& incident, const relation_row& relation);

}  // namespace tocsin::store::sqlite
