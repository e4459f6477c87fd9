#pragma once
// The append-only activity log (the schema's triggers refuse UPDATE and DELETE).

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/model/activity.hpp"
#include "engine/store/sqlite/connection.hpp"

namespace tocsin::store::sqlite {

// Appends `entry` (its id is ignored and assigned by the database).
void append_activity(connection& db, std::int64_t workspace_id, const model::activity_entry& entry);
// Oldest first.
std::vector<model::activity_entry> activity_of_incident(connection& db, std::int64_t workspace_id,
                                                        std::string_view incident_name);

}  // namespace tocsin::store::sqlite
