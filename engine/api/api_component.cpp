#include "engine/api/api_component.hpp"

#include <cstdio>

#include <spdlog/spdlog.h>

#include "engine/api/health_routes.hpp"

namespace tocsin::api {

api_component::api_component(engine& eng, std::vector<route_module> modules)
    : engine_(eng),
      context_{eng.store(), eng.blocking(), eng.bus(), eng.settings()},
      modules_(std::move(modules)) {}

api_component::~api_component() = default;

void api_component::start() {
    http::router routes;
    add_health_routes(routes, context_);
    for (auto& m : modules_)
        m(routes, context_);

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
