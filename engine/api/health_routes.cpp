#include "engine/api/health_routes.hpp"

#include <optional>

#include <spdlog/spdlog.h>

#include "engine/http/async.hpp"

namespace tocsin::api {

void add_health_routes(http::router& routes, context& ctx) {
    // Probes carry no credentials: both stay open whatever auth.enabled says.
    const http::route_options open{.permission = std::string(http::public_access)};
    routes.add(
        http::verb::get, "/healthz",
        [](http::request&) {
            return http::response::json(200, {{"status", "ok"}});
        },
        open);
    routes.add(
        http::verb::get, "/readyz",
        [&ctx](http::request&) -> boost::asio::awaitable<http::response> {
            std::optional<int> version;
            try {
                version = co_await http::offload(ctx.blocking.executor(),
                                                 [&ctx] { return ctx.store.schema_version(); });
            } catch (const std::exception& e) {
                spdlog::warn("readiness check: store unavailable: {}", e.what());
            }
            if (!version)
                co_return http::response::error(503, "ServiceUnavailable",
                                                "The store is not available.");
            co_return http::response::json(200, {{"status", "ready"}, {"schemaVersion", *version}});
        },
        open);
}

}  // namespace tocsin::api
