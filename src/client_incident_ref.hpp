#pragma once
// Incidents are addressed by name (a GUID, the ARM resource name) or, for people, by their
// incident number. Lookups go through the list route: $filter=properties/incidentNumber eq N.

#include <string>

#include <nlohmann/json.hpp>

#include "src/client_api.hpp"

namespace tocsin::cli {

// The name of the incident `id` designates: an all-digit id that is the number of an incident of
// the workspace gives that incident's name; anything else is taken as a name as it is (so a
// missing incident gets the server's own 404).
std::string resolve_incident(api_client& api, const std::string& id);

// GET incidents/{id} after resolving it; throws the server's 404 when there is no such incident.
nlohmann::json fetch_incident(api_client& api, const std::string& id);

// "#12" for an incident resource, or its name when it has no number.
std::string incident_label(const nlohmann::json& incident);

}  // namespace tocsin::cli
