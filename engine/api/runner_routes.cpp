#include "engine/api/runner_routes.hpp"

#include "engine/api/arm_paths.hpp"
#include "engine/api/arm_request.hpp"
#include "engine/api/arm_route.hpp"
#include "engine/auth/roles.hpp"
#include "engine/core/uuid.hpp"
#include "engine/http/async.hpp"
#include "engine/http/json_body.hpp"
#include "engine/http/url.hpp"
#include "engine/model/json.hpp"
#include "engine/runner/descriptions.hpp"
#include "engine/runner/event_triggers.hpp"
#include "engine/runner/run_record_json.hpp"

namespace tocsin::api {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

constexpr std::string_view own_workspace_prefix =
    "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/"
    "{workspaceName}";

json run_summary(const store::run_record& record) {
    auto out = runner::to_json(record);
    out.erase("logs");
    out.erase("actions");
    out["trigger"].erase("payload");
    return out;
}

runner::definition_ptr playbook_named(runner::runner_component& runner, std::string_view name) {
    auto def = runner.catalog().find(name);
    if (!def)
        throw error(errc::not_found, "No loaded playbook is named '" + std::string(name) + "'.",
                    "playbook");
    return def;
}

// Whether def may run on demand; `also` is a trigger kind that counts as well (incident-triggered
// playbooks run manually on an incident, as in Sentinel).
void require_trigger(const lua::playbook_definition& def, std::optional<lua::trigger_kind> also) {
    for (const auto& t : def.triggers)
        if (t.kind == lua::trigger_kind::manual || (also && t.kind == *also))
            return;
    std::string wanted = "the manual trigger";
    if (also)
        wanted += std::string(" or the ") + lua::to_string(*also) + " trigger";
    throw error(
        errc::precondition_failed,
        "The playbook '" + def.name + "' cannot run on demand: it declares neither " + wanted + ".",
        "playbook");
}

json requested_by(const http::request& req) {
    const auto actor = actor_of(req);
    return {{"id", actor.id}, {"name", actor.name}};
}

// "…/providers/Microsoft.Logic/workflows/NAME" or "NAME" → NAME.
std::string playbook_of_resource_id(const json& body) {
    const auto it = body.find("logicAppsResourceId");
    if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        throw error(errc::missing_field,
                    "'logicAppsResourceId' is required: the playbook to run (its name, or a "
                    "resource id whose last segment is its name).",
                    "logicAppsResourceId");
    std::string_view id = it->get_ref<const std::string&>();
    while (id.ends_with('/'))
        id.remove_suffix(1);
    const auto slash = id.rfind('/');
    return std::string(slash == std::string_view::npos ? id : id.substr(slash + 1));
}

// Sentinel's manual trigger body has no parameters; Tocsin also reads "params" there (as on its
// own run routes), so a playbook run on an incident or entity need not use its defaults.
json parameters_of(const json& body) {
    const auto it = body.find("params");
    if (it == body.end() || it->is_null())
        return nullptr;
    if (!it->is_object())
        throw error(errc::invalid_argument, "'params' must be an object.", "params");
    return *it;
}

json subject_of(const model::incident& incident) {
    auto out = model::incident_properties(incident);
    out["name"] = incident.name;
    return out;
}

awaitable<http::response> run_on_incident(context& ctx, runner::runner_component& runner,
                                          http::request& req, const arm_call& call) {
    const auto body = read_body_object(req);
    const auto def = playbook_named(runner, playbook_of_resource_id(body));
    require_trigger(*def, lua::trigger_kind::incident);
    const auto name = req.param("incidentId");
    auto incident = co_await on_pool(
        ctx, [&ctx, &call, &name] { return ctx.store.find_incident(call.workspace, name); });
    if (!incident)
        throw error(errc::not_found, "Incident " + name + " doesn't exist.", "incidentId");
    runner::run_request run;
    run.playbook = def;
    run.trigger_kind = "manual";
    run.workspace = call.workspace;
    run.params = parameters_of(body);
    run.trigger = {{"event", "manual"},
                   {"workspace", runner::workspace_json(call.workspace)},
                   {"incident", subject_of(*incident)},
                   {"requestedBy", requested_by(req)}};
    const auto run_id = co_await start_queued(ctx, runner, std::move(run));
    auto out = http::response::no_content();
    out.headers.set("X-Tocsin-Run-Id", run_id);
    co_return out;
}

awaitable<http::response> run_on_entity(context& ctx, runner::runner_component& runner,
                                        http::request& req, const arm_call& call) {
    const auto body = read_body_object(req);
    const auto def = playbook_named(runner, playbook_of_resource_id(body));
    require_trigger(*def, std::nullopt);
    const auto entity_name = req.param("entityId");
    std::optional<std::string> incident_name;
    if (const auto it = body.find("incidentArmId"); it != body.end() && it->is_string()) {
        const auto parsed = parse_workspace_resource(it->get<std::string>());
        if (!parsed || !model::iequals(parsed->type, "incidents"))
            throw error(errc::invalid_argument,
                        "'incidentArmId' must be the resource id of an incident.", "incidentArmId");
        incident_name = parsed->name;
    }
    std::optional<model::entity> entity;
    std::optional<model::incident> incident;
    co_await on_pool(ctx, [&] {
        entity = ctx.store.find_entity(call.workspace, entity_name);
        if (incident_name)
            incident = ctx.store.find_incident(call.workspace, *incident_name);
    });
    if (!entity)
        throw error(errc::not_found, "Entity " + entity_name + " doesn't exist.", "entityId");
    if (incident_name && !incident)
        throw error(errc::not_found, "Incident " + *incident_name + " doesn't exist.",
                    "incidentArmId");
    runner::run_request run;
    run.playbook = def;
    run.trigger_kind = "manual";
    run.workspace = call.workspace;
    run.params = parameters_of(body);
    run.trigger = {{"event", "manual"},
                   {"workspace", runner::workspace_json(call.workspace)},
                   {"entity", model::entity_json(*entity)},
                   {"requestedBy", requested_by(req)}};
    if (incident)
        run.trigger["incident"] = subject_of(*incident);
    const auto run_id = co_await start_queued(ctx, runner, std::move(run));
    auto out = http::response::no_content();
    out.headers.set("X-Tocsin-Run-Id", run_id);
    co_return out;
}

awaitable<http::response> run_on_alert(context& ctx, runner::runner_component& runner,
                                       http::request& req) {
    const auto body = read_body_object(req);
    const auto name = body.find("playbook");
    if (name == body.end() || !name->is_string())
        throw error(errc::missing_field, "'playbook' is required: the name of the playbook to run.",
                    "playbook");
    const auto def = playbook_named(runner, name->get<std::string>());
    require_trigger(*def, lua::trigger_kind::alert);
    const model::workspace_ref ws{req.param("subscriptionId"), req.param("resourceGroupName"),
                                  req.param("workspaceName")};
    const auto alert_id = req.param("alertId");
    auto alert = co_await on_pool(
        ctx, [&ctx, &ws, &alert_id] { return ctx.store.find_alert(ws, alert_id); });
    if (!alert)
        throw error(errc::not_found, "Alert " + alert_id + " doesn't exist.", "alertId");
    auto subject = model::alert_properties(*alert);
    subject["name"] = alert->system_alert_id;
    runner::run_request run;
    run.playbook = def;
    run.trigger_kind = "manual";
    run.workspace = ws;
    run.params = parameters_of(body);
    run.trigger = {{"event", "manual"},
                   {"workspace", runner::workspace_json(ws)},
                   {"alert", std::move(subject)},
                   {"requestedBy", requested_by(req)}};
    const auto run_id = co_await start_queued(ctx, runner, std::move(run));
    co_return run_accepted(req, run_id);
}

awaitable<http::response> run_manually(context& ctx, runner::runner_component& runner,
                                       http::request& req) {
    const auto body = req.body().empty() ? json::object() : read_body_object(req);
    const auto def = playbook_named(runner, req.param("name"));
    require_trigger(*def, std::nullopt);
    runner::run_request run;
    run.playbook = def;
    run.trigger_kind = "manual";
    run.params = parameters_of(body);
    json trigger = body.value("trigger", json::object());
    if (!trigger.is_object())
        throw error(errc::invalid_argument, "'trigger' must be an object.", "trigger");
    trigger["event"] = "manual";
    trigger["requestedBy"] = requested_by(req);
    run.trigger = std::move(trigger);
    if (const auto ws = body.find("workspace"); ws != body.end()) {
        if (!ws->is_object() || !ws->value("subscription", json()).is_string() ||
            !ws->value("resourceGroup", json()).is_string() ||
            !ws->value("name", json()).is_string())
            throw error(errc::invalid_argument,
                        "'workspace' must be {\"subscription\", \"resourceGroup\", \"name\"}.",
                        "workspace");
        run.workspace =
            model::workspace_ref{(*ws)["subscription"], (*ws)["resourceGroup"], (*ws)["name"]};
    }
    const auto run_id = co_await start_queued(ctx, runner, std::move(run));
    co_return run_accepted(req, run_id);
}

}  // namespace

awaitable<std::string> start_queued(context& ctx, runner::runner_component& runner,
                                    runner::run_request run) {
    using outcome = result<std::string>;
    if (run.run_id.empty())
        run.run_id = new_time_ordered_uuid();
    const auto run_id = run.run_id;
    auto start = [&ctx, &runner, &run](std::function<void(outcome)> deliver) {
        run.queued = [deliver](const std::string& id, bool stored) {
            if (stored)
                deliver(outcome(id));
            else
                deliver(outcome(error_info{errc::unavailable,
                                           "The run could not be stored, so it was not accepted; "
                                           "try again later.",
                                           ""}));
        };
        boost::asio::post(ctx.blocking.executor(), [&runner, run = std::move(run), deliver] {
            auto started = capture([&] { return runner.scheduler().start(run); });
            if (!started)
                deliver(outcome(started.error()));
        });
    };
    auto queued = co_await http::await_callback<outcome>(std::move(start));
    if (!queued) {
        // A run whose record is not stored would not survive a crash; it is not acknowledged.
        runner.scheduler().cancel(run_id, "its record could not be stored");
        throw error(queued.error());
    }
    co_return std::move(queued.value());
}

std::string run_location(const std::string& run_id) {
    return "/api/v1/runs/" + http::encode_component(run_id);
}

http::response run_accepted(const http::request& req, const std::string& run_id) {
    const auto location = http::absolute_url(req, run_location(run_id));
    auto out = http::response::json(
        202, {{"runId", run_id}, {"status", "running"}, {"location", location}});
    out.headers.set("Location", location);
    out.headers.set("X-Tocsin-Run-Id", run_id);
    return out;
}

route_module runner_routes(runner::runner_component& runner) {
    return [&runner](http::router& routes, context& ctx) {
        using http::verb;
        auto& r = runner;
        routes.add(verb::get, "/api/v1/runs",
                   [&ctx, &r](http::request& req) -> awaitable<http::response> {
                       store::run_query query;
                       if (const auto p = req.query_param("playbook"))
                           query.playbook = std::string(*p);
                       if (const auto s = req.query_param("status"))
                           query.status = std::string(*s);
                       query.top = page_size_of(req);
                       auto runs = co_await on_read_pool(
                           ctx, [&r, &query] { return r.scheduler().list(query); });
                       json value = json::array();
                       for (const auto& run : runs)
                           value.push_back(run_summary(run));
                       co_return http::response::json(200, {{"value", std::move(value)}});
                   },
                   {.permission = std::string(auth::permission::read)});
        routes.add(verb::get, "/api/v1/runs/{runId}",
                   [&ctx, &r](http::request& req) -> awaitable<http::response> {
                       const auto id = req.param("runId");
                       auto run =
                           co_await on_read_pool(ctx, [&r, &id] { return r.scheduler().find(id); });
                       if (!run)
                           throw error(errc::not_found, "Run " + id + " doesn't exist.", "runId");
                       co_return http::response::json(200, runner::to_json(*run));
                   },
                   {.permission = std::string(auth::permission::read)});
        routes.add(verb::post, "/api/v1/runs/{runId}/cancel",
                   [&ctx, &r](http::request& req) -> awaitable<http::response> {
                       const auto id = req.param("runId");
                       const auto who = actor_of(req);
                       auto outcome = co_await on_pool(ctx, [&r, &id, &who] {
                           if (r.scheduler().cancel(id, "cancelled by " + who.name))
                               return std::optional<std::string>("cancelling");
                           auto found = r.scheduler().find(id);
                           return found ? std::optional<std::string>(found->status) : std::nullopt;
                       });
                       if (!outcome)
                           throw error(errc::not_found, "Run " + id + " doesn't exist.", "runId");
                       if (*outcome != "cancelling")
                           throw error(errc::conflict,
                                       "Run " + id + " has already ended as " + *outcome + ".");
                       co_return http::response::json(200, {{"id", id}, {"status", "cancelling"}});
                   },
                   {.permission = std::string(auth::permission::playbooks_run)});
        routes.add(verb::get, "/api/v1/playbooks",
                   [&r](http::request&) {
                       json value = json::array();
                       for (const auto& def : r.catalog().all())
                           value.push_back(runner::describe_playbook(*def, false));
                       json problems = json::array();
                       for (const auto& p : r.catalog().problems())
                           problems.push_back({{"file", p.file.string()}, {"message", p.message}});
                       return http::response::json(200, {{"value", value}, {"problems", problems}});
                   },
                   {.permission = std::string(auth::permission::read)});
        routes.add(verb::get, "/api/v1/playbooks/{name}",
                   [&r](http::request& req) {
                       return http::response::json(
                           200,
                           runner::describe_playbook(*playbook_named(r, req.param("name")), true));
                   },
                   {.permission = std::string(auth::permission::read)});
        routes.add(
            verb::post, "/api/v1/playbooks/{name}/runs",
            [&ctx, &r](http::request& req) { return run_manually(ctx, r, req); },
            {.permission = std::string(auth::permission::playbooks_run), .require_json = true});
        routes.add(verb::get, "/api/v1/plugins",
                   [&r](http::request&) {
                       json value = json::array();
                       for (const auto& p : r.plugins().plugins())
                           value.push_back(runner::describe_plugin(*p));
                       return http::response::json(200, {{"value", value}});
                   },
                   {.permission = std::string(auth::permission::read)});
        routes.add(
            verb::post, std::string(own_workspace_prefix) + "/alerts/{alertId}/runPlaybook",
            [&ctx, &r](http::request& req) { return run_on_alert(ctx, r, req); },
            {.permission = std::string(auth::permission::playbooks_run), .require_json = true});
        add_arm_route(
            routes, verb::post, "incidents/{incidentId}/runPlaybook",
            auth::permission::playbooks_run,
            [&ctx, &r](http::request& req, const arm_call& call) {
                return run_on_incident(ctx, r, req, call);
            },
            true);
        add_arm_route(
            routes, verb::post, "entities/{entityId}/runPlaybook", auth::permission::playbooks_run,
            [&ctx, &r](http::request& req, const arm_call& call) {
                return run_on_entity(ctx, r, req, call);
            },
            true);
    };
}

}  // namespace tocsin::api
