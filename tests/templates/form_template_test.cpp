// create-incident-from-form end to end: the form posted as a browser posts it (urlencoded, with
// the CSRF token of the page it loaded) and as Microsoft Forms-shaped JSON, and refused.

#include <regex>

#include "tests/form_trigger/form_server.hpp"
#include "tests/templates/template_engine.hpp"

namespace tocsin::test {
namespace {

constexpr const char* form_path = "/forms/report-suspicious-activity";

class FormTemplate : public ::testing::Test {
  protected:
    FormTemplate()
        : engine({.templates = {{"create-incident-from-form"}},
                  .config = {{"forms", {{"rate_limit_per_minute", 0}}}}}) {}

    // No token: employees report without one.
    http_client browser() {
        http_client_options options;
        options.timeout = std::chrono::seconds(20);
        return http_client("127.0.0.1", engine.port(), std::move(options));
    }

    template_engine engine;
};

TEST_F(FormTemplate, ABrowsersReportBecomesAnIncidentWithTheReporterInAComment) {
    auto client = browser();
    const auto form = load_form(client, "report-suspicious-activity");
    ASSERT_FALSE(form.token.empty());
    const auto reply = client.request(
        "POST", form_path,
        url_encoded({{"title", "Unknown USB stick in room 4"},
                     {"description", "Found on the table\nafter the meeting."},
                     {"category", "Data loss"},
                     {"severity", "High"},
                     {"reporter", "alice@contoso.test"},
                     {"tags", "usb, room-4"},
                     {"_csrf", form.token}}),
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", form.cookie}});
    ASSERT_EQ(reply.status, 200) << reply.body << engine.log();
    std::smatch number;
    ASSERT_TRUE(std::regex_search(reply.body, number, std::regex("Incident #([0-9]+) created")))
        << reply.body;

    const auto runs = engine.ended_runs("create-incident-from-form", 1);
    ASSERT_EQ(runs.size(), 1u);
    const auto name = runs[0]["result"]["incident"]["name"].get<std::string>();
    const auto incident = engine.incident(name);
    const auto& p = incident["properties"];
    EXPECT_EQ(std::to_string(p["incidentNumber"].get<int>()), number[1].str());
    EXPECT_EQ(p["title"], "Unknown USB stick in room 4");
    EXPECT_EQ(p["description"], "Found on the table\nafter the meeting.");
    EXPECT_EQ(p["severity"], "High");
    std::vector<std::string> labels;
    for (const auto& l : p["labels"])
        labels.push_back(l["labelName"].get<std::string>());
    EXPECT_EQ(labels,
              (std::vector<std::string>{"user-report", "category-data-loss", "usb", "room-4"}));
    const auto comments = engine.comments(name);
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_NE(comments[0]["properties"]["message"].get<std::string>().find(
                  "Reported by alice@contoso.test through the form 'report-suspicious-activity'"),
              std::string::npos)
        << comments.dump();
}

TEST_F(FormTemplate, AMicrosoftFormsResponseTakesItsResponderAsTheReporter) {
    auto client = browser();
    const auto reply = client.send_json(
        "POST", form_path,
        {{"responder", "bob@contoso.test"},
         {"submitDate", "6/5/2024 9:51:47 AM"},
         {"answers", {{"title", "Pop-up asking for my password"}, {"category", "Phishing"}}}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto body = reply.json();
    EXPECT_EQ(body["status"], "succeeded");
    const auto name = body["result"]["incident"]["name"].get<std::string>();
    EXPECT_EQ(engine.incident(name)["properties"]["severity"], "Medium");
    const auto comments = engine.comments(name);
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_NE(comments[0]["properties"]["message"].get<std::string>().find("bob@contoso.test"),
              std::string::npos);
}

TEST_F(FormTemplate, AReportWithoutAnAddressOrTitleIsRefusedAndCreatesNothing) {
    auto client = browser();
    // JSON without a responder or reporter: the playbook asks for the address.
    auto reply = client.send_json("POST", form_path, {{"answers", {{"title", "Odd pop-up"}}}});
    ASSERT_EQ(reply.status, 400) << reply.body
                                 << engine.ended_runs("create-incident-from-form", 1).dump(2);
    const auto error = reply.json()["error"];
    ASSERT_EQ(error["details"].size(), 1u) << reply.body;
    EXPECT_EQ(error["details"][0]["target"], "reporter");

    // A browser without the title: the form again, the answers kept, no run.
    const auto form = load_form(client, "report-suspicious-activity");
    reply = client.request(
        "POST", form_path, url_encoded({{"reporter", "alice@contoso.test"}, {"_csrf", form.token}}),
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", form.cookie}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(reply.body.find("alice@contoso.test"), std::string::npos);

    // And without the CSRF cookie a browser's post is refused outright.
    reply = client.request(
        "POST", form_path,
        url_encoded({{"title", "x"}, {"reporter", "alice@contoso.test"}, {"_csrf", form.token}}),
        {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(reply.status, 403);

    const auto incidents = engine.api().get(template_engine::arm("incidents"));
    ASSERT_EQ(incidents.status, 200);
    EXPECT_TRUE(incidents.json()["value"].empty()) << incidents.body;
}

}  // namespace
}  // namespace tocsin::test
