#include "engine/api/openapi_routes.hpp"

#include <memory>
#include <mutex>

#include "engine/api/openapi_document.hpp"

namespace tocsin::api {

namespace {

constexpr std::string_view openapi_path = "/openapi.json";

// Shared by every I/O thread: call_once builds the body exactly once, and it is read-only after.
struct openapi_state {
    std::vector<openapi::route_summary> routes;
    std::once_flag built;
    std::string body;
};

}  // namespace

void add_openapi_routes(http::router& routes, context&) {
    const http::route_options options{.permission = std::string(http::public_access)};
    auto state = std::make_shared<openapi_state>();
    state->routes = openapi::summarize(routes);
    state->routes.push_back(
        {http::verb::get, std::string(openapi_path), options.permission, options.require_json});
    routes.add(
        http::verb::get, openapi_path,
        [state](http::request&) {
            // A failure (a catalog bug) leaves the flag unset, so the next request tries again
            // and answers the same 500 rather than an empty document.
            std::call_once(state->built, [&state] {
                state->body = openapi::build_document(state->routes).dump();
            });
            http::response out;
            out.status = 200;
            out.headers.set("Content-Type", std::string(http::json_content_type));
            out.body = state->body;
            return out;
        },
        options);
}

}  // namespace tocsin::api
