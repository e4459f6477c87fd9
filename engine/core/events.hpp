#pragma once
// Domain events: published on the event bus by the store after a transaction commits, never for
// a rolled-back one. Snapshots are shared and immutable so any number of subscribers can read
// them on their own executors without copies.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/time.hpp"
#include "engine/model/activity.hpp"
#include "engine/model/alert.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/principal.hpp"

namespace tocsin {

enum class event_type {
    incident_created,
    incident_updated,  // `changes` lists each changed field, before → after
    incident_closed,   // also published as incident_updated; this one is for close listeners
    incident_deleted,
    alert_created,
    alert_related,    // alert added to an incident
    alert_unrelated,  // alert removed from an incident
    comment_added,
    task_added,
};

std::string_view to_string(event_type type);

struct domain_event {
    event_type type = event_type::incident_updated;
    std::string workspace_key;
    std::string incident_name;  // empty for alert_created
    std::string alert_id;       // for alert_* events
    std::string relation_name;  // for alert_related / alert_unrelated
    std::vector<model::field_change> changes;
    model::principal actor;
    time_point at{};
    // State after the change (before it, for deletions); null where it does not apply.
    std::shared_ptr<const model::incident> incident;
    std::shared_ptr<const model::alert> alert;
};

}  // namespace tocsin
