#pragma once
// Builds the OpenAPI 3.0.3 document of GET /openapi.json from the live route table and the
// catalog (openapi_catalog.hpp). The route table decides what is in the document: one operation
// per route, never one for a catalog entry without a route. Each route contributes what its
// registration says:
//   - path parameters, from the template's {name} segments;
//   - security and x-tocsin-permission (plus x-tocsin-roles, the roles that grant it), from
//     options.permission: public routes have `security: []`, routes without a permission are
//     for Admin ("admin", as GET /api/v1/routes says);
//   - the required api-version query parameter of the Sentinel-compatible routes (those under
//     arm_template), listing the accepted versions;
//   - the errors the edge itself answers: 401/403/429 for routes that need a token, 400 for
//     ARM routes (api-version), 400/413/415 for JSON bodies, 500 for all;
// and the catalog adds operationId, summary, description, tag, bodies, responses, query options
// and the handler's own errors. A route without a catalog entry still gets an operation, marked
// x-tocsin-undocumented, so the document stays complete (and the tests fail).
//
// Pure: no I/O, no globals beyond the catalog; thread-safe.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/http/router.hpp"

namespace tocsin::api::openapi {

// What the document needs of a route: everything but its handler, so that a table can be kept
// after the router has moved into the server.
struct route_summary {
    http::verb method = http::verb::get;
    std::string path_template;
    std::string permission;
    bool require_json = false;
};

std::vector<route_summary> summarize(const http::router& routes);

// The whole document. Throws tocsin::error(errc::internal) when two routes would share an
// operationId (a catalog mistake that would break generated clients).
nlohmann::json build_document(const std::vector<route_summary>& routes);

}  // namespace tocsin::api::openapi
