#pragma once
// Tocsin's own alert ingest: detectors and log pipelines push SecurityAlerts in, and correlation
// and incident creation take it from there.
//
//   POST /api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/
//        workspaces/{workspaceName}/alerts[?correlation=false]
//
// New alerts then go through the alert pipeline (engine/automation/alert_router.hpp):
// correlation into open incidents, incident creation rules. An alert with "correlation": false,
// or every alert of a request with ?correlation=false, stays standalone until related by hand.
//
// The workspace is part of the path, as in the ARM routes (the same three names, so an alert
// ingested here is the alert a relation's relatedResourceId names), rather than a query or body
// field: every alert of a request lands in one workspace, the path is what proxies and a future
// authorisation filter scope by, and a body cannot disagree with it. No api-version: this is not
// a Sentinel route.
//
// Body, one of:
//  - one alert: the SecurityAlert properties (alertDisplayName, severity, systemAlertId, …,
//    timeGenerated) with "entities": [{"kind": "Host", "hostName": …} | {"kind", "properties"}],
//    flat or wrapped as {"properties": {…}} (the shape POST incidents/{id}/alerts returns).
//    → 201 with the SecurityAlert resource; 200 with the stored one when systemAlertId already
//    exists (idempotent retries); 400 naming the field.
//  - a batch: {"alerts": [alert, …]} with 1..max_batch items (larger: 413) → 200
//    {"value": [{"status": 201|200, "alert": {…}} | {"status": 400, "error": {code, message,
//    target}}, …]} in request order; valid items are stored in one transaction even when others
//    fail.

#include <cstddef>
#include <functional>

#include "engine/api/context.hpp"
#include "engine/http/router.hpp"

namespace tocsin::api {

struct ingest_options {
    std::size_t max_batch = 1000;
};

// The route module (see api_component.hpp) that adds the ingest route with these options.
std::function<void(http::router&, context&)> ingest_routes(ingest_options options = {});

}  // namespace tocsin::api
