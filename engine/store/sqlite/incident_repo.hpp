#pragma once
// Incident rows and their labels, and the summary figures derived from relations, comments and
// tasks. Functions take the connection of the caller's transaction; none opens its own.

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/model/incident.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/rows.hpp"

namespace tocsin::store::sqlite {

// The stored incident with its labels; summary empty and activity times as stored.
std::optional<incident_row> find_incident(connection& db, std::int64_t workspace_id,
                                          std::string_view name);
incident_row load_incident(connection& db, std::int64_t incident_id);
// Loads the labels of a row read from one of sql.hpp's incident selects.
void load_labels(connection& db, incident_row& row);

// Fills value.summary, and replaces first/last activity by the earliest start / latest end of
// the related alerts when there are any (the stored values stand otherwise).
void attach_summary(connection& db, incident_row& row);
std::int64_t count_alerts(connection& db, std::int64_t incident_id);

std::int64_t insert_incident(connection& db, std::int64_t workspace_id,
                             const model::incident& value);
// Writes every writable column plus last_modified and etag; number and created never change.
void update_incident(connection& db, std::int64_t incident_id, const model::incident& value);
// Relations, comments, tasks and labels go with it (ON DELETE CASCADE); activity stays.
void delete_incident(connection& db, std::int64_t incident_id);

}  // namespace tocsin::store::sqlite
