#pragma once
// The correlation lookup: from entity identity keys to the open incidents whose alerts name
// them. The walk is entities (workspace_id, identity_key) → alert_entities_by_entity → alerts by
// primary key → relations_by_alert → incidents by primary key; CROSS JOINs pin that order so the
// planner never starts from a table scan, whatever statistics it has (sqlite_store_test checks
// the plan).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/time.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/store.hpp"

namespace tocsin::store::sqlite {

// Parameters: a JSON array of identity keys, the workspace id, the earliest timeGenerated (ms),
// the alert id to leave out. Alerts whose alerts.data says "correlation": false are no reason
// (absent means true). Rows: incident id, name, number, created; key position in the
// array; entity identity key, kind, friendly name; alert id. Ordered by incident (created,
// number), then by preference of the reason (earliest key, newest alert).
inline constexpr std::string_view correlation_candidates_sql =
    "SELECT i.id, i.name, i.number, i.created_ms, k.key, e.identity_key, e.kind, "
    "e.friendly_name, a.system_alert_id "
    "FROM json_each(?) k "
    "CROSS JOIN entities e ON e.workspace_id = ? AND e.identity_key = k.value "
    "CROSS JOIN alert_entities ae ON ae.entity_id = e.id "
    "CROSS JOIN alerts a ON a.id = ae.alert_id "
    "CROSS JOIN relations r ON r.alert_id = a.id "
    "CROSS JOIN incidents i ON i.id = r.incident_id "
    "WHERE a.time_generated_ms >= ? AND a.system_alert_id <> ? "
    "AND COALESCE(json_extract(a.data, '$.correlation'), 1) <> 0 "
    "AND i.status IN ('New', 'Active') "
    "ORDER BY i.created_ms, i.number, k.key, a.time_generated_ms DESC, a.id DESC";

// See store::correlation_candidates.
std::vector<correlation_candidate> correlation_candidates(
    connection& db, std::int64_t workspace_id, const std::vector<std::string>& identity_keys,
    time_point since, std::string_view exclude_alert_id);

}  // namespace tocsin::store::sqlite
