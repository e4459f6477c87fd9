#pragma once
// Token management over the REST API, for Admin tokens (permission tokens.manage); the same
// operations as `tocsin token create/list/revoke`, which work on the data directory instead.
//
//   GET    /api/v1/tokens             {"value": [token, …]} oldest first
//   POST   /api/v1/tokens             {"name", "roles": [..], "workspaces": ["sub/rg/ws", ..],
//                                      "expires": "30d" | ISO 8601, "kind": "app" | "user"}
//                                      → 201 token + "token": "tcn_…" (shown this once only)
//   GET    /api/v1/tokens/{tokenId}   token, 404 when unknown
//   DELETE /api/v1/tokens/{tokenId}   revokes; 200 with the token, 404 when unknown
//
// A token here is auth::token_json: id, name, kind, roles, workspaces, created, createdBy,
// expires, revoked, status; never the secret or its hash.
//
// And the route table itself, for operators reviewing who may do what (permission read):
//
//   GET    /api/v1/routes             {"value": [{"method", "path", "permission"}, …]}

#include <functional>

#include "engine/api/context.hpp"
#include "engine/http/router.hpp"

namespace tocsin::api {

void add_token_routes(http::router& routes, context& ctx);

// Adds GET /api/v1/routes. The listing is taken when the returned function is called, so it can
// include routes added after this one (GET /openapi.json, which must describe the listing route
// in turn); call that once the table is complete, before the server accepts anything.
[[nodiscard]] std::function<void()> add_route_table_route(http::router& routes);

}  // namespace tocsin::api
