#pragma once
// The correlation.* and automation.* configuration keys, read once at start.

#include <chrono>
#include <cstddef>
#include <set>

#include "engine/core/config.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::automation {

struct correlation_settings {
    bool enabled = true;
    std::chrono::minutes window{24 * 60};
    std::set<model::entity_kind> kinds;  // the strong kinds; empty = correlate on nothing
};

struct automation_settings {
    bool route_alerts = true;
    correlation_settings correlation;
    std::size_t max_chain = 5;
};

// Throws tocsin::error(invalid_argument, field = the key) for an entity kind Sentinel does not
// know, so a typo in correlation.entity_kinds stops the start instead of silently matching less.
automation_settings automation_settings_from(const config& cfg);

}  // namespace tocsin::automation
