#pragma once
// Tocsin's own routes that read alerts on their own (Sentinel reads them only through an
// incident, POST incidents/{id}/alerts):
//
//   GET /api/v1/subscriptions/{s}/resourceGroups/{rg}/workspaces/{ws}/alerts
//       ?product=NAME&since=ISO-8601&top=1..1000&skipToken=…
//       → {"value": [SecurityAlert], "nextLink": absolute URL of the next page}; newest first
//   GET /api/v1/subscriptions/{s}/resourceGroups/{rg}/workspaces/{ws}/alerts/{alertId}
//       → the SecurityAlert (with its entities) and "incidents": [{name, incidentNumber,
//         title, status}] it belongs to; 404 when the workspace has no such alert
//
// Both need the read permission.

#include "engine/api/context.hpp"
#include "engine/http/router.hpp"

namespace tocsin::api {

void add_alert_read_routes(http::router& routes, context& ctx);

}  // namespace tocsin::api
