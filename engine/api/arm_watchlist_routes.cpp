// Watchlists and watchlist items (Sentinel Watchlists.json): stored by the store's watchlist part,
// read by playbooks through the watchlists plugin. Reading needs permission read; writing
// automation.manage (Contributor), as Sentinel keeps watchlists to its Contributor role.

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/api/arm_watchlists.hpp"
#include "engine/auth/roles.hpp"
#include "engine/http/url.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/watchlist_store.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr std::size_t default_watchlist_page = 100;

store::watchlist_page_query page_query_of(const http::request& req) {
    store::watchlist_page_query query;
    query.top = page_size_of(req, default_watchlist_page);
    if (const auto token = req.query_param("$skipToken"))
        query.skip_token = std::string(*token);
    return query;
}

std::string next_link_of(const http::request& req, const store::watchlist_page_query& query,
                         const std::string& next_token) {
    if (next_token.empty())
        return {};
    std::string target = req.path();
    target += "?api-version=" + http::encode_component(req.query_param("api-version").value_or(""));
    target += "&$top=" + std::to_string(query.top);
    target += "&$skipToken=" + http::encode_component(next_token);
    return http::absolute_url(req, target);
}

}  // namespace

void add_arm_watchlist_routes(http::router& routes, context& ctx) {
    add_arm_route(routes, http::verb::get, "watchlists", auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto query = page_query_of(req);
                      auto found = co_await on_read_pool(ctx, [&ctx, &call, &query] {
                          return ctx.store.watchlists().list_watchlists(call.workspace, query);
                      });
                      json items = json::array();
                      for (const auto& list : found.items)
                          items.push_back(watchlist_resource(call.workspace, list));
                      co_return http::response::json(
                          200,
                          list_body(std::move(items), next_link_of(req, query, found.next_token)));
                  });

    add_arm_route(routes, http::verb::get, "watchlists/{watchlistAlias}", auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto alias = req.param("watchlistAlias");
                      auto found = co_await on_read_pool(ctx, [&ctx, &call, &alias] {
                          return ctx.store.watchlists().find_watchlist(call.workspace, alias);
                      });
                      if (!found)
                          throw error(errc::not_found, "Watchlist " + alias + " doesn't exist.");
                      co_return resource_response(200, watchlist_resource(call.workspace, *found));
                  });

    add_arm_route(
        routes, http::verb::put, "watchlists/{watchlistAlias}", auth::permission::automation_manage,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto alias = req.param("watchlistAlias");
            model::validate_child_name(alias, "watchlistAlias");
            const auto body = read_body_object(req);
            auto upload = watchlist_from_body(alias, body);
            const auto pre = precondition_of(req, &body);
            auto written = co_await on_pool(ctx, [&] {
                return naming_properties([&] {
                    return put_honouring_etag(
                        pre, actor_of(req),
                        [&](const store::write_context& wc) {
                            return ctx.store.watchlists().put_watchlist(call.workspace, upload.list,
                                                                        upload.items, wc);
                        },
                        [&] {
                            return ctx.store.watchlists()
                                .find_watchlist(call.workspace, alias)
                                .has_value();
                        });
                });
            });
            co_return resource_response(written.created ? 201 : 200,
                                        watchlist_resource(call.workspace, written.value));
        },
        /*json_body=*/true);

    add_arm_route(
        routes, http::verb::delete_, "watchlists/{watchlistAlias}",
        auth::permission::automation_manage,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto alias = req.param("watchlistAlias");
            const store::write_context wc{actor_of(req), precondition_of(req, nullptr).if_match};
            const bool deleted = co_await on_pool(ctx, [&ctx, &call, &alias, &wc] {
                return ctx.store.watchlists().delete_watchlist(call.workspace, alias, wc);
            });
            co_return delete_response(deleted);
        });

    add_arm_route(
        routes, http::verb::get, "watchlists/{watchlistAlias}/watchlistItems",
        auth::permission::read,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto alias = req.param("watchlistAlias");
            const auto query = page_query_of(req);
            auto found = co_await on_read_pool(ctx, [&ctx, &call, &alias, &query] {
                return ctx.store.watchlists().list_watchlist_items(call.workspace, alias, query);
            });
            json items = json::array();
            for (const auto& item : found.items)
                items.push_back(watchlist_item_resource(call.workspace, alias, item));
            co_return http::response::json(
                200, list_body(std::move(items), next_link_of(req, query, found.next_token)));
        });

    add_arm_route(
        routes, http::verb::get, "watchlists/{watchlistAlias}/watchlistItems/{watchlistItemId}",
        auth::permission::read,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto alias = req.param("watchlistAlias");
            const auto item_id = req.param("watchlistItemId");
            auto found = co_await on_read_pool(ctx, [&ctx, &call, &alias, &item_id] {
                return ctx.store.watchlists().find_watchlist_item(call.workspace, alias, item_id);
            });
            if (!found)
                throw error(errc::not_found, "Watchlist item " + item_id +
                                                 " doesn't exist in watchlist " + alias + ".");
            co_return resource_response(200,
                                        watchlist_item_resource(call.workspace, alias, *found));
        });

    add_arm_route(
        routes, http::verb::put, "watchlists/{watchlistAlias}/watchlistItems/{watchlistItemId}",
        auth::permission::automation_manage,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto alias = req.param("watchlistAlias");
            model::watchlist_item item;
            item.id = req.param("watchlistItemId");
            model::validate_child_name(item.id, "watchlistItemId");
            const auto body = read_body_object(req);
            item.values = watchlist_item_values_from_body(body);
            const auto pre = precondition_of(req, &body);
            auto written = co_await on_pool(ctx, [&] {
                return naming_properties([&] {
                    return put_honouring_etag(
                        pre, actor_of(req),
                        [&](const store::write_context& wc) {
                            return ctx.store.watchlists().put_watchlist_item(call.workspace, alias,
                                                                             item, wc);
                        },
                        [&] {
                            return ctx.store.watchlists()
                                .find_watchlist_item(call.workspace, alias, item.id)
                                .has_value();
                        });
                });
            });
            co_return resource_response(
                written.created ? 201 : 200,
                watchlist_item_resource(call.workspace, alias, written.value));
        },
        /*json_body=*/true);

    add_arm_route(
        routes, http::verb::delete_, "watchlists/{watchlistAlias}/watchlistItems/{watchlistItemId}",
        auth::permission::automation_manage,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto alias = req.param("watchlistAlias");
            const auto item_id = req.param("watchlistItemId");
            const store::write_context wc{actor_of(req), precondition_of(req, nullptr).if_match};
            const bool deleted = co_await on_pool(ctx, [&ctx, &call, &alias, &item_id, &wc] {
                return ctx.store.watchlists().delete_watchlist_item(call.workspace, alias, item_id,
                                                                    wc);
            });
            co_return delete_response(deleted);
        });
}

}  // namespace tocsin::api
