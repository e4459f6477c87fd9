#pragma once
// GET /openapi.json: the OpenAPI 3.0 document of every route (openapi_document.hpp), served to
// anyone (permission public_access) as application/json, so that viewers and client generators
// can fetch it without a token. The document holds no secrets: only what the routes are.
//
// The route describes the table as it stands when add_openapi_routes is called, itself
// included, so api_component calls it after every other module. The table is copied then (the
// router moves into the server afterwards); the document is built from the copy on the first
// request and served from memory after that.

#include "engine/api/context.hpp"
#include "engine/http/router.hpp"

namespace tocsin::api {

void add_openapi_routes(http::router& routes, context& ctx);

}  // namespace tocsin::api
