// Alert rules (incident creation rules): stored and validated here; applied to new alerts by the
// alert pipeline (engine/automation).

#include "engine/api/arm_alert_rules.hpp"
#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/auth/roles.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

}  // namespace

void add_arm_alert_rule_routes(http::router& routes, context& ctx) {
    add_arm_route(routes, http::verb::get, "alertRules", auth::permission::read,
                  [&ctx](http::request&, const arm_call& call) -> awaitable<http::response> {
                      auto rules = co_await on_read_pool(ctx, [&ctx, &call] {
                          return ctx.store.list_alert_rules(call.workspace);
                      });
                      json items = json::array();
                      for (const auto& rule : rules)
                          items.push_back(alert_rule_resource(call.workspace, rule));
                      co_return http::response::json(200, list_body(std::move(items)));
                  });

    add_arm_route(routes, http::verb::get, "alertRules/{ruleId}", auth::permission::read,
                  [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
                      const auto name = req.param("ruleId");
                      auto found = co_await on_read_pool(ctx, [&ctx, &call, &name] {
                          return ctx.store.find_alert_rule(call.workspace, name);
                      });
                      if (!found)
                          throw error(errc::not_found, "Alert rule " + name + " doesn't exist.");
                      co_return resource_response(200, alert_rule_resource(call.workspace, *found));
                  });

    add_arm_route(
        routes, http::verb::put, "alertRules/{ruleId}", auth::permission::automation_manage,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            store::alert_rule rule;
            rule.name = req.param("ruleId");
            model::validate_child_name(rule.name, "ruleId");
            const auto body = read_body_object(req);
            rule.properties = normalize_alert_rule(body);
            const auto pre = precondition_of(req, &body);
            auto written = co_await on_pool(ctx, [&] {
                return put_honouring_etag(
                    pre, actor_of(req),
                    [&](const store::write_context& wc) {
                        return ctx.store.put_alert_rule(call.workspace, rule, wc);
                    },
                    [&] {
                        return ctx.store.find_alert_rule(call.workspace, rule.name).has_value();
                    });
            });
            co_return resource_response(written.created ? 201 : 200,
                                        alert_rule_resource(call.workspace, written.value));
        },
        /*json_body=*/true);

    add_arm_route(
        routes, http::verb::delete_, "alertRules/{ruleId}", auth::permission::automation_manage,
        [&ctx](http::request& req, const arm_call& call) -> awaitable<http::response> {
            const auto name = req.param("ruleId");
            const store::write_context wc{actor_of(req), precondition_of(req, nullptr).if_match};
            const bool deleted = co_await on_pool(ctx, [&ctx, &call, &name, &wc] {
                return ctx.store.delete_alert_rule(call.workspace, name, wc);
            });
            co_return delete_response(deleted);
        });
}

}  // namespace tocsin::api
