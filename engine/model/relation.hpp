#pragma once

#include <string>

#include "engine/core/time.hpp"

namespace tocsin::model {

// A named link from an incident to an alert ("relations/{name}" in the API).
struct relation {
    std::string name;
    std::string incident_name;
    std::string alert_id;  // system alert id
    std::string etag;
    time_point created{};
};

// What happens to another incident whose only alert is being added to this one.
enum class sole_alert_policy { keep, close_other };

// Comment written on an incident that is closed because its sole alert moved.
inline constexpr std::string_view moved_alert_comment = "Alert was added to another incident";

}  // namespace tocsin::model
