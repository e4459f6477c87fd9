#pragma once
// Relation rows: named links from an incident to an alert, unique per (incident, name) and per
// (incident, alert).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/core/time.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/rows.hpp"

namespace tocsin::store::sqlite {

std::optional<relation_row> find_relation(connection& db, std::int64_t incident_id,
                                          std::string_view name);
std::optional<relation_row> find_relation_of_alert(connection& db, std::int64_t incident_id,
                                                   std::int64_t alert_row_id);
std::vector<relation_row> list_relations(connection& db, std::int64_t incident_id);
std::int64_t insert_relation(connection& db, std::int64_t incident_id, std::string_view name,
                             std::int64_t alert_row_id, std::string_view etag, time_point now);
void delete_relation(connection& db, std::int64_t relation_id);
// Ids of open incidents other than `except_incident_id` whose only alert is this one.
std::vector<std::int64_t> sole_alert_incidents(connection& db, std::int64_t alert_row_id,
                                               std::int64_t except_incident_id);

}  // namespace tocsin::store::sqlite
