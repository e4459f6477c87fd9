#pragma once

#include "engine/api/context.hpp"
#include "engine/http/router.hpp"

namespace tocsin::api {

// GET /healthz: the process answers. GET /readyz: the store answers too (503 otherwise).
void add_health_routes(http::router& routes, context& ctx);

}  // namespace tocsin::api
