#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "engine/model/entity.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::model {

// A SecurityAlert: a signal from a detector, with the entities it concerns.
struct alert {
    std::string system_alert_id;  // GUID; generated when the client gives none
    std::string display_name;
    std::string alert_type;
    std::string description;
    model::severity severity = model::severity::medium;
    alert_status status = alert_status::new_;
    std::string product_name;
    std::string product_component_name;
    std::string product_version;
    std::string vendor_name;
    std::string provider_alert_id;
    std::string detection_source;  // e.g. "Manual" for analyst-created alerts
    std::string category;
    std::string compromised_entity;
    std::string alert_link;
    std::vector<std::string> tactics;     // AttackTactic names
    std::vector<std::string> techniques;  // MITRE ids: T1566 or T1566.001
    std::vector<std::string> remediation_steps;
    std::optional<double> confidence_score;
    std::string confidence_level;  // Unknown / Low / High
    std::optional<time_point> start_time;
    std::optional<time_point> end_time;
    time_point time_generated{};
    std::optional<time_point> processing_end_time;
    std::vector<entity> entities;
    nlohmann::json additional_data = nlohmann::json::object();
    // Tocsin's extension: false keeps the alert standalone: correlation never joins it to an
    // incident, and it is never the reason another alert joins one. Input only: the
    // SecurityAlert shape the API returns does not have it.
    bool correlation = true;

    // Set by the store.
    std::string workspace_key;
    time_point created{};
};

// The tactics Sentinel knows (AttackTactic).
bool is_known_tactic(std::string_view name);
// T1234 or T1234.001.
bool is_mitre_technique(std::string_view id);

}  // namespace tocsin::model
