#pragma once
// Shared by `tocsin alerts` and `tocsin incidents show`.

#include <string_view>

#include <nlohmann/json.hpp>

namespace tocsin::cli {

// One row per SecurityAlert resource: id, severity, status, product, time, name.
void print_alert_table(const nlohmann::json& alerts, std::string_view indent = {});

}  // namespace tocsin::cli
