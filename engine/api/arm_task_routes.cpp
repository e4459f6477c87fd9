// Incident tasks (api-version 2025-09-01 of the accepted ones; see api_version.hpp).

#include "engine/api/arm_child_routes.hpp"
#include "engine/api/arm_error.hpp"
#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/auth/roles.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

// ARM's answer for a resource type the requested api-version does not define.
void require_tasks(const arm_call& call) {
    if (!has_incident_tasks(call.version))
        throw arm_error(400, "NoRegisteredProviderFound",
                        "No registered resource provider found for API version '" +
                            std::string(to_string(call.version)) +
                            "' and type 'Microsoft.SecurityInsights/incidents/tasks'. The "
                            "supported api-versions are '2025-09-01'.",
                        "api-version");
}

// title (required, checked by model::validate), description, status (New by default).
void read_task(const json& properties, model::task& task) {
    task.title = string_property(properties, "title");
    task.description = string_property(properties, "description");
    const auto status = string_property(properties, "status");
    if (status.empty())
        return;
    const auto parsed = model::parse_enum<model::task_status>(status);
    if (!parsed)
        throw error(errc::invalid_argument,
                    "'" + status + "' is not a valid status; expected one of: " +
                        model::accepted_names<model::task_status>() + ".",
                    "properties.status");
    task.status = *parsed;
}

}  // namespace

void add_arm_task_routes(http::router& routes, context& ctx) {
    add_child_read_delete_routes<model::task>(
        routes, ctx,
        {.collection = "tasks",
         .id_param = "incidentTaskId",
         .noun = "Task",
         .list = [](store::store& s, const model::workspace_ref& ws,
                    const std::string& incident) { return s.list_tasks(ws, incident); },
         .find = [](store::store& s, const model::workspace_ref& ws, const std::string& incident,
                    const std::string& name) { return s.find_task(ws, incident, name); },
         .remove =
             [](store::store& s, const model::workspace_ref& ws, const std::string& incident,
                const std::string& name,
                const store::write_context& wc) { return s.delete_task(ws, incident, name, wc); },
         .resource = task_resource,
         .check = require_tasks});

    add_arm_route(
        routes, http::verb::put, "incidents/{incidentId}/tasks/{incidentTaskId}",
        auth::permission::incidents_write,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            require_tasks(call);
            model::task task;
            task.incident_name = req.param("incidentId");
            task.name = req.param("incidentTaskId");
            model::validate_child_name(task.name, "incidentTaskId");
            const auto body = read_body_object(req);
            read_task(properties_of(body), task);
            const auto pre = precondition_of(req, &body);
            auto written = co_await on_pool(ctx, [&] {
                return put_honouring_etag(
                    pre, actor_of(req),
                    [&](const store::write_context& wc) {
                        return ctx.store.put_task(call.workspace, task, wc);
                    },
                    [&] {
                        return ctx.store.find_task(call.workspace, task.incident_name, task.name)
                            .has_value();
                    });
            });
            co_return resource_response(written.created ? 201 : 200,
                                        task_resource(call.workspace, written.value));
        },
        /*json_body=*/true);
}

}  // namespace tocsin::api
