// Incident comments. The author is whoever writes the comment first; a re-PUT changes the
// message only.

#include "engine/api/arm_child_routes.hpp"
#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/auth/roles.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::api {

void add_arm_comment_routes(http::router& routes, context& ctx) {
    add_child_read_delete_routes<model::comment>(
        routes, ctx,
        {.collection = "comments",
         .id_param = "incidentCommentId",
         .noun = "Comment",
         .list = [](store::store& s, const model::workspace_ref& ws,
                    const std::string& incident) { return s.list_comments(ws, incident); },
         .find = [](store::store& s, const model::workspace_ref& ws, const std::string& incident,
                    const std::string& name) { return s.find_comment(ws, incident, name); },
         .remove =
             [](store::store& s, const model::workspace_ref& ws, const std::string& incident,
                const std::string& name, const store::write_context& wc) {
                 return s.delete_comment(ws, incident, name, wc);
             },
         .resource = comment_resource});

    add_arm_route(
        routes, http::verb::put, "incidents/{incidentId}/comments/{incidentCommentId}",
        auth::permission::incidents_write,
        [&ctx](http::request& req, const arm_call& call) -> boost::asio::awaitable<http::response> {
            model::comment comment;
            comment.incident_name = req.param("incidentId");
            comment.name = req.param("incidentCommentId");
            model::validate_child_name(comment.name, "incidentCommentId");
            const auto body = read_body_object(req);
            comment.message = string_property(properties_of(body), "message");
            comment.author = actor_of(req);
            const auto pre = precondition_of(req, &body);
            auto written = co_await on_pool(ctx, [&] {
                return put_honouring_etag(
                    pre, comment.author,
                    [&](const store::write_context& wc) {
                        return ctx.store.put_comment(call.workspace, comment, wc);
                    },
                    [&] {
                        return ctx.store
                            .find_comment(call.workspace, comment.incident_name, comment.name)
                            .has_value();
                    });
            });
            co_return resource_response(written.created ? 201 : 200,
                                        comment_resource(call.workspace, written.value));
        },
        /*json_body=*/true);
}

}  // namespace tocsin::api
