#include "triggers/webhook/webhook_routes.hpp"

#include <spdlog/spdlog.h>

#include "engine/api/arm_route.hpp"
#include "engine/api/runner_routes.hpp"
#include "engine/auth/roles.hpp"
#include "engine/core/uuid.hpp"
#include "engine/http/url.hpp"
#include "triggers/shared/synchronous_run.hpp"
#include "triggers/webhook/webhook_exchange.hpp"

namespace tocsin::triggers {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

struct webhook_state {
    webhook_state(runner::runner_component& r, webhook_route_options o)
        : runner(r), options(std::move(o)), verifier(options.secrets, *options.time) {}

    runner::runner_component& runner;
    webhook_route_options options;
    webhook_verifier verifier;
};

webhook_binding binding_for(webhook_state& state, const std::string& name) {
    auto found = find_webhook(state.runner.catalog(), name);
    if (!found.problem.empty())
        throw error(errc::config, found.problem);
    if (!found.binding)
        throw error(errc::not_found, "No loaded playbook declares a webhook named '" + name + "'.",
                    "name");
    return std::move(*found.binding);
}

// The refusal to answer, or nullopt when the caller may run the webhook.
awaitable<std::optional<http::response>> authenticate(api::context& ctx, webhook_state& state,
                                                      const webhook_binding& binding,
                                                      http::request& req) {
    if (binding.auth.kind != webhook_auth_kind::api_token) {
        state.verifier.verify(binding, req);
        co_return std::nullopt;
    }
    if (!ctx.authorize)
        throw error(errc::unauthenticated, "The webhook '" + binding.name +
                                               "' needs an API token, and API tokens are not "
                                               "available on this server.");
    co_return co_await ctx.authorize(req, auth::permission::playbooks_run);
}

runner::run_request request_for(const webhook_binding& binding, json payload) {
    runner::run_request run;
    run.playbook = binding.playbook;
    run.trigger_kind = "webhook";
    run.trigger = std::move(payload);
    run.run_id = new_time_ordered_uuid();
    return run;
}

awaitable<http::response> handle(api::context& ctx, webhook_state& state, http::request& req) {
    const auto binding = binding_for(state, req.param("name"));
    if (auto refused = co_await authenticate(ctx, state, binding, req))
        co_return std::move(*refused);
    auto run = request_for(binding, webhook_payload(binding, req, state.options.time->now()));
    const auto run_id = run.run_id;
    if (!binding.synchronous) {
        co_await api::start_queued(ctx, state.runner, std::move(run));
        co_return api::run_accepted(req, run_id);
    }
    auto record = co_await run_and_wait(ctx, state.runner, std::move(run), binding.sync_timeout);
    if (!record)
        co_return api::run_accepted(req, run_id);
    co_return webhook_response(*record);
}

}  // namespace

api::route_module webhook_routes(runner::runner_component& runner, webhook_route_options options) {
    return [&runner, options = std::move(options)](http::router& routes, api::context& ctx) {
        auto state = std::make_shared<webhook_state>(runner, options);
        routes.add(http::verb::post, "/api/v1/webhooks/{name}",
                   [state, &ctx](http::request& req) { return handle(ctx, *state, req); },
                   {.permission = std::string(http::public_access)});
    };
}

}  // namespace tocsin::triggers
