// Incidents: list, get, create-or-replace, delete, and the read-only views of an incident's
// alerts, entities and activity log.

#include <map>

#include "engine/api/arm_incident_query.hpp"
#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/auth/roles.hpp"
#include "engine/model/json.hpp"
#include "engine/store/errors.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

// A body that names only the owner's objectId (as the SDKs send an assignment) gets the details
// last seen with that objectId; a body with any detail is taken as it is.
bool wants_owner_details(const model::owner_info& owner) {
    return !owner.object_id.empty() && owner.email.empty() && owner.assigned_to.empty() &&
           owner.user_principal_name.empty();
}

void fill_owner(model::owner_info& owner, const model::owner_info& known) {
    owner.email = known.email;
    owner.assigned_to = known.assigned_to;
    owner.user_principal_name = known.user_principal_name;
    if (owner.owner_type == model::owner_type::unknown)
        owner.owner_type = known.owner_type;
}

}  // namespace

void add_arm_incident_routes(http::router& routes, context& ctx) {
    add_arm_route(routes, http::verb::get, "incidents", auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto query = incident_query_of(req);
                      auto page = co_await on_read_pool(ctx, [&ctx, &call, &query] {
                          return ctx.store.list_incidents(call.workspace, query);
                      });
                      const auto origin = origin_of(req);
                      json items = json::array();
                      for (const auto& incident : page.items)
                          items.push_back(incident_resource(call.workspace, incident, origin));
                      std::string next;
                      if (!page.next_token.empty())
                          next = incidents_next_link(req, query, page.next_token);
                      co_return http::response::json(200, list_body(std::move(items), next));
                  });

    add_arm_route(routes, http::verb::get, "incidents/{incidentId}", auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto name = req.param("incidentId");
                      auto found = co_await on_read_pool(ctx, [&ctx, &call, &name] {
                          return ctx.store.find_incident(call.workspace, name);
                      });
                      if (!found)
                          throw store::errors::incident_not_found(name);
                      co_return resource_response(
                          200, incident_resource(call.workspace, *found, origin_of(req)));
                  });

    add_arm_route(
        routes, http::verb::put, "incidents/{incidentId}", auth::permission::incidents_write,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto body = read_body_object(req);
            // Reads only the writable fields: read-only ones, systemData and additionalData that
            // clients send back from a GET are ignored.
            auto incident = model::incident_from_json(properties_of(body));
            incident.name = req.param("incidentId");
            const auto pre = precondition_of(req, &body);
            auto written = co_await on_pool(ctx, [&] {
                const auto& ws = call.workspace;
                if (wants_owner_details(incident.owner)) {
                    if (auto known = ctx.store.find_owner(ws, incident.owner.object_id))
                        fill_owner(incident.owner, *known);
                }
                return put_honouring_etag(
                    pre, actor_of(req),
                    [&](const store::write_context& wc) {
                        return ctx.store.put_incident(ws, incident, wc);
                    },
                    [&] { return ctx.store.find_incident(ws, incident.name).has_value(); });
            });
            co_return resource_response(
                written.created ? 201 : 200,
                incident_resource(call.workspace, written.value, origin_of(req)));
        },
        /*json_body=*/true);

    add_arm_route(
        routes, http::verb::delete_, "incidents/{incidentId}", auth::permission::incidents_delete,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto name = req.param("incidentId");
            const store::write_context wc{actor_of(req), precondition_of(req, nullptr).if_match};
            const bool deleted = co_await on_pool(ctx, [&ctx, &call, &name, &wc] {
                return ctx.store.delete_incident(call.workspace, name, wc);
            });
            co_return delete_response(deleted);
        });

    add_arm_route(routes, http::verb::post, "incidents/{incidentId}/alerts", auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto name = req.param("incidentId");
                      auto alerts = co_await on_read_pool(ctx, [&ctx, &call, &name] {
                          return ctx.store.alerts_of_incident(call.workspace, name);
                      });
                      json items = json::array();
                      for (const auto& alert : alerts)
                          items.push_back(alert_resource(call.workspace, alert));
                      co_return http::response::json(200, list_body(std::move(items)));
                  });

    add_arm_route(routes, http::verb::post, "incidents/{incidentId}/entities",
                  auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto name = req.param("incidentId");
                      auto entities = co_await on_read_pool(ctx, [&ctx, &call, &name] {
                          return ctx.store.entities_of_incident(call.workspace, name);
                      });
                      json items = json::array();
                      // Counts per kind, kinds in order of first appearance.
                      std::vector<std::string_view> kinds;
                      std::map<std::string_view, int> counts;
                      for (const auto& entity : entities) {
                          items.push_back(entity_resource(call.workspace, entity));
                          const auto kind = model::to_string(entity.kind);
                          if (counts[kind]++ == 0)
                              kinds.push_back(kind);
                      }
                      json meta = json::array();
                      for (const auto kind : kinds)
                          meta.push_back({{"entityKind", kind}, {"count", counts[kind]}});
                      co_return http::response::json(
                          200, {{"entities", std::move(items)}, {"metaData", std::move(meta)}});
                  });

    add_arm_route(routes, http::verb::get, "incidents/{incidentId}/activities",
                  auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto name = req.param("incidentId");
                      auto entries = co_await on_read_pool(ctx, [&ctx, &call, &name] {
                          return ctx.store.activity_of_incident(call.workspace, name);
                      });
                      // Every incident's log starts with its creation, and the log outlives a
                      // deleted incident; an empty log means the incident never existed.
                      if (entries.empty())
                          throw store::errors::incident_not_found(name);
                      json items = json::array();
                      for (const auto& entry : entries)
                          items.push_back(model::activity_json(entry));
                      co_return http::response::json(200, list_body(std::move(items)));
                  });
}

}  // namespace tocsin::api
