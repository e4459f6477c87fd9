#include "engine/api/ingest_routes.hpp"

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/auth/roles.hpp"
#include "engine/core/time.hpp"
#include "engine/http/error_mapping.hpp"
#include "engine/model/json.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr std::string_view ingest_path =
    "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/"
    "{workspaceName}/alerts";

// ?correlation=false: every alert of the request stays standalone (the body's own "correlation"
// can only opt out further). Anything but true/false is refused rather than guessed.
bool correlation_allowed(const http::request& req) {
    const auto value = req.query_param("correlation");
    if (!value || *value == "true")
        return true;
    if (*value == "false")
        return false;
    throw error(errc::invalid_argument,
                "The query parameter 'correlation' must be true or false, not '" +
                    std::string(*value) + "'.",
                "correlation");
}

// One alert in either accepted shape; `path` prefixes field names in errors. An alert without
// timeGenerated was generated when it reached us (rather than at the epoch).
model::alert alert_of(const json& value, const std::string& path, bool correlation) {
    if (!value.is_object())
        throw error(errc::invalid_argument, "'" + path + "' must be an object.", path);
    const auto it = value.find("properties");
    auto alert =
        it != value.end() && it->is_object()
            ? model::alert_from_json(*it, path.empty() ? "properties" : path + ".properties")
            : model::alert_from_json(value, path);
    if (alert.time_generated == time_point{})
        alert.time_generated = default_clock().now();
    alert.correlation = alert.correlation && correlation;
    return alert;
}

// The ARM error object of one batch item; as for whole responses, a 5xx never shows its detail.
json item_error(const error_info& info) {
    const int status = http::status_for(info.code);
    json out = {{"code", http::arm_code_for(status)},
                {"message", status >= 500 ? "An internal error occurred." : info.message}};
    if (!info.field.empty())
        out["target"] = info.field;
    return out;
}

awaitable<http::response> ingest_one(context& ctx, const model::workspace_ref& ws,
                                     const model::principal& actor, const json& body,
                                     bool correlation) {
    auto alert = alert_of(body, "", correlation);
    auto written = co_await on_pool(ctx, [&ctx, &ws, &actor, &alert] {
        return ctx.store.create_alert(ws, alert, {actor, std::nullopt});
    });
    co_return http::response::json(written.created ? 201 : 200, alert_resource(ws, written.value));
}

awaitable<http::response> ingest_batch(context& ctx, const model::workspace_ref& ws,
                                       const model::principal& actor, const json& items,
                                       std::size_t max_batch, bool correlation) {
    if (!items.is_array() || items.empty())
        throw error(errc::invalid_argument, "'alerts' must be a non-empty array.", "alerts");
    if (items.size() > max_batch)
        throw http::http_error(413, errc::limit_exceeded,
                               "A batch holds at most " + std::to_string(max_batch) +
                                   " alerts; this one has " + std::to_string(items.size()) +
                                   ". Split it.",
                               "alerts");
    // Items that do not parse answer 400 on their own; the rest go to the store together.
    std::vector<json> answers(items.size());
    std::vector<model::alert> valid;
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto parsed = capture(
            [&] { return alert_of(items[i], "alerts[" + std::to_string(i) + "]", correlation); });
        if (!parsed) {
            answers[i] = {{"status", http::status_for(parsed.error().code)},
                          {"error", item_error(parsed.error())}};
            continue;
        }
        valid.push_back(std::move(parsed.value()));
        positions.push_back(i);
    }
    if (!valid.empty()) {
        auto results = co_await on_pool(ctx, [&ctx, &ws, &actor, &valid] {
            return ctx.store.create_alerts(ws, valid, {actor, std::nullopt});
        });
        for (std::size_t j = 0; j < results.size(); ++j) {
            const auto& r = results[j];
            if (r) {
                answers[positions[j]] = {{"status", r->created ? 201 : 200},
                                         {"alert", alert_resource(ws, r->value)}};
            } else {
                answers[positions[j]] = {{"status", http::status_for(r.error().code)},
                                         {"error", item_error(r.error())}};
            }
        }
    }
    json value = json::array();
    for (auto& a : answers)
        value.push_back(std::move(a));
    co_return http::response::json(200, {{"value", std::move(value)}});
}

}  // namespace

std::function<void(http::router&, context&)> ingest_routes(ingest_options options) {
    return [options](http::router& routes, context& ctx) {
        routes.add(
            http::verb::post, ingest_path,
            [&ctx, options](http::request& req) -> awaitable<http::response> {
                const model::workspace_ref ws{req.param("subscriptionId"),
                                              req.param("resourceGroupName"),
                                              req.param("workspaceName")};
                const auto actor = actor_of(req);
                const bool correlation = correlation_allowed(req);
                const auto body = read_body_object(req);
                if (const auto it = body.find("alerts"); it != body.end())
                    co_return co_await ingest_batch(ctx, ws, actor, *it, options.max_batch,
                                                    correlation);
                co_return co_await ingest_one(ctx, ws, actor, body, correlation);
            },
            http::route_options{.permission = std::string(auth::permission::alerts_ingest),
                                .require_json = true});
    };
}

}  // namespace tocsin::api
