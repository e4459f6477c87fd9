#include "engine/api/arm_route.hpp"

#include <optional>

#include "engine/api/arm_error.hpp"
#include "engine/api/arm_paths.hpp"

namespace tocsin::api {

void add_arm_route(http::router& routes, http::verb method, std::string_view suffix,
                   arm_handler handler, bool json_body) {
    add_arm_route(routes, method, suffix, {}, std::move(handler), json_body);
}

void add_arm_route(http::router& routes, http::verb method, std::string_view suffix,
                   std::string_view permission, arm_handler handler, bool json_body) {
    routes.add(
        method, arm_template(suffix),
        [handler =
             std::move(handler)](http::request& req) -> boost::asio::awaitable<http::response> {
            // co_await may not appear in a handler block, so the error response is carried out
            // of the catch; other exceptions reach the dispatcher's ARM error mapping.
            std::optional<http::response> refused;
            arm_call call;
            try {
                call.version = require_api_version(req);
                call.workspace = workspace_of(req);
            } catch (const arm_error& e) {
                refused = e.to_response();
            }
            if (refused)
                co_return std::move(*refused);
            try {
                co_return co_await handler(req, call);
            } catch (const arm_error& e) {
                refused = e.to_response();
            }
            co_return std::move(*refused);
        },
        http::route_options{.permission = std::string(permission), .require_json = json_body});
}

}  // namespace tocsin::api
