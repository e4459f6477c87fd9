#pragma once
// The REST API as an engine component: builds the route table from the route modules (plus
// health, token management and the route listing), guards it with bearer-token authentication
// (engine/auth; on a first start with no tokens it creates the Admin token, prints it once and
// writes it to <data_dir>/admin.token), runs the HTTP server with the engine's configuration,
// and announces where it listens on stdout ("tocsin: listening on http://HOST:PORT"), which
// scripts and tests wait for.

#include <functional>
#include <memory>
#include <vector>

#include "engine/api/context.hpp"
#include "engine/auth/access_guard.hpp"
#include "engine/core/engine.hpp"
#include "engine/http/router.hpp"
#include "engine/http/server.hpp"

namespace tocsin::api {

using route_module = std::function<void(http::router&, context&)>;

class api_component final : public component {
  public:
    api_component(engine& eng, std::vector<route_module> modules);
    ~api_component() override;

    std::string name() const override { return "http"; }
    void start() override;
    void stop() override;

    // Valid after start().
    std::string base_url() const;

  private:
    engine& engine_;
    context context_;
    std::vector<route_module> modules_;
    // Declared before server_: the server's guard refers to it until the server is gone.
    std::unique_ptr<auth::access_guard> guard_;
    std::unique_ptr<http::server> server_;
};

}  // namespace tocsin::api
