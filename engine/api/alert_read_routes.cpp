#include "engine/api/alert_read_routes.hpp"

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/auth/roles.hpp"
#include "engine/core/time.hpp"
#include "engine/http/url.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr std::string_view alerts_path =
    "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/"
    "{workspaceName}/alerts";

model::workspace_ref workspace_of(const http::request& req) {
    return {req.param("subscriptionId"), req.param("resourceGroupName"),
            req.param("workspaceName")};
}

store::alert_query alert_query_of(const http::request& req) {
    store::alert_query query;
    query.top = page_size_of(req);
    if (const auto product = req.query_param("product"); product && !product->empty())
        query.product_name = std::string(*product);
    if (const auto since = req.query_param("since"); since && !since->empty()) {
        query.generated_after = parse_time(*since);
        if (!query.generated_after)
            throw error(errc::invalid_argument,
                        "'since' must be an ISO 8601 time such as 2026-01-31T08:00:00Z.", "since");
    }
    query.skip_token = std::string(req.query_param("skipToken").value_or(""));
    return query;
}

// The request's own filters again, with the page size and the store's token for the next page.
std::string next_link(const http::request& req, const store::alert_query& query,
                      std::string_view token) {
    std::string target = req.path() + "?top=" + std::to_string(query.top);
    if (query.product_name)
        target += "&product=" + http::encode_component(*query.product_name);
    if (const auto since = req.query_param("since"); since && !since->empty())
        target += "&since=" + http::encode_component(*since);
    target += "&skipToken=" + http::encode_component(token);
    return http::absolute_url(req, target);
}

json incident_summary(const model::incident& incident) {
    return {{"name", incident.name},
            {"incidentNumber", incident.number},
            {"title", incident.title},
            {"status", model::to_string(incident.status)}};
}

awaitable<http::response> list(context& ctx, http::request& req) {
    const auto ws = workspace_of(req);
    const auto query = alert_query_of(req);
    const auto found = co_await on_read_pool(
        ctx, [&ctx, &ws, &query] { return ctx.store.list_alerts(ws, query); });
    json items = json::array();
    for (const auto& alert : found.items)
        items.push_back(alert_resource(ws, alert));
    co_return http::response::json(
        200, list_body(std::move(items),
                       found.next_token.empty() ? "" : next_link(req, query, found.next_token)));
}

awaitable<http::response> show(context& ctx, http::request& req) {
    const auto ws = workspace_of(req);
    const auto id = req.param("alertId");
    std::optional<model::alert> alert;
    std::vector<model::incident> incidents;
    std::vector<model::entity> entities;
    co_await on_read_pool(ctx, [&] {
        alert = ctx.store.find_alert(ws, id);
        if (!alert)
            return;
        incidents = ctx.store.incidents_of_alert(ws, id);
        entities = ctx.store.entities_of_alert(ws, id);
    });
    if (!alert)
        throw error(errc::not_found, "Alert " + id + " doesn't exist.", "alertId");
    auto out = alert_resource(ws, *alert);
    out["entities"] = json::array();
    for (const auto& entity : entities)
        out["entities"].push_back(entity_resource(ws, entity));
    out["incidents"] = json::array();
    for (const auto& incident : incidents)
        out["incidents"].push_back(incident_summary(incident));
    co_return http::response::json(200, out);
}

}  // namespace

void add_alert_read_routes(http::router& routes, context& ctx) {
    const http::route_options readers{.permission = std::string(auth::permission::read)};
    routes.add(
        http::verb::get, alerts_path, [&ctx](http::request& req) { return list(ctx, req); },
        readers);
    routes.add(
        http::verb::get, std::string(alerts_path) + "/{alertId}",
        [&ctx](http::request& req) { return show(ctx, req); }, readers);
}

}  // namespace tocsin::api
