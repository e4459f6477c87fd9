#include "engine/api/token_routes.hpp"

#include <memory>

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/auth/roles.hpp"
#include "engine/auth/token_cache.hpp"
#include "engine/auth/token_issue.hpp"
#include "engine/core/time.hpp"

namespace tocsin::api {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

std::vector<std::string> string_list(const json& body, const char* field) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null())
        return {};
    // Appended rather than "'" + std::string(field): GCC 12 -O3 warns (-Wrestrict) on that form.
    std::string message = "'";
    message.append(field).append("' must be an array of strings.");
    const auto wrong = error(errc::invalid_argument, message, field);
    if (!it->is_array())
        throw wrong;
    std::vector<std::string> out;
    for (const auto& item : *it) {
        if (!item.is_string())
            throw wrong;
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::string optional_string(const json& body, const char* field) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null())
        return {};
    if (!it->is_string())
        throw error(errc::invalid_argument, "'" + std::string(field) + "' must be a string.",
                    field);
    return it->get<std::string>();
}

auth::token_request token_request_of(const json& body, const http::request& req) {
    auth::token_request out;
    out.name = optional_string(body, "name");
    out.roles = string_list(body, "roles");
    out.workspaces = string_list(body, "workspaces");
    if (auto expires = optional_string(body, "expires"); !expires.empty())
        out.expires = std::move(expires);
    if (auto kind = optional_string(body, "kind"); !kind.empty())
        out.kind = std::move(kind);
    out.created_by = actor_of(req).name;
    return out;
}

http::route_options admin_only(bool json_body = false) {
    return {.permission = std::string(auth::permission::tokens_manage), .require_json = json_body};
}

error token_not_found(const std::string& id) {
    return error(errc::not_found, "Token " + id + " doesn't exist.");
}

}  // namespace

void add_token_routes(http::router& routes, context& ctx) {
    routes.add(
        http::verb::get, "/api/v1/tokens",
        [&ctx](http::request&) -> awaitable<http::response> {
            auto tokens = co_await on_read_pool(ctx, [&ctx] { return ctx.store.list_tokens(); });
            const auto now = default_clock().now();
            json value = json::array();
            for (const auto& t : tokens)
                value.push_back(auth::token_json(t, now));
            co_return http::response::json(200, {{"value", std::move(value)}});
        },
        admin_only());

    routes.add(
        http::verb::post, "/api/v1/tokens",
        [&ctx](http::request& req) -> awaitable<http::response> {
            const auto request = token_request_of(read_body_object(req), req);
            const auto now = default_clock().now();
            auto issued = co_await on_pool(
                ctx, [&ctx, &request, &now] { return auth::issue_token(ctx.store, request, now); });
            spdlog::info("auth: token {} '{}' ({}) issued by {}", issued.record.id,
                         issued.record.name, fmt::join(issued.record.roles, ", "),
                         request.created_by);
            auto body = auth::token_json(issued.record, now);
            body["token"] = issued.text;
            co_return http::response::json(201, body);
        },
        admin_only(true));

    routes.add(
        http::verb::get, "/api/v1/tokens/{tokenId}",
        [&ctx](http::request& req) -> awaitable<http::response> {
            const auto id = req.param("tokenId");
            auto found =
                co_await on_read_pool(ctx, [&ctx, &id] { return ctx.store.find_token(id); });
            if (!found)
                throw token_not_found(id);
            co_return http::response::json(200, auth::token_json(*found, default_clock().now()));
        },
        admin_only());

    routes.add(
        http::verb::delete_, "/api/v1/tokens/{tokenId}",
        [&ctx](http::request& req) -> awaitable<http::response> {
            const auto id = req.param("tokenId");
            const auto now = default_clock().now();
            auto found = co_await on_pool(ctx, [&ctx, &id, &now] {
                std::optional<store::api_token> out;
                if (auth::revoke_token(ctx.store, id, now, auth::token_change_file(ctx.settings)))
                    out = ctx.store.find_token(id);
                return out;
            });
            if (!found)
                throw token_not_found(id);
            spdlog::info("auth: token {} '{}' revoked by {}", id, found->name, actor_of(req).name);
            co_return http::response::json(200, auth::token_json(*found, now));
        },
        admin_only());
}

std::function<void()> add_route_table_route(http::router& routes) {
    const http::route_options options{.permission = std::string(auth::permission::read)};
    // Filled once by the returned function, before the server starts; read-only afterwards.
    auto listing = std::make_shared<json>(json::object());
    routes.add(
        http::verb::get, "/api/v1/routes",
        [listing](http::request&) { return http::response::json(200, *listing); }, options);
    return [listing, &routes] {
        json value = json::array();
        for (const auto* r : routes.table()) {
            const auto& permission = r->options.permission;
            value.push_back({{"method", http::to_string(r->method)},
                             {"path", r->path_template},
                             {"permission", permission.empty() ? "admin" : permission}});
        }
        *listing = json{{"value", std::move(value)}};
    };
}

}  // namespace tocsin::api
