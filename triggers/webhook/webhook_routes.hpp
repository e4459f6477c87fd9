#pragma once
// The webhook trigger's HTTP side:
//
//   POST /api/v1/webhooks/{name}
//
// runs the playbook bound to `name` (webhook_binding.hpp) with the request as ctx.trigger
// (webhook_exchange.hpp). Asynchronous bindings answer 202 {"runId", "status", "location"} once
// the run is registered; synchronous ones wait up to the binding's timeout_ms and answer with the
// playbook's result, or 202 like the asynchronous ones when the run is still going.
// 404 for an undeclared name, 401 for a failed authentication, 400 for a body that does not
// parse, 500 (logged with why) for a webhook whose declaration or secret is broken.
// "api-token" bindings are checked for the playbooks.run permission through the API's own guard
// (api::context::authorize); the route itself is public so that the other kinds need no token.

#include <functional>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "engine/api/api_component.hpp"
#include "engine/http/request.hpp"
#include "engine/runner/runner_component.hpp"
#include "triggers/webhook/webhook_auth.hpp"

namespace tocsin::triggers {

struct webhook_route_options {
    secret_lookup secrets;
    const clock* time = &default_clock();
};

api::route_module webhook_routes(runner::runner_component& runner, webhook_route_options options);

}  // namespace tocsin::triggers
