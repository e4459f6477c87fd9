#pragma once
// The component schemas of GET /openapi.json (OpenAPI 3.0 "components.schemas"), keyed by name.
// Sentinel's shapes are translated by hand from its Swagger 2.0 definitions (Incidents.json,
// AutomationRules.json and their common types, api-versions 2022-07-01-preview and 2025-09-01)
// and follow what Tocsin actually returns: fields Tocsin adds are described, fields it never
// returns are left out. Tocsin's own routes have their own schemas. Pure; thread-safe.

#include <nlohmann/json.hpp>

namespace tocsin::api::openapi {

// Every component schema, merged from the families below. Throws tocsin::error(errc::internal)
// when two families define the same name (a bug: one would silently win).
nlohmann::json component_schemas();

// The families, one file each.
nlohmann::json incident_schemas();         // incidents, alerts, entities, relations, comments,
                                           // tasks, CloudError (openapi_incident_schemas.cpp)
nlohmann::json automation_rule_schemas();  // automation rules and the manual-trigger bodies
nlohmann::json alert_rule_schemas();       // incident creation rules (alertRules)
nlohmann::json watchlist_schemas();        // watchlists and their items
nlohmann::json own_schemas();              // Tocsin's /api/v1 routes, health, tokens

}  // namespace tocsin::api::openapi
