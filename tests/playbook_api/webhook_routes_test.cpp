// The webhook trigger through the real server: binding, authentication, payload, sync and async
// answers.

#include <chrono>

#include "tests/playbook_api/playbook_server.hpp"
#include "tests/support/documented_trigger.hpp"
#include "tests/support/source_file.hpp"
#include "triggers/webhook/webhook_auth.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

constexpr std::string_view hmac_key = "s3cret-hmac-key";
constexpr std::string_view hook_token = "t0ken-for-the-hook";
constexpr std::string_view edr_key = "edr-signing-key";

const std::vector<std::pair<std::string, std::string>> webhook_playbooks = {
    {"echo.lua", R"lua(
return {
  name = "echo", version = "1.0.0", description = "answers with what it received",
  triggers = { { kind = "webhook", options = { name = "echo", mode = "sync",
      auth = { type = "hmac-sha256", secret = "ECHO_KEY" } } } },
  run = function(ctx)
    local t = ctx.trigger
    return { status = 201, headers = { ["X-Reply"] = "yes", ["Content-Length"] = "1" },
             body = { body = t.body, custom = t.headers["x-custom"], method = t.method,
                      webhook = t.webhook, query = t.query,
                      authorization = t.headers["authorization"] or "absent" } }
  end,
}
)lua"},
    {"create.lua", R"lua(
return {
  name = "create-from-hook", version = "1.0.0", description = "creates an incident",
  triggers = { { kind = "webhook", options = { name = "create",
      auth = { type = "token", secret = "HOOK_TOKEN" } } } },
  run = function(ctx)
    local inc, err = tocsin.incidents.create{ title = ctx.trigger.body.title, severity = "High" }
    if err then error(err.message) end
    return { incident = inc.name }
  end,
}
)lua"},
    {"form.lua", R"lua(
return {
  name = "form-echo", version = "1.0.0", description = "echoes a form",
  triggers = { { kind = "webhook", options = { mode = "sync", auth = "none" } } },
  run = function(ctx) return ctx.trigger.body end,
}
)lua"},
    {"slow.lua", R"lua(
return {
  name = "slow", version = "1.0.0", description = "outlasts its sync timeout",
  triggers = { { kind = "webhook", options = { mode = "sync", timeout_ms = 100, auth = "none" } } },
  run = function(ctx) tocsin.util.sleep{ ms = 1500 } return { done = true } end,
}
)lua"},
    {"failing.lua", R"lua(
return {
  name = "failing", version = "1.0.0", description = "raises",
  triggers = { { kind = "webhook", options = { mode = "sync", auth = "none" } } },
  run = function(ctx) error("the playbook broke") end,
}
)lua"},
    {"twin-a.lua", R"lua(
return { name = "twin-a", version = "1", description = "",
  triggers = { { kind = "webhook", options = { name = "twin", auth = "none" } } },
  run = function(ctx) end }
)lua"},
    {"twin-b.lua", R"lua(
return { name = "twin-b", version = "1", description = "",
  triggers = { { kind = "webhook", options = { name = "Twin", auth = "none" } } },
  run = function(ctx) end }
)lua"},
    {"guarded.lua", R"lua(
return { name = "guarded", version = "1", description = "default authentication",
  triggers = { "webhook" },
  run = function(ctx) end }
)lua"},
    // Quoted by the README and docs/triggers.md.
    {"edr-alerts.lua", source_file("tests/playbook_api/fixtures/edr-alerts.lua")},
    {"ticket-events.lua", source_file("tests/playbook_api/fixtures/ticket-events.lua")},
};

class WebhookRoutes : public playbook_server_test {
  protected:
    static void SetUpTestSuite() {
        start_server(webhook_playbooks, {{"TOCSIN_SECRET_ECHO_KEY", std::string(hmac_key)},
                                         {"TOCSIN_SECRET_HOOK_TOKEN", std::string(hook_token)},
                                         {"TOCSIN_SECRET_EDR_WEBHOOK_KEY", std::string(edr_key)}});
    }
    static void TearDownTestSuite() { stop_server(); }

    http_reply post_signed(const std::string& body, std::int64_t stamp, std::string_view key,
                           header_list extra = {},
                           const std::string& target = "/api/v1/webhooks/echo?src=edr") {
        header_list headers = {
            {"Content-Type", "application/json"},
            {"X-Tocsin-Timestamp", std::to_string(stamp)},
            {"X-Tocsin-Signature",
             "sha256=" + triggers::hmac_sha256_hex(key, std::to_string(stamp) + "." + body)}};
        for (auto& h : extra)
            headers.push_back(std::move(h));
        return client().request("POST", target, body, headers);
    }
    static std::int64_t now_s() {
        return std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

TEST_F(WebhookRoutes, SignedSyncCallAnswersWithThePlaybooksResult) {
    const auto reply = post_signed(R"({"alert":"x"})", now_s(), hmac_key,
                                   {{"X-Custom", "42"}, {"Authorization", "Bearer abc"}});
    ASSERT_EQ(reply.status, 201) << reply.body << server_->log();
    EXPECT_EQ(reply.header("X-Reply"), "yes");
    const auto body = reply.json();
    EXPECT_EQ(body["body"], json({{"alert", "x"}}));
    EXPECT_EQ(body["custom"], "42");
    EXPECT_EQ(body["method"], "POST");
    EXPECT_EQ(body["webhook"], "echo");
    EXPECT_EQ(body["query"]["src"], "edr");
    EXPECT_EQ(body["authorization"], "absent");  // credentials never reach the playbook
    const auto run_id = reply.header("X-Tocsin-Run-Id");
    ASSERT_TRUE(run_id);
    const auto run = wait_for_run(*run_id);
    EXPECT_EQ(run["status"], "succeeded");
    EXPECT_EQ(run["trigger"]["kind"], "webhook");
    EXPECT_EQ(run["playbook"], "echo");
}

// The README's webhook example: a signed alert in, the incident's number out.
TEST_F(WebhookRoutes, ReadmeWebhookExampleAnswersWithTheIncident) {
    const auto reply = post_signed(
        R"({"title":"Ransomware behaviour on host-7","severity":"High","host":"host-7"})", now_s(),
        edr_key, {}, "/api/v1/webhooks/edr-alerts");
    ASSERT_EQ(reply.status, 201) << reply.body << server_->log();
    const auto answer = reply.json();
    EXPECT_TRUE(answer["incident"].is_number_integer()) << reply.body;
    const auto got = client().get(default_workspace_arm() + "/incidents/" +
                                  answer["name"].get<std::string>() + "?api-version=2025-09-01");
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.json()["properties"]["incidentNumber"], answer["incident"]);
    EXPECT_EQ(got.json()["properties"]["title"], "EDR: Ransomware behaviour on host-7");
    EXPECT_EQ(got.json()["properties"]["severity"], "High");
    // Signed with another key: refused before any run.
    EXPECT_EQ(post_signed(R"({"title":"x"})", now_s(), hmac_key, {}, "/api/v1/webhooks/edr-alerts")
                  .status,
              401);
}

// docs/triggers.md's ctx.trigger of a webhook run is what a run receives for that request.
TEST_F(WebhookRoutes, DocumentedTriggerIsWhatARunReceives) {
    const auto reply = client().request(
        "POST", "/api/v1/webhooks/ticket-events?source=servicenow",
        R"({"ticket":"INC0012345","state":"Resolved","resolvedBy":"alice@contoso.com"})",
        {{"Content-Type", "application/json"},
         {"X-Webhook-Token", std::string(hook_token)},
         {"X-Request-Id", "c0a8012e-7f3d-4b1e-9d52-6a1f0e3b2c44"}});
    ASSERT_EQ(reply.status, 202) << reply.body << server_->log();
    const auto run = wait_for_run(reply.json()["runId"].get<std::string>());
    ASSERT_EQ(run["status"], "succeeded") << run.dump();
    const auto& received = run["trigger"]["payload"];
    EXPECT_EQ(received["remote_address"], "127.0.0.1");
    EXPECT_TRUE(received["received_at"].is_string());
    EXPECT_EQ(documented_trigger_difference(run["result"], received,
                                            {"/remote_address", "/received_at", "/headers/host"}),
              "")
        << "docs/triggers.md (tests/playbook_api/fixtures/ticket-events.lua) shows another "
           "ctx.trigger than the run received:\n"
        << received.dump(2);
}

TEST_F(WebhookRoutes, BadSignatureStaleTimestampAndReplayAreRefused) {
    auto reply = post_signed("{}", now_s(), "wrong-key");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(error_code_of(reply), "AuthenticationFailed");
    reply = post_signed("{}", now_s() - 3600, hmac_key);
    EXPECT_EQ(reply.status, 401);
    EXPECT_NE(reply.body.find("replay"), std::string::npos) << reply.body;
    reply = client().request("POST", "/api/v1/webhooks/echo", "{}",
                             {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 401);
    const auto stamp = now_s();
    EXPECT_EQ(post_signed(R"({"n":1})", stamp, hmac_key).status, 201);
    reply = post_signed(R"({"n":1})", stamp, hmac_key);
    EXPECT_EQ(reply.status, 401);
    EXPECT_NE(reply.body.find("already received"), std::string::npos) << reply.body;
}

TEST_F(WebhookRoutes, AsyncCallAnswers202AndTheRunCreatesTheIncident) {
    const auto reply =
        client().send_json("POST", "/api/v1/webhooks/create", {{"title", "From the hook"}},
                           {{"X-Webhook-Token", std::string(hook_token)}});
    ASSERT_EQ(reply.status, 202) << reply.body << server_->log();
    const auto body = reply.json();
    const auto run_id = body["runId"].get<std::string>();
    EXPECT_EQ(body["status"], "running");
    EXPECT_EQ(reply.header("Location"), body["location"]);
    EXPECT_NE(body["location"].get<std::string>().find("/api/v1/runs/" + run_id),
              std::string::npos);
    const auto run = wait_for_run(run_id);
    ASSERT_EQ(run["status"], "succeeded") << run.dump();
    const auto incident = run["result"]["incident"].get<std::string>();
    const auto got = client().get(default_workspace_arm() + "/incidents/" + incident +
                                  "?api-version=2025-09-01");
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.json()["properties"]["title"], "From the hook");
}

TEST_F(WebhookRoutes, WrongOrMissingTokenIs401) {
    auto reply = client().send_json("POST", "/api/v1/webhooks/create", {{"title", "x"}},
                                    {{"X-Webhook-Token", "guess"}});
    EXPECT_EQ(reply.status, 401);
    reply = client().send_json("POST", "/api/v1/webhooks/create", {{"title", "x"}});
    EXPECT_EQ(reply.status, 401);
    EXPECT_NE(reply.body.find("X-Webhook-Token"), std::string::npos);
}

TEST_F(WebhookRoutes, FormBodiesArriveAsFields) {
    const auto reply =
        client().request("POST", "/api/v1/webhooks/form-echo", "title=Phish+mail&tag=a&tag=b",
                         {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json(), json({{"title", "Phish mail"}, {"tag", {"a", "b"}}}));
}

TEST_F(WebhookRoutes, InvalidJsonIs400AndUnknownWebhookIs404) {
    auto reply = client().request("POST", "/api/v1/webhooks/form-echo", "{not json",
                                  {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code_of(reply), "BadRequest");
    reply = client().send_json("POST", "/api/v1/webhooks/nobody", json::object());
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_code_of(reply), "NotFound");
}

TEST_F(WebhookRoutes, SyncCallThatOutlastsItsTimeoutAnswers202) {
    const auto reply = client().send_json("POST", "/api/v1/webhooks/slow", json::object());
    ASSERT_EQ(reply.status, 202) << reply.body;
    const auto run = wait_for_run(reply.json()["runId"].get<std::string>());
    EXPECT_EQ(run["status"], "succeeded");
    EXPECT_EQ(run["result"]["done"], true);
}

TEST_F(WebhookRoutes, FailedRunIs500NamingTheRunWithoutItsError) {
    const auto reply = client().send_json("POST", "/api/v1/webhooks/failing", json::object());
    ASSERT_EQ(reply.status, 500);
    EXPECT_EQ(error_code_of(reply), "PlaybookRunFailed");
    EXPECT_EQ(reply.body.find("the playbook broke"), std::string::npos);
    const auto run_id = reply.header("X-Tocsin-Run-Id");
    ASSERT_TRUE(run_id);
    EXPECT_NE(reply.body.find(*run_id), std::string::npos);
    const auto run = wait_for_run(*run_id);
    EXPECT_EQ(run["status"], "failed");
    EXPECT_NE(run["error"].get<std::string>().find("the playbook broke"), std::string::npos);
    EXPECT_FALSE(run["traceback"].get<std::string>().empty());
}

TEST_F(WebhookRoutes, ANameDeclaredTwiceAnswersNeither) {
    const auto reply = client().send_json("POST", "/api/v1/webhooks/twin", json::object());
    EXPECT_EQ(reply.status, 500);
    EXPECT_NE(server_->log().find("declared by several playbooks"), std::string::npos);
}

TEST_F(WebhookRoutes, DefaultAuthenticationNeedsAnApiTokenThatMayRunPlaybooks) {
    http_client anonymous("127.0.0.1", server_->port());
    auto reply = anonymous.send_json("POST", "/api/v1/webhooks/guarded", json::object());
    EXPECT_EQ(reply.status, 401) << reply.body;
    EXPECT_TRUE(reply.header("WWW-Authenticate"));
    // The suite's client carries the Admin token.
    reply = client().send_json("POST", "/api/v1/webhooks/guarded", json::object());
    EXPECT_EQ(reply.status, 202) << reply.body;
}

}  // namespace
}  // namespace tocsin::test
