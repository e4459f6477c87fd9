// The incident-driven templates end to end: incidents made through the REST API, the templates'
// webhooks answered by a loopback HTTP server and their mail caught by an SMTP sink the test
// starts. notify-chat, enrich-ip, notify-severity-changed, phishing-tasks, assign-owner-by-shift.

#include <chrono>
#include <set>
#include <thread>

#include "tests/plugins/loopback_http_server.hpp"
#include "tests/plugins/smtp_sink.hpp"
#include "tests/templates/template_engine.hpp"

namespace tocsin::test {
namespace {

json chat_config(const loopback_http_server& hook) {
    return {{"plugins", {{"instances", {{"notify:chat", {{"url", hook.url("/hook")}}}}}}}};
}

json mail_config(const smtp_sink& sink) {
    return {{"plugins",
             {{"instances",
               {{"notify:mail",
                 {{"host", "127.0.0.1"},
                  {"port", sink.port()},
                  {"from", "soc@contoso.test"},
                  {"starttls", "none"}}}}}}}};
}

std::string comment_text(template_engine& engine, const std::string& incident) {
    std::string all;
    for (const auto& c : engine.comments(incident))
        all += c["properties"]["message"].get<std::string>() + "\n";
    return all;
}

TEST(NotifyChat, AHighIncidentIsPostedToTheChatWebhook) {
    loopback_http_server hook([](const http_request_msg&) { return make_response(200, "ok"); });
    template_engine engine(
        {.templates = {{"notify-chat", {"link=https://soc.contoso.test/i/{number}"}}},
         .config = chat_config(hook)});
    engine.create_incident("ransomware", {{"title", "Ransomware on fs-01"}, {"severity", "High"}});
    // An update is no creation: a plain `incident` trigger does not run for it. Events are
    // dispatched in commit order, so a run for it would be listed before the next incident's.
    engine.create_incident(
        "ransomware",
        {{"title", "Ransomware on fs-01"}, {"severity", "High"}, {"status", "Active"}});
    engine.create_incident("quiet", {{"title", "Odd DNS"}, {"severity", "Low"}});
    const auto runs = engine.ended_runs("notify-chat", 2);
    ASSERT_EQ(runs.size(), 2u);
    std::set<std::string> subjects;
    for (const auto& r : runs)
        subjects.insert(r["trigger"]["payload"]["incident"]["name"].get<std::string>());
    EXPECT_EQ(subjects, (std::set<std::string>{"quiet", "ransomware"}));
    const auto all = engine.api().get("/api/v1/runs?playbook=notify-chat");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.json()["value"].size(), 2u) << all.body;

    const auto requests = hook.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].target(), "/hook");
    const auto body = json::parse(requests[0].body());
    const auto number = engine.incident("ransomware")["properties"]["incidentNumber"].dump();
    EXPECT_EQ(body["title"], "New High incident #" + number);
    EXPECT_EQ(body["text"], "Ransomware on fs-01");
    EXPECT_EQ(body["severity"], "High");
    EXPECT_EQ(body["link"], "https://soc.contoso.test/i/" + number);
    EXPECT_EQ(body["fields"]["Incident"], "#" + number);
}

TEST(NotifyChat, AFailedPostIsCommentedOnTheIncident) {
    loopback_http_server hook(
        [](const http_request_msg&) { return make_response(404, "no such channel"); });
    template_engine engine({.templates = {{"notify-chat"}}, .config = chat_config(hook)});
    engine.create_incident("ransomware", {{"title", "Ransomware on fs-01"}, {"severity", "High"}});
    const auto runs = engine.ended_runs("notify-chat", 1);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0]["result"]["posted"], false) << runs[0].dump(2);
    EXPECT_NE(comment_text(engine, "ransomware")
                  .find("The chat notification (notify instance 'chat') failed"),
              std::string::npos)
        << comment_text(engine, "ransomware");
}

TEST(EnrichIp, EveryIpIsLookedUpAndTheOnesThatFailAreNamed) {
    loopback_http_server intel([](const http_request_msg& req) {
        if (req.target() == "/ip/203.0.113.7")
            return make_response(200, R"({"country": "NL", "threat": "scanner", "asn": 64500})",
                                 "application/json");
        if (req.target() == "/ip/198.51.100.1")
            return make_response(503, "busy");
        return make_response(200, "<html>not json</html>", "text/html");
    });
    template_engine engine({.templates = {{"enrich-ip",
                                           {"url=" + intel.url("/ip/{ip}"),
                                            "label_fields=country,threat", "timeout_ms=3000"}}},
                            .config = {{"correlation", {{"enabled", false}}}},
                            .route_alerts = true});
    engine.ingest({{"systemAlertId", "scan-1"},
                   {"alertDisplayName", "Port scan"},
                   {"severity", "Medium"},
                   {"productName", "Contoso NDR"},
                   {"timeGenerated", "2024-05-01T10:00:00Z"},
                   {"entities",
                    {{{"kind", "Ip"}, {"address", "203.0.113.7"}},
                     {{"kind", "Ip"}, {"address", "198.51.100.1"}},
                     {{"kind", "Ip"}, {"address", "192.0.2.5"}}}}});
    const auto runs = engine.ended_runs("enrich-ip", 1);
    ASSERT_EQ(runs.size(), 1u);
    ASSERT_EQ(runs[0]["status"], "succeeded") << runs[0].dump(2);
    EXPECT_EQ(runs[0]["result"]["enriched"], 1);
    EXPECT_EQ(runs[0]["result"]["failed"], 2);
    const auto incident = runs[0]["trigger"]["payload"]["incident"]["name"].get<std::string>();
    std::vector<std::string> labels;
    const auto enriched = engine.incident(incident);
    for (const auto& l : enriched["properties"]["labels"])
        labels.push_back(l["labelName"].get<std::string>());
    EXPECT_EQ(labels, (std::vector<std::string>{"country:NL", "threat:scanner"}))
        << enriched.dump(2);
    const auto text = comment_text(engine, incident);
    EXPECT_NE(text.find("- 203.0.113.7: asn=64500, country=NL, threat=scanner"), std::string::npos)
        << text;
    EXPECT_NE(text.find("198.51.100.1 (HTTP 503)"), std::string::npos) << text;
    EXPECT_NE(text.find("192.0.2.5 (the answer is not a JSON object)"), std::string::npos) << text;
    EXPECT_EQ(intel.requests().size(), 3u);
}

TEST(NotifySeverityChanged, TheOwnerIsMailedTheOldAndNewSeverity) {
    smtp_sink sink({});
    template_engine engine(
        {.templates = {{"notify-severity-changed"}}, .config = mail_config(sink)});
    json props = {{"title", "Brute force on vpn-gw"},
                  {"severity", "Low"},
                  {"owner", {{"email", "bob@contoso.test"}, {"assignedTo", "Bob"}}}};
    engine.create_incident("brute", props);
    props["severity"] = "High";
    engine.create_incident("brute", props);  // the update
    const auto runs = engine.ended_runs("notify-severity-changed", 1);
    ASSERT_EQ(runs.size(), 1u);
    ASSERT_EQ(runs[0]["result"]["notified"], true) << runs[0].dump(2);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (sink.sessions().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto sessions = sink.sessions();
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].recipients, std::vector<std::string>{"<bob@contoso.test>"});
    EXPECT_NE(sessions[0].data.find("changed severity from Low to High"), std::string::npos)
        << sessions[0].data;
}

TEST(NotifySeverityChanged, NobodyIsMailedWithoutAnOwnerOrASeverityChange) {
    smtp_sink sink({});
    template_engine engine(
        {.templates = {{"notify-severity-changed"}}, .config = mail_config(sink)});
    json props = {{"title", "Brute force"}, {"severity", "Low"}};
    engine.create_incident("unowned", props);
    props["severity"] = "Medium";
    engine.create_incident("unowned", props);
    props["description"] = "more detail";
    engine.create_incident("unowned", props);
    const auto runs = engine.ended_runs("notify-severity-changed", 2);
    ASSERT_EQ(runs.size(), 2u);
    std::set<std::string> reasons;
    for (const auto& r : runs)
        reasons.insert(r["result"]["reason"].get<std::string>());
    EXPECT_EQ(reasons, (std::set<std::string>{"no owner address", "severity unchanged"}));
    EXPECT_TRUE(sink.sessions().empty());
}

TEST(PhishingTasks, APhishingIncidentGetsTheChecklistOnce) {
    template_engine engine({.templates = {{"phishing-tasks"}}});
    json props = {{"title", "Payroll look-alike mail"},
                  {"severity", "Medium"},
                  {"labels", {{{"labelName", "phishing"}}}}};
    engine.create_incident("payroll", props);
    engine.ended_runs("phishing-tasks", 1);
    const auto tasks = engine.wait_for("incidents/payroll/tasks",
                                       [](const json& body) { return body["value"].size() >= 7; });
    EXPECT_EQ(tasks["value"].size(), 7u);
    // The playbook's own label write does not run it again; an analyst's later update does, and
    // the marker label stops it.
    props["severity"] = "High";
    props["labels"] = {{{"labelName", "phishing"}}, {{"labelName", "phishing-tasks-added"}}};
    engine.create_incident("payroll", props);
    const auto runs = engine.ended_runs("phishing-tasks", 2);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(
        engine.api().get(template_engine::arm("incidents/payroll/tasks")).json()["value"].size(),
        7u);
}

TEST(PhishingTasks, OtherIncidentsGetNoTasksUntilTaggedPhishing) {
    template_engine engine({.templates = {{"phishing-tasks"}}});
    json props = {{"title", "Odd DNS"}, {"severity", "Low"}};
    engine.create_incident("dns", props);
    const auto first = engine.ended_runs("phishing-tasks", 1);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0]["result"]["reason"], "not phishing") << first[0].dump(2);
    EXPECT_TRUE(
        engine.api().get(template_engine::arm("incidents/dns/tasks")).json()["value"].empty());
    props["labels"] = {{{"labelName", "Phishing"}}};
    engine.create_incident("dns", props);
    const auto tasks = engine.wait_for("incidents/dns/tasks",
                                       [](const json& body) { return body["value"].size() >= 7; });
    EXPECT_EQ(tasks["value"].size(), 7u);
}

TEST(AssignOwnerByShift, ANewIncidentGoesToTheAnalystOnShift) {
    template_engine engine(
        {.templates = {
             {"assign-owner-by-shift",
              {R"(shifts=[{"owner":"alice@contoso.test","days":"Mon-Sun","from":"00:00","to":"24:00"}])"}}}});
    engine.create_incident("brute", {{"title", "Brute force"}, {"severity", "Medium"}});
    const auto done = engine.wait_for("incidents/brute", [](const json& body) {
        return body["properties"]["owner"].value("email", "") != "";
    });
    EXPECT_EQ(done["properties"]["owner"]["email"], "alice@contoso.test");
}

TEST(AssignOwnerByShift, WithoutACoveringShiftTheIncidentStaysUnassigned) {
    template_engine engine({.templates = {{"assign-owner-by-shift", {"shifts=[]"}}}});
    engine.create_incident("brute", {{"title", "Brute force"}, {"severity", "Medium"}});
    const auto runs = engine.ended_runs("assign-owner-by-shift", 1);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0]["result"]["reason"], "no shift") << runs[0].dump(2);
    EXPECT_EQ(engine.incident("brute")["properties"]["owner"].value("email", ""), "");
}

}  // namespace
}  // namespace tocsin::test
