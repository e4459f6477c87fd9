#include "engine/api/api_component.hpp"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "engine/api/health_routes.hpp"
#include "engine/api/metrics_routes.hpp"
#include "engine/api/openapi_routes.hpp"
#include "engine/api/token_routes.hpp"
#include "engine/auth/token_issue.hpp"

namespace tocsin::api {

api_component::api_component(engine& eng, std::vector<route_module> modules)
    : engine_(eng),
      context_{eng.store(), eng.blocking(), eng.reads(), eng.bus(), eng.settings()},
      modules_(std::move(modules)) {}

api_component::~api_component() = default;

namespace {

// Runs before the server accepts anything, on the starting thread, so blocking is fine here.
void bootstrap_tokens(store::store& tokens, const auth::auth_settings& settings,
                      const std::filesystem::path& data_dir) {
    const auto file = data_dir / "admin.token";
    const auto issued = auth::bootstrap_admin_token(tokens, settings, file, default_clock().now());
    if (!issued)
        return;
    spdlog::info("auth: created the first Admin token {} and wrote it to {}", issued->record.id,
                 file.string());
    // A generated token is shown once on stdout, like the readiness line (and never in the log,
    // which may travel further); a configured one is known to whoever configured it.
    if (settings.bootstrap_token.empty())
        std::cout << "tocsin: created the first Admin token (shown once; also in " << file.string()
                  << "): " << issued->text << std::endl;
}

}  // namespace

void api_component::start() {
    http::router routes;
    add_health_routes(routes, context_);
    add_token_routes(routes, context_);
    add_metrics_routes(routes, context_);
    for (auto& m : modules_)
        m(routes, context_);
    const auto publish_route_table = add_route_table_route(routes);
    add_openapi_routes(routes, context_);  // last: it describes the whole table
    publish_route_table();

    auto auth_settings = auth::auth_settings_of(engine_.settings());
    if (auth_settings.enabled)
        bootstrap_tokens(engine_.store(), auth_settings, engine_.settings().data_dir);
    else
        spdlog::warn("auth.enabled is false: the REST API serves every request without a token");
    guard_ = std::make_unique<auth::access_guard>(engine_.store(), engine_.reads(),
                                                  std::move(auth_settings));

    const auto& cfg = engine_.settings();
    http::server_config sc;
    sc.address = cfg.http.listen.host;
    sc.port = cfg.http.listen.port;
    sc.io_threads = cfg.engine.io_threads;
    sc.read_timeout = cfg.http.read_timeout;
    sc.shutdown_grace = cfg.engine.shutdown_grace;
    sc.body_limit = cfg.http.max_body_bytes;
    sc.tls_certificate_file = cfg.http.tls_cert.string();
    sc.tls_private_key_file = cfg.http.tls_key.string();
    server_ = std::make_unique<http::server>(std::move(sc), std::move(routes));
    server_->set_guard(guard_->handler());
    server_->add_observer(request_metrics());
    // Routes that authenticate on their own terms ask the same guard (webhook_routes.hpp).
    context_.authorize = [this](http::request& req, std::string_view permission)
        -> boost::asio::awaitable<std::optional<http::response>> {
        http::route target;
        target.options.permission = std::string(permission);
        co_return co_await guard_->check(req, &target);
    };
    server_->start();
    spdlog::info("REST API listening on {}", server_->base_url());
    // Machine-readable readiness line, printed once every component runs and signals are
    // watched.
    engine_.announce("tocsin: listening on " + server_->base_url());
}

void api_component::stop() {
    if (server_)
        server_->stop();
}

std::string api_component::base_url() const {
    return server_ ? server_->base_url() : "";
}

}  // namespace tocsin::api
