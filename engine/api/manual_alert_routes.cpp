#include "engine/api/manual_alert_routes.hpp"

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/auth/roles.hpp"
#include "engine/http/async.hpp"

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
    input["workspace"] = {
        {"subscription", ws.subscription}, {"resourceGroup", ws.resource_group}, {"name", ws.name}};
    return input;
}

}  // namespace

route_module manual_alert_routes(const plugin::registry& plugins) {
    return [&plugins](http::router& routes, context& ctx) {
        routes.add(
            http::verb::post, manual_alert_path,
            [&plugins, &ctx](http::request& req) -> awaitable<http::response> {
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
                const auto incident_name = out["incident"]["name"].get<std::string>();
                std::optional<model::alert> alert;
                std::optional<model::incident> incident;
                co_await on_pool(ctx, [&] {
                    alert = ctx.store.find_alert(ws, alert_id);
                    incident = ctx.store.find_incident(ws, incident_name);
                });
                if (!alert || !incident)
                    throw error(
                        errc::conflict,
                        "The alert's incident changed while it was created; read it again.");
                co_return http::response::json(
                    201, {{"alert", alert_resource(ws, *alert)},
                          {"incident", incident_resource(ws, *incident, origin_of(req))},
                          {"relation", out["relation"]}});
            },
            {.permission = std::string(auth::permission::incidents_write), .require_json = true});
    };
}

}  // namespace tocsin::api
