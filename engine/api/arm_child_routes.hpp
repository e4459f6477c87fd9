#pragma once
// The read and delete routes every collection under an incident has (relations, comments,
// tasks): GET incidents/{incidentId}/<collection>, GET and DELETE …/<collection>/{<id>}. Same
// paths, same 404 texts, same 200/204 answers; only the store calls, the envelope and an
// optional precondition (tasks' api-version gate) differ. PUT differs per collection and stays
// with each module.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/auth/roles.hpp"
#include "engine/store/errors.hpp"

namespace tocsin::api {

template <typename T>
struct child_collection {
    std::string collection;  // "comments"
    std::string id_param;    // "incidentCommentId"
    std::string noun;        // "Comment", for "Comment x of incident y doesn't exist."
    std::function<std::vector<T>(store::store&, const model::workspace_ref&,
                                 const std::string& incident)>
        list;
    std::function<std::optional<T>(store::store&, const model::workspace_ref&,
                                   const std::string& incident, const std::string& name)>
        find;
    std::function<bool(store::store&, const model::workspace_ref&, const std::string& incident,
                       const std::string& name, const store::write_context&)>
        remove;
    std::function<nlohmann::json(const model::workspace_ref&, const T&)> resource;
    // Runs first in every route; throws to refuse (e.g. an api-version without the collection).
    std::function<void(const arm_call&)> check = [](const arm_call&) {};
};

template <typename T>
void add_child_read_delete_routes(http::router& routes, context& ctx, child_collection<T> c) {
    using boost::asio::awaitable;
    const auto collection_path = "incidents/{incidentId}/" + c.collection;
    const auto item_path = collection_path + "/{" + c.id_param + "}";

    add_arm_route(routes, http::verb::get, collection_path, auth::permission::read,
                  [&ctx, c](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      c.check(call);
                      const auto incident = req.param("incidentId");
                      auto items = co_await on_read_pool(
                          ctx, [&] { return c.list(ctx.store, call.workspace, incident); });
                      nlohmann::json values = nlohmann::json::array();
                      for (const auto& item : items)
                          values.push_back(c.resource(call.workspace, item));
                      co_return http::response::json(200, list_body(std::move(values)));
                  });

    add_arm_route(routes, http::verb::get, item_path, auth::permission::read,
                  [&ctx, c](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      c.check(call);
                      const auto incident = req.param("incidentId");
                      const auto name = req.param(c.id_param);
                      auto found = co_await on_read_pool(ctx, [&] {
                          auto item = c.find(ctx.store, call.workspace, incident, name);
                          // Say which of the two is missing.
                          if (!item && !ctx.store.find_incident(call.workspace, incident))
                              throw store::errors::incident_not_found(incident);
                          return item;
                      });
                      if (!found)
                          throw error(errc::not_found, c.noun + " " + name + " of incident " +
                                                           incident + " doesn't exist.");
                      co_return resource_response(200, c.resource(call.workspace, *found));
                  });

    add_arm_route(
        routes, http::verb::delete_, item_path, auth::permission::incidents_write,
        [&ctx, c](http::request& req, const arm_call& call) -> awaitable<http::response> {
            c.check(call);
            const auto incident = req.param("incidentId");
            const auto name = req.param(c.id_param);
            const store::write_context wc{actor_of(req), precondition_of(req, nullptr).if_match};
            const bool deleted = co_await on_pool(
                ctx, [&] { return c.remove(ctx.store, call.workspace, incident, name, wc); });
            co_return delete_response(deleted);
        });
}

}  // namespace tocsin::api
