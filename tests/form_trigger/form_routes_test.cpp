// The form trigger through the real server: the page, a browser's submission with its CSRF
// token, validation, Microsoft Forms-shaped JSON, authentication, failures and rate limiting.

#include <regex>

#include "tests/form_trigger/form_server.hpp"
#include "tests/support/documented_trigger.hpp"
#include "tests/support/source_file.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

const std::vector<std::pair<std::string, std::string>> form_playbooks = {
    // docs/triggers/form.md's playbook.
    {"report.lua", source_file("tests/form_trigger/fixtures/report.lua")},
    {"guarded.lua", R"lua(
return {
  name = "guarded", version = "1.0.0", description = "a form for token holders",
  triggers = { { kind = "form", options = { auth = true } } },
  params = { note = { type = "string" } },
  run = function(ctx) return { message = "noted" } end,
}
)lua"},
    {"broken.lua", R"lua(
return {
  name = "broken", version = "1.0.0", description = "raises",
  triggers = { { kind = "form" } },
  run = function(ctx) error("secret internal detail") end,
}
)lua"},
};

class FormRoutes : public form_server_test {
  protected:
    static void SetUpTestSuite() {
        start_server(form_playbooks, {{"TOCSIN_FORMS_RATE_LIMIT_PER_MINUTE", "0"}});
    }
    static void TearDownTestSuite() { stop_server(); }

    http_reply post_form(const std::string& name, const loaded_form& loaded,
                         std::vector<std::pair<std::string, std::string>> fields) {
        fields.emplace_back("_csrf", loaded.token);
        return browser().request(
            "POST", "/forms/" + name, url_encoded(fields),
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", loaded.cookie}});
    }

    std::size_t runs_of(const std::string& playbook) {
        const auto reply = api().get("/api/v1/runs?playbook=" + playbook);
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.json()["value"].size();
    }
};

void expect_security_headers(const http_reply& reply) {
    EXPECT_EQ(reply.header("Content-Security-Policy")
                  .value_or("")
                  .rfind("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", 0),
              0u);
    EXPECT_EQ(reply.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(reply.header("Referrer-Policy"), "same-origin");
    EXPECT_EQ(reply.header("Cache-Control"), "no-store");
}

TEST_F(FormRoutes, GetServesAnAccessibleFormWithACsrfTokenAndCookie) {
    const auto reply = browser().get("/forms/report-suspicious-activity");
    ASSERT_EQ(reply.status, 200) << reply.body << server_->log();
    EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
    expect_security_headers(reply);
    const auto cookie = reply.header("Set-Cookie").value_or("");
    EXPECT_TRUE(cookie.starts_with("tocsin_form_report-suspicious-activity=")) << cookie;
    EXPECT_NE(cookie.find("; Path=/forms;"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly; SameSite=Strict"), std::string::npos) << cookie;
    EXPECT_NE(reply.body.find("<h1>Report suspicious activity</h1>"), std::string::npos);
    EXPECT_NE(reply.body.find("<label for=\"f-summary\">What happened?"), std::string::npos);
    EXPECT_NE(reply.body.find("<textarea id=\"f-details\""), std::string::npos);
    EXPECT_NE(reply.body.find("<input type=\"email\" id=\"f-reporter\""), std::string::npos);
    EXPECT_NE(reply.body.find("value=\"Medium\" checked>"), std::string::npos);
    const auto token = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
    EXPECT_NE(reply.body.find("name=\"_csrf\" value=\"" + token + "\""), std::string::npos);
}

TEST_F(FormRoutes, BrowserSubmissionCreatesTheIncidentAndConfirmsItsNumber) {
    const auto loaded = load_form(browser(), "report-suspicious-activity");
    const auto reply = post_form("report-suspicious-activity", loaded,
                                 {{"summary", "Odd USB stick & <note>"},
                                  {"details", "Found in the lobby"},
                                  {"reporter", "alice@contoso.com"},
                                  {"severity", "High"}});
    ASSERT_EQ(reply.status, 200) << reply.body << server_->log();
    EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
    expect_security_headers(reply);
    std::smatch number;
    ASSERT_TRUE(std::regex_search(reply.body, number, std::regex("Incident #([0-9]+) created")))
        << reply.body;
    EXPECT_NE(reply.body.find("User report: Odd USB stick &amp; &lt;note&gt;"), std::string::npos);
    EXPECT_NE(reply.body.find("The SOC will contact you."), std::string::npos);

    const auto run_id = reply.header("X-Tocsin-Run-Id");
    ASSERT_TRUE(run_id);
    const auto run = wait_for_run(*run_id);
    ASSERT_EQ(run["status"], "succeeded") << run.dump();
    EXPECT_EQ(run["trigger"]["kind"], "form");
    const auto& trigger = run["trigger"]["payload"];
    EXPECT_EQ(trigger["kind"], "form");
    EXPECT_EQ(trigger["form"], "report-suspicious-activity");
    EXPECT_TRUE(trigger["responder"].is_null());
    EXPECT_EQ(trigger["answers"]["summary"], "Odd USB stick & <note>");
    EXPECT_FALSE(trigger["answers"].contains("_csrf"));
    EXPECT_EQ(run["params"]["severity"], "High");
    const auto& incident = run["result"]["incident"];
    EXPECT_EQ(std::to_string(incident["incidentNumber"].get<std::int64_t>()), number[1].str());
    const auto stored = api().get(default_workspace_arm() + "/incidents/" +
                                  incident["name"].get<std::string>() + "?api-version=2025-09-01");
    ASSERT_EQ(stored.status, 200) << stored.body;
    EXPECT_EQ(stored.json()["properties"]["title"], "User report: Odd USB stick & <note>");
    EXPECT_EQ(stored.json()["properties"]["severity"], "High");
}

TEST_F(FormRoutes, SubmissionWithoutAValidCsrfTokenIs403AndStartsNoRun) {
    const auto before = runs_of("report");
    auto loaded = load_form(browser(), "report-suspicious-activity");
    auto no_cookie = loaded;
    no_cookie.cookie = "unrelated=1";
    auto reply = post_form("report-suspicious-activity", no_cookie, {{"summary", "x"}});
    EXPECT_EQ(reply.status, 403) << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(reply.body.find("Reload the form"), std::string::npos) << reply.body;
    expect_security_headers(reply);

    const auto other = load_form(browser(), "broken");  // another form's token
    reply = post_form("report-suspicious-activity", other, {{"summary", "x"}});
    EXPECT_EQ(reply.status, 403);
    reply = browser().request("POST", "/forms/report-suspicious-activity",
                              url_encoded({{"summary", "x"}}),
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(reply.status, 403);
    EXPECT_EQ(runs_of("report"), before);
}

TEST_F(FormRoutes, InvalidAnswersShowTheFormAgainWithMessagesByTheFields) {
    const auto before = runs_of("report");
    const auto loaded = load_form(browser(), "report-suspicious-activity");
    const auto reply = post_form(
        "report-suspicious-activity", loaded,
        {{"summary", "Strange call"}, {"reporter", "bob at contoso"}, {"severity", "Apocalyptic"}});
    ASSERT_EQ(reply.status, 400) << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
    const auto& page = reply.body;
    EXPECT_NE(page.find("<p class=\"error\" id=\"f-reporter-error\"><span "
                        "class=\"visually-hidden\">Error: </span>Enter an e-mail address, such as "
                        "name@example.com.</p>\n<input type=\"email\" id=\"f-reporter\" "
                        "name=\"reporter\" value=\"bob at contoso\""),
              std::string::npos)
        << page;
    EXPECT_NE(page.find("aria-invalid=\"true\" aria-describedby=\"f-reporter-error\""),
              std::string::npos);
    EXPECT_NE(page.find("Choose one of: Low, Medium, High."), std::string::npos);
    EXPECT_NE(page.find("value=\"Strange call\""), std::string::npos);  // kept
    EXPECT_TRUE(reply.header("Set-Cookie"));  // a fresh token to send it again
    EXPECT_EQ(runs_of("report"), before);
}

TEST_F(FormRoutes, ThePlaybooksOwnErrorsShowTheFormAgain) {
    const auto loaded = load_form(browser(), "report-suspicious-activity");
    const auto reply = post_form("report-suspicious-activity", loaded, {{"summary", "reject me"}});
    ASSERT_EQ(reply.status, 400) << reply.body;
    EXPECT_NE(reply.body.find("Please say more about what happened."), std::string::npos);
    EXPECT_NE(reply.body.find("value=\"reject me\""), std::string::npos);
    EXPECT_TRUE(reply.header("X-Tocsin-Run-Id"));
}

TEST_F(FormRoutes, MicrosoftFormsShapedJsonGetsTheResultAsJson) {
    const json body = {
        {"responder", "carol@contoso.com"},
        {"submitDate", "6/5/2024 9:51:47 AM"},
        {"answers", json::array({{{"questionId", "summary"}, {"answer", "Tailgater at door 3"}},
                                 {{"questionId", "severity"}, {"answer", "Low"}}})}};
    const auto reply = browser().send_json("POST", "/forms/report-suspicious-activity", body);
    ASSERT_EQ(reply.status, 200) << reply.body << server_->log();
    const auto answer = reply.json();
    EXPECT_EQ(answer["status"], "succeeded");
    EXPECT_EQ(answer["runId"], reply.header("X-Tocsin-Run-Id").value_or(""));
    EXPECT_GT(answer["result"]["incident"]["incidentNumber"].get<int>(), 0);
    EXPECT_EQ(answer["result"]["incident"]["title"], "User report: Tailgater at door 3");
    const auto run = wait_for_run(answer["runId"].get<std::string>());
    EXPECT_EQ(run["trigger"]["payload"]["responder"], "carol@contoso.com");
    EXPECT_EQ(run["trigger"]["payload"]["submit_date"], "6/5/2024 9:51:47 AM");
    EXPECT_EQ(run["params"]["severity"], "Low");
}

// The three JSON shapes docs/triggers/form.md shows, as a Logic App would post them.
TEST_F(FormRoutes, DocumentedJsonSubmissionsRunThePlaybook) {
    // File, and the severity it leads to: only the first answers it; the others get the default.
    const std::vector<std::pair<std::string, std::string>> shapes = {
        {"submission-answers-object.json", "High"},
        {"submission-answers-list.json", "Medium"},
        {"submission-flat.json", "Medium"}};
    for (const auto& [name, severity] : shapes) {
        SCOPED_TRACE(name);
        const auto body = source_file("tests/form_trigger/fixtures/" + name);
        const auto reply = browser().request("POST", "/forms/report-suspicious-activity", body,
                                             {{"Content-Type", "application/json"}});
        ASSERT_EQ(reply.status, 200) << reply.body << server_->log();
        const auto answer = reply.json();
        EXPECT_EQ(answer["result"]["incident"]["title"], "User report: Odd USB stick");
        const auto run = wait_for_run(answer["runId"].get<std::string>());
        EXPECT_EQ(run["trigger"]["payload"]["responder"], "alice@contoso.com");
        EXPECT_EQ(run["params"]["summary"], "Odd USB stick");
        EXPECT_EQ(run["params"]["severity"], severity);
    }
}

TEST_F(FormRoutes, InvalidJsonAnswersAre400ListingEachField) {
    const auto reply =
        browser().send_json("POST", "/forms/report-suspicious-activity",
                            {{"answers", {{"reporter", "nobody"}, {"severity", "Huge"}}}});
    ASSERT_EQ(reply.status, 400) << reply.body;
    const auto error = reply.json()["error"];
    EXPECT_EQ(error["code"], "BadRequest");
    std::map<std::string, std::string> by_field;
    for (const auto& d : error["details"])
        by_field[d["target"].get<std::string>()] = d["message"].get<std::string>();
    EXPECT_EQ(by_field.at("summary"), "This field is required.");
    EXPECT_EQ(by_field.at("reporter"), "Enter an e-mail address, such as name@example.com.");
    EXPECT_EQ(by_field.at("severity"), "Choose one of: Low, Medium, High.");

    auto other = browser().request("POST", "/forms/report-suspicious-activity", "{\"a\":1}",
                                   {{"Content-Type", "text/plain"}});
    EXPECT_EQ(other.status, 415) << other.body;
    other = browser().request("POST", "/forms/report-suspicious-activity", "{not json",
                              {{"Content-Type", "application/json"}});
    EXPECT_EQ(other.status, 400);
    EXPECT_EQ(error_code_of(other), "BadRequest");
}

TEST_F(FormRoutes, FormWithAuthNeedsAnApiToken) {
    auto reply = browser().get("/forms/guarded");
    EXPECT_EQ(reply.status, 401) << reply.body;
    EXPECT_EQ(error_code_of(reply), "AuthenticationFailed");
    reply = browser().send_json("POST", "/forms/guarded", {{"answers", {{"note", "x"}}}});
    EXPECT_EQ(reply.status, 401) << reply.body;
    reply = api().send_json("POST", "/forms/guarded", {{"answers", {{"note", "x"}}}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["result"]["message"], "noted");
    const auto run = wait_for_run(reply.json()["runId"].get<std::string>());
    EXPECT_TRUE(run["trigger"]["payload"]["requested_by"].is_object()) << run.dump();
    EXPECT_EQ(api().get("/forms/guarded").status, 200);
}

TEST_F(FormRoutes, UnknownFormIs404AsJsonOrAsAPageForBrowsers) {
    auto reply = browser().get("/forms/nobody");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_code_of(reply), "NotFound");
    reply =
        browser().get("/forms/nobody", {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(reply.body.find("Form not found"), std::string::npos);
    expect_security_headers(reply);
}

TEST_F(FormRoutes, FailedRunIs500NamingTheRunWithoutItsError) {
    const auto loaded = load_form(browser(), "broken");
    const auto reply = post_form("broken", loaded, {});
    ASSERT_EQ(reply.status, 500) << reply.body;
    const auto run_id = reply.header("X-Tocsin-Run-Id").value_or("");
    ASSERT_FALSE(run_id.empty());
    EXPECT_NE(reply.body.find(run_id), std::string::npos);
    EXPECT_EQ(reply.body.find("secret internal detail"), std::string::npos);
    const auto json_reply = browser().send_json("POST", "/forms/broken", json::object());
    EXPECT_EQ(json_reply.status, 500);
    EXPECT_EQ(error_code_of(json_reply), "PlaybookRunFailed");
    EXPECT_EQ(json_reply.body.find("secret internal detail"), std::string::npos);
}

// docs/triggers/form.md's ctx.trigger is what a run receives for the JSON post it describes.
class FormTriggerPayload : public form_server_test {
  protected:
    static void SetUpTestSuite() {
        start_server({{"report-trigger.lua",
                       source_file("tests/form_trigger/fixtures/report-trigger.lua")}});
    }
    static void TearDownTestSuite() { stop_server(); }
};

TEST_F(FormTriggerPayload, DocumentedTriggerIsWhatARunReceives) {
    const auto reply = browser().send_json(
        "POST", "/forms/report-suspicious-activity",
        {{"responder", "alice@contoso.com"},
         {"submitDate", "6/5/2024 9:51:47 AM"},
         {"answers",
          {{"summary", "Odd USB stick in the lobby"}, {"severity", "High"}, {"building", "B2"}}}});
    ASSERT_EQ(reply.status, 200) << reply.body << server_->log();
    const auto run = wait_for_run(reply.json()["runId"].get<std::string>());
    ASSERT_EQ(run["status"], "succeeded") << run.dump(2);
    const auto& received = run["trigger"]["payload"];
    EXPECT_EQ(received["remote_address"], "127.0.0.1");
    EXPECT_TRUE(received["submitted_at"].is_string());
    EXPECT_EQ(documented_trigger_difference(run["result"], received,
                                            {"/submitted_at", "/remote_address"}),
              "")
        << "docs/triggers/form.md (tests/form_trigger/fixtures/report-trigger.lua) shows "
           "another ctx.trigger than the run received:\n"
        << received.dump(2);
}

class FormLimits : public form_server_test {
  protected:
    static void SetUpTestSuite() {
        start_server(form_playbooks, {{"TOCSIN_FORMS_RATE_LIMIT_PER_MINUTE", "1"},
                                      {"TOCSIN_FORMS_RATE_LIMIT_BURST", "2"}});
    }
    static void TearDownTestSuite() { stop_server(); }
};

TEST_F(FormLimits, TokensSurviveARestartAndSubmissionsAreRateLimited) {
    const auto form = load_form(browser(), "report-suspicious-activity");
    restart_server();
    connect();
    const auto body = url_encoded({{"summary", "after restart"}, {"_csrf", form.token}});
    const header_list headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                                 {"Cookie", form.cookie}};
    auto reply = browser().request("POST", "/forms/report-suspicious-activity", body, headers);
    EXPECT_EQ(reply.status, 200) << reply.body << server_->log();
    reply = browser().request("POST", "/forms/report-suspicious-activity", body, headers);
    EXPECT_EQ(reply.status, 200) << reply.body;
    reply = browser().request("POST", "/forms/report-suspicious-activity", body, headers);
    EXPECT_EQ(reply.status, 429) << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_GE(std::stoi(reply.header("Retry-After").value_or("0")), 1);
    reply = browser().send_json("POST", "/forms/report-suspicious-activity", json::object());
    EXPECT_EQ(reply.status, 429);
    EXPECT_EQ(error_code_of(reply), "TooManyRequests");
}

}  // namespace
}  // namespace tocsin::test
