// Incident relations: the alerts of an incident, by relation name. Sentinel's rules (one
// relation per alert, 150 alerts, the same workspace, names taken) live in the store; this
// file reads relatedResourceId, picks the sole-alert policy and maps the store's errors to the
// statuses Sentinel answers with.

#include "engine/api/arm_child_routes.hpp"
#include "engine/api/arm_paths.hpp"
#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/auth/roles.hpp"
#include "engine/http/error_mapping.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

// The alert a relatedResourceId names: <this workspace>/entities/{systemAlertId}.
std::string alert_of(const std::string& related, const model::workspace_ref& ws,
                     const std::string& relation_name) {
    constexpr std::string_view field = "properties.relatedResourceId";
    if (related.empty())
        throw error(errc::missing_field, "'properties.relatedResourceId' is required.",
                    std::string(field));
    const auto target = parse_workspace_resource(related);
    if (!target)
        throw error(errc::invalid_argument,
                    "'" + related +
                        "' is not a resource id of the form /subscriptions/{subscriptionId}/"
                        "resourceGroups/{resourceGroupName}/providers/"
                        "Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/"
                        "Microsoft.SecurityInsights/entities/{alertId}.",
                    std::string(field));
    if (!model::iequals(target->type, "entities"))
        throw error(errc::invalid_argument,
                    "Failed to create relation. Relation type " + target->type +
                        " is not supported with name " + relation_name + ".",
                    std::string(field));
    if (!(target->workspace == ws))
        throw error(errc::invalid_argument,
                    "Failed to create relation. Alert and incident must be in the same workspace.",
                    std::string(field));
    return target->name;
}

// What happens to another incident whose only alert joins this one: query option
// soleAlertPolicy (or properties.soleAlertPolicy), keep by default as Sentinel does.
model::sole_alert_policy policy_of(const http::request& req, const json& properties) {
    std::string text(req.query_param("soleAlertPolicy").value_or(""));
    std::string field = "soleAlertPolicy";
    if (text.empty()) {
        text = string_property(properties, "soleAlertPolicy");
        field = "properties.soleAlertPolicy";
    }
    if (text.empty() || model::iequals(text, "keep"))
        return model::sole_alert_policy::keep;
    if (model::iequals(text, "close"))
        return model::sole_alert_policy::close_other;
    throw error(errc::invalid_argument,
                "'" + text + "' is not a valid soleAlertPolicy; expected keep or close.", field);
}

// Sentinel answers an alert that is already related with 400, not the 409 of already_exists.
template <typename Fn>
auto relation_errors(Fn fn) {
    try {
        return fn();
    } catch (const http::http_error&) {
        throw;
    } catch (const tocsin::error& e) {
        if (e.code() == errc::already_exists)
            throw http::http_error(400, e.code(), e.what(), e.field());
        throw;
    }
}

}  // namespace

void add_arm_relation_routes(http::router& routes, context& ctx) {
    add_child_read_delete_routes<model::relation>(
        routes, ctx,
        {.collection = "relations",
         .id_param = "relationName",
         .noun = "Relation",
         .list = [](store::store& s, const model::workspace_ref& ws,
                    const std::string& incident) { return s.list_relations(ws, incident); },
         .find = [](store::store& s, const model::workspace_ref& ws, const std::string& incident,
                    const std::string& name) { return s.find_relation(ws, incident, name); },
         .remove =
             [](store::store& s, const model::workspace_ref& ws, const std::string& incident,
                const std::string& name, const store::write_context& wc) {
                 return s.remove_relation(ws, incident, name, wc);
             },
         .resource = relation_resource});

    add_arm_route(
        routes, http::verb::put, "incidents/{incidentId}/relations/{relationName}",
        auth::permission::incidents_write,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto incident = req.param("incidentId");
            const auto name = req.param("relationName");
            model::validate_child_name(name, "relationName");
            const auto body = read_body_object(req);
            const auto& properties = properties_of(body);
            const auto alert =
                alert_of(string_property(properties, "relatedResourceId"), call.workspace, name);
            const auto policy = policy_of(req, properties);
            const auto pre = precondition_of(req, &body);
            auto written = co_await on_pool(ctx, [&] {
                return relation_errors([&] {
                    return put_honouring_etag(
                        pre, actor_of(req),
                        [&](const store::write_context& wc) {
                            return ctx.store.add_relation(call.workspace, incident, name, alert,
                                                          policy, wc);
                        },
                        [&] {
                            return ctx.store.find_relation(call.workspace, incident, name)
                                .has_value();
                        });
                });
            });
            co_return resource_response(written.created ? 201 : 200,
                                        relation_resource(call.workspace, written.relation));
        },
        /*json_body=*/true);
}

}  // namespace tocsin::api
