// Playbooks, runs and plugins over the REST API, and the Sentinel manual trigger.

#include <map>

#include "engine/plugin/registry.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/playbook_api/playbook_server.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

const std::vector<std::pair<std::string, std::string>> manual_playbooks = {
    {"comment.lua", R"lua(
-- Comments on the incident it runs on, naming who asked.
return {
  name = "comment-on-demand", version = "2.1.0", description = "comments when asked",
  triggers = { "manual" },
  params = { text = { type = "string", default = "looked at" } },
  run = function(ctx)
    local t = ctx.trigger
    if t.incident then
      local c, err = tocsin.incidents.add_comment{ incident = t.incident.name,
        message = ctx.params.text .. " by " .. t.requestedBy.name }
      if err then error(err.message) end
    end
    return { incident = t.incident and t.incident.name, entity = t.entity and t.entity.kind,
             alert = t.alert and t.alert.name, extra = t.extra }
  end,
}
)lua"},
    {"wait.lua", R"lua(
return {
  name = "wait", version = "1.0.0", description = "waits until cancelled",
  triggers = { "manual" },
  run = function(ctx) tocsin.util.sleep{ ms = 20000 } end,
}
)lua"},
    {"alert-only.lua", R"lua(
return {
  name = "alert-only", version = "1.0.0", description = "runs on new alerts only",
  triggers = { { kind = "alert", filter = { alertDisplayName = "never matches" } } },
  run = function(ctx) end,
}
)lua"},
    {"broken.lua",
     "return { name = 'broken', version = '1', triggers = { 'manual' }, run = 42 }\n"},
};

class RunnerRoutes : public playbook_server_test {
  protected:
    static void SetUpTestSuite() { start_server(manual_playbooks); }
    static void TearDownTestSuite() { stop_server(); }

    std::string arm(std::string_view suffix) {
        return default_workspace_arm() + "/" + std::string(suffix) + "?api-version=2025-09-01";
    }
    std::string own_workspace() {
        return "/api/v1/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/tocsin/"
               "workspaces/default";
    }
    std::string create_incident(std::string_view name) {
        const auto reply = client().send_json("PUT", arm("incidents/" + std::string(name)),
                                              {{"properties", {{"title", "Manual target"}}}});
        EXPECT_EQ(reply.status, 201) << reply.body;
        return std::string(name);
    }
};

TEST_F(RunnerRoutes, ListsPlaybooksWithTheirProblemsAndShowsOneWithItsSource) {
    auto reply = client().get("/api/v1/playbooks");
    ASSERT_EQ(reply.status, 200);
    const auto body = reply.json();
    std::vector<std::string> names;
    for (const auto& p : body["value"])
        names.push_back(p["name"]);
    EXPECT_EQ(names, (std::vector<std::string>{"alert-only", "comment-on-demand", "wait"}));
    ASSERT_EQ(body["problems"].size(), 1u);
    EXPECT_NE(body["problems"][0]["file"].get<std::string>().find("broken.lua"), std::string::npos);

    reply = client().get("/api/v1/playbooks/comment-on-demand");
    ASSERT_EQ(reply.status, 200);
    const auto one = reply.json();
    EXPECT_EQ(one["version"], "2.1.0");
    EXPECT_EQ(one["triggers"][0]["kind"], "manual");
    EXPECT_EQ(one["params"][0]["name"], "text");
    EXPECT_EQ(one["params"][0]["default"], "looked at");
    EXPECT_NE(one["source"].get<std::string>().find("comments when asked"), std::string::npos);
    EXPECT_EQ(one["sha256"].get<std::string>().size(), 64u);

    EXPECT_EQ(client().get("/api/v1/playbooks/nope").status, 404);
}

TEST_F(RunnerRoutes, ListsPluginActionsWithSchemas) {
    const auto reply = client().get("/api/v1/plugins");
    ASSERT_EQ(reply.status, 200);
    bool found = false;
    const auto plugins = reply.json();
    for (const auto& p : plugins["value"])
        for (const auto& a : p["actions"])
            if (a["name"] == "incidents.create") {
                found = true;
                EXPECT_EQ(a["lua"], "tocsin.incidents.create");
                EXPECT_EQ(a["input"]["type"], "object");
                EXPECT_TRUE(a["input"]["properties"].contains("title"));
            }
    EXPECT_TRUE(found);
}

// The description carries what docs/actions.md shows, from the same descriptor fields.
TEST_F(RunnerRoutes, ListsEachActionsErrorsAndOutputExample) {
    const auto reply = client().get("/api/v1/plugins");
    ASSERT_EQ(reply.status, 200);
    const auto body = reply.json();
    plugin::registry builtins;
    plugins::register_builtin_plugins(builtins);
    std::map<std::string, json> actions;
    for (const auto& p : body["value"])
        for (const auto& a : p["actions"])
            actions[a["name"].get<std::string>()] = a;

    const auto& get = actions["incidents.get"];
    EXPECT_EQ(get["outputExample"], builtins.find("incidents.get")->output_example);
    EXPECT_EQ(get["outputExample"]["incidentNumber"], 42);
    const auto entry = [](const char* code, const char* when) {
        return json{{"code", code}, {"when", when}};
    };
    EXPECT_EQ(
        get["errors"],
        json::array(
            {entry("conflict", "a concurrent write won (etag mismatch); read again and retry"),
             entry("invalid_argument", "a field's value is malformed or out of range"),
             entry("not_found", "the resource does not exist"),
             entry("unavailable",
                   "a dependency is down or the engine is shutting down (retryable)")}));
    // An action that returns no operational error of its own.
    EXPECT_EQ(actions["util.sleep"]["errors"], json::array());
    EXPECT_EQ(actions["util.sleep"]["outputExample"], true);
    // Every action carries both, as its descriptor says.
    for (const auto* a : builtins.actions()) {
        ASSERT_TRUE(actions.count(a->name)) << a->name;
        EXPECT_EQ(actions[a->name]["errors"].size(), a->errors.size()) << a->name;
        EXPECT_EQ(actions[a->name]["outputExample"], a->output_example) << a->name;
    }
}

TEST_F(RunnerRoutes, RunsAPlaybookManuallyAndListsTheRun) {
    const auto reply = client().send_json(
        "POST", "/api/v1/playbooks/comment-on-demand/runs",
        {{"params", {{"text", "checked"}}}, {"trigger", {{"extra", "context"}}}});
    ASSERT_EQ(reply.status, 202) << reply.body;
    const auto run_id = reply.json()["runId"].get<std::string>();
    const auto run = wait_for_run(run_id);
    EXPECT_EQ(run["status"], "succeeded") << run.dump();
    EXPECT_EQ(run["trigger"]["kind"], "manual");
    EXPECT_EQ(run["result"]["extra"], "context");
    EXPECT_EQ(run["params"]["text"], "checked");

    const auto list = client().get("/api/v1/runs?playbook=comment-on-demand&top=5");
    ASSERT_EQ(list.status, 200);
    bool listed = false;
    const auto runs = list.json();
    for (const auto& r : runs["value"]) {
        listed = listed || r["id"] == run_id;
        EXPECT_FALSE(r.contains("logs"));
        EXPECT_EQ(r["playbook"], "comment-on-demand");
    }
    EXPECT_TRUE(listed);
    EXPECT_EQ(client().get("/api/v1/runs?top=0").status, 400);
    EXPECT_EQ(client().get("/api/v1/runs/00000000-0000-0000-0000-00000000dead").status, 404);
}

TEST_F(RunnerRoutes, ManualRunErrors) {
    auto reply = client().send_json("POST", "/api/v1/playbooks/comment-on-demand/runs",
                                    {{"params", {{"text", 7}}}});
    EXPECT_EQ(reply.status, 400) << reply.body;
    reply = client().send_json("POST", "/api/v1/playbooks/alert-only/runs", json::object());
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(reply.body.find("cannot run on demand"), std::string::npos) << reply.body;
    reply = client().send_json("POST", "/api/v1/playbooks/missing/runs", json::object());
    EXPECT_EQ(reply.status, 404);
}

TEST_F(RunnerRoutes, CancelsALiveRunOnceAndRefusesAnEndedOne) {
    const auto started = client().send_json("POST", "/api/v1/playbooks/wait/runs", json::object());
    ASSERT_EQ(started.status, 202) << started.body;
    const auto run_id = started.json()["runId"].get<std::string>();
    auto reply = client().request("POST", "/api/v1/runs/" + run_id + "/cancel");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["status"], "cancelling");
    const auto run = wait_for_run(run_id);
    EXPECT_EQ(run["status"], "cancelled");
    reply = client().request("POST", "/api/v1/runs/" + run_id + "/cancel");
    EXPECT_EQ(reply.status, 409);
    EXPECT_NE(reply.body.find("already ended as cancelled"), std::string::npos);
    reply = client().request("POST", "/api/v1/runs/no-such-run/cancel");
    EXPECT_EQ(reply.status, 404);
}

TEST_F(RunnerRoutes, SentinelRunPlaybookOnAnIncident) {
    const auto incident = create_incident("0b7a1c9e-5f7d-4e0b-9d55-1d2c3e4f5a61");
    const auto reply = client().send_json(
        "POST", arm("incidents/" + incident + "/runPlaybook"),
        {{"logicAppsResourceId",
          "/subscriptions/d0cfe6b2/resourceGroups/myRg/providers/Microsoft.Logic/workflows/"
          "comment-on-demand"},
         {"tenantId", "4b2462a4-bbee-495a-a0e1-f23ae524cc9c"}});
    ASSERT_EQ(reply.status, 204) << reply.body;
    const auto run = wait_for_run(*reply.header("X-Tocsin-Run-Id"));
    ASSERT_EQ(run["status"], "succeeded") << run.dump();
    EXPECT_EQ(run["result"]["incident"], incident);
    const auto comments = client().get(arm("incidents/" + incident + "/comments"));
    ASSERT_EQ(comments.status, 200);
    ASSERT_EQ(comments.json()["value"].size(), 1u);
    EXPECT_NE(comments.json()["value"][0]["properties"]["message"].get<std::string>().find(
                  "looked at by"),
              std::string::npos);
}

TEST_F(RunnerRoutes, SentinelRunPlaybookErrors) {
    const auto incident = create_incident("0b7a1c9e-5f7d-4e0b-9d55-1d2c3e4f5a62");
    auto reply = client().send_json("POST", arm("incidents/" + incident + "/runPlaybook"),
                                    {{"tenantId", "x"}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(reply.body.find("logicAppsResourceId"), std::string::npos);
    reply = client().send_json("POST", arm("incidents/" + incident + "/runPlaybook"),
                               {{"logicAppsResourceId", "no-such-playbook"}});
    EXPECT_EQ(reply.status, 404);
    reply = client().send_json("POST", arm("incidents/" + incident + "/runPlaybook"),
                               {{"logicAppsResourceId", "alert-only"}});
    EXPECT_EQ(reply.status, 400);
    reply = client().send_json("POST", arm("incidents/not-there/runPlaybook"),
                               {{"logicAppsResourceId", "comment-on-demand"}});
    EXPECT_EQ(reply.status, 404);
    reply = client().send_json("POST",
                               default_workspace_arm() + "/incidents/" + incident + "/runPlaybook",
                               {{"logicAppsResourceId", "comment-on-demand"}});
    EXPECT_EQ(reply.status, 400);  // no api-version
}

TEST_F(RunnerRoutes, RunPlaybookOnAnEntityAndOnAnAlert) {
    const json alert = {{"systemAlertId", "manual-alert-1"},
                        {"alertDisplayName", "Beacon"},
                        {"severity", "High"},
                        {"entities", {{{"kind", "Host"}, {"hostName", "web01"}}}}};
    auto reply = client().send_json("POST", own_workspace() + "/alerts", alert);
    ASSERT_EQ(reply.status, 201) << reply.body;

    reply = client().send_json("POST", own_workspace() + "/alerts/manual-alert-1/runPlaybook",
                               {{"playbook", "comment-on-demand"}});
    ASSERT_EQ(reply.status, 202) << reply.body;
    auto run = wait_for_run(reply.json()["runId"].get<std::string>());
    EXPECT_EQ(run["result"]["alert"], "manual-alert-1");

    // The entity's id, from the alert read on its own.
    const auto shown = client().get(own_workspace() + "/alerts/manual-alert-1");
    ASSERT_EQ(shown.status, 200) << shown.body;
    const auto entity_id = shown.json()["entities"][0]["name"].get<std::string>();
    reply = client().send_json("POST", arm("entities/" + entity_id + "/runPlaybook"),
                               {{"logicAppsResourceId", "comment-on-demand"}});
    ASSERT_EQ(reply.status, 204) << reply.body;
    run = wait_for_run(*reply.header("X-Tocsin-Run-Id"));
    EXPECT_EQ(run["status"], "succeeded") << run.dump();
    EXPECT_EQ(run["result"]["entity"], "Host");

    reply =
        client().send_json("POST", arm("entities/00000000-0000-0000-0000-000000000000/runPlaybook"),
                           {{"logicAppsResourceId", "comment-on-demand"}});
    EXPECT_EQ(reply.status, 404);
    reply = client().send_json("POST", own_workspace() + "/alerts/nope/runPlaybook",
                               {{"playbook", "comment-on-demand"}});
    EXPECT_EQ(reply.status, 404);
}

}  // namespace
}  // namespace tocsin::test
