#include "engine/api/manual_alert_routes.hpp"

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/auth/roles.hpp"
#include "engine/automation/creation_rule.hpp"
#include "engine/http/async.hpp"
#include "engine/store/errors.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr std::string_view manual_alert_path =
    "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/"
    "{workspaceName}/alerts/manual";

// The wizard's camelCase body → the action's input; unknown fields are refused so that a typo
// does not silently drop data.
json action_input(const json& body, const model::workspace_ref& ws) {
    static const std::vector<std::pair<std::string_view, std::string_view>> names = {
        {"title", "title"},
        {"severity", "severity"},
        {"category", "category"},
        {"techniques", "techniques"},
        {"tactics", "tactics"},
        {"description", "description"},
        {"recommendedActions", "recommended_actions"},
        {"impactedAssets", "entities"},
        {"entities", "entities"},
        {"evidence", "evidence"},
        {"incident", "incident"},
        {"correlation", "correlate"},
    };
    json input = json::object();
    for (const auto& [key, value] : body.items()) {
        const auto it =
            std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == key; });
        if (it == names.end())
            throw error(errc::invalid_argument, "'" + key + "' is not a field of a manual alert.",
                        key);
        input[std::string(it->second)] = value;
    }
    if (!input.contains("entities") || (input["entities"].is_array() && input["entities"].empty()))
        throw error(errc::missing_field,
                    "'impactedAssets' is required: at least one impacted asset (an entity).",
                    "impactedAssets");
    // With correlation (the default) and no incident named, the alert pipeline places the alert.
    if (!input.contains("correlate"))
        input["correlate"] = true;
    if (input.contains("incident"))
        input["correlate"] = false;
    input["workspace"] = {
        {"subscription", ws.subscription}, {"resourceGroup", ws.resource_group}, {"name", ws.name}};
    return input;
}

// Where the pipeline put a correlated manual alert. The wizard promises an incident, so an alert
// the pipeline left standalone (a product whose creation rules it does not match) gets one of its
// own; so does every alert when the engine runs without the pipeline.
awaitable<std::pair<std::string, json>> place(context& ctx,
                                              automation::automation_component* automation,
                                              const model::workspace_ref& ws,
                                              const std::string& alert_id,
                                              const model::principal& actor) {
    json explanation = {{"outcome", "created"}};
    if (automation) {
        auto routed = co_await http::await_callback<result<automation::routing_decision>>(
            [automation, &ws, &alert_id](auto done) {
                automation->route_alert(ws, alert_id, std::move(done));
            });
        if (!routed)
            throw error(routed.error());
        const auto& d = routed.value();
        explanation = {{"outcome", automation::to_string(d.what)}, {"explanation", d.explanation}};
        if (!d.incident.empty())
            co_return std::pair{d.incident, std::move(explanation)};
    }
    auto name = co_await on_pool(ctx, [&ctx, &ws, &alert_id, &actor] {
        const auto alert = ctx.store.find_alert(ws, alert_id);
        if (!alert)
            throw store::errors::alert_not_found(alert_id);
        store::write_context wc;
        wc.actor = actor;
        wc.detail = {{"reason", "manual alert the pipeline left standalone"}};
        return ctx.store
            .create_incident_with_alerts(ws, automation::incident_from_alert(*alert, {}),
                                         {alert_id}, wc)
            .value.name;
    });
    explanation["outcome"] = "created";
    co_return std::pair{std::move(name), std::move(explanation)};
}

std::string relation_of(context& ctx, const model::workspace_ref& ws, const std::string& incident,
                        const std::string& alert_id) {
    for (const auto& r : ctx.store.list_relations(ws, incident))
        if (model::iequals(r.alert_id, alert_id))
            return r.name;
    return {};
}

}  // namespace

route_module manual_alert_routes(const plugin::registry& plugins,
                                 automation::automation_component* automation) {
    return [&plugins, automation](http::router& routes, context& ctx) {
        routes.add(
            http::verb::post, manual_alert_path,
            [&plugins, &ctx, automation](http::request& req) -> awaitable<http::response> {
                const model::workspace_ref ws{req.param("subscriptionId"),
                                              req.param("resourceGroupName"),
                                              req.param("workspaceName")};
                const auto* action = plugins.find("alerts.create");
                if (!action)
                    throw error(errc::unsupported, "Manual alerts need the alerts plugin.");
                plugin::action_call call;
                call.input = plugin::validate_input(action->name, action->input,
                                                    action_input(read_body_object(req), ws));
                call.actor = actor_of(req);
                call.timeout = action->default_timeout;
                const plugin::services services{ctx.store, ctx.blocking, ctx.blocking.executor(),
                                                ctx.bus, ws};
                auto start = [&action, &services, &call](std::function<void(result<json>)> done) {
                    action->run(services, call, std::move(done));
                };
                auto created = co_await http::await_callback<result<json>>(std::move(start));
                if (!created)
                    throw error(created.error());
                // The action answers in playbook shapes; the API answers in its resource shapes.
                const auto& out = created.value();
                const auto alert_id = out["alert"]["name"].get<std::string>();
                std::string incident_name;
                json correlation = {{"outcome", "none"}};
                if (out["incident"].is_object()) {
                    incident_name = out["incident"]["name"].get<std::string>();
                } else {
                    auto placed = co_await place(ctx, automation, ws, alert_id, call.actor);
                    incident_name = std::move(placed.first);
                    correlation = std::move(placed.second);
                }
                std::optional<model::alert> alert;
                std::optional<model::incident> incident;
                std::string relation;
                co_await on_pool(ctx, [&] {
                    alert = ctx.store.find_alert(ws, alert_id);
                    incident = ctx.store.find_incident(ws, incident_name);
                    relation = relation_of(ctx, ws, incident_name, alert_id);
                });
                if (!alert || !incident || relation.empty())
                    throw error(
                        errc::conflict,
                        "The alert's incident changed while it was created; read it again.");
                co_return http::response::json(
                    201, {{"alert", alert_resource(ws, *alert)},
                          {"incident", incident_resource(ws, *incident, origin_of(req))},
                          {"relation", relation},
                          {"correlation", std::move(correlation)}});
            },
            {.permission = std::string(auth::permission::incidents_write), .require_json = true});
    };
}

}  // namespace tocsin::api
