#pragma once
// Alert rows and the entities they reference. An entity is one row per workspace and identity
// key, however many alerts name it; alert_entities links them in the alert's order.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/core/time.hpp"
#include "engine/model/alert.hpp"
#include "engine/model/entity.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/rows.hpp"

namespace tocsin::store::sqlite {

// The alert with its entities.
std::optional<alert_row> find_alert(connection& db, std::int64_t workspace_id,
                                    std::string_view system_alert_id);
// True when an alert of that id exists in a workspace other than `workspace_id`.
bool alert_exists_elsewhere(connection& db, std::int64_t workspace_id,
                            std::string_view system_alert_id);
void load_entities(connection& db, alert_row& row);

// Inserts the alert and links its entities (whose identity must already be assigned),
// inserting entities the workspace has not seen. Returns the alert's row id.
std::int64_t insert_alert(connection& db, std::int64_t workspace_id, const model::alert& value,
                          time_point now);

std::vector<model::entity> entities_of_alert(connection& db, std::int64_t alert_row_id);
std::vector<model::entity> entities_of_incident(connection& db, std::int64_t incident_id);
std::optional<model::entity> find_entity(connection& db, std::int64_t workspace_id,
                                         std::string_view entity_id);
std::vector<alert_row> alerts_of_incident(connection& db, std::int64_t incident_id);

}  // namespace tocsin::store::sqlite
