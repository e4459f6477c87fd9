#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "engine/model/principal.hpp"

namespace tocsin::model {

// One field's change: before → after, as JSON values (null when absent).
struct field_change {
    std::string field;
    nlohmann::json before;
    nlohmann::json after;
};

// An audit entry: who did what, when. Every change to an incident, its relations, comments and
// tasks writes one in the same transaction; nothing changes without one.
struct activity_entry {
    std::int64_t id = 0;  // store sequence, increasing
    std::string incident_name;
    std::string action;  // "incident.created", "incident.updated", "incident.closed",
                         // "incident.deleted", "relation.added", "relation.removed",
                         // "comment.added", "comment.updated", "comment.deleted", "task.added", …
    principal actor;
    time_point at{};
    std::vector<field_change> changes;
    nlohmann::json detail = nlohmann::json::object();  // e.g. {"alertId":…, "reason":…}
};

}  // namespace tocsin::model
