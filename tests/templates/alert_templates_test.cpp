// The alert-driven templates end to end, alerts ingested and related through the REST API with
// alert routing on (correlation off, so each alert starts an incident of its own):
// relate-alerts-by-ip (incident expansion) and close-duplicate-incident.

#include <chrono>
#include <ctime>

#include "tests/support/playbook_server.hpp"
#include "tests/templates/template_engine.hpp"

namespace tocsin::test {
namespace {

std::string now_utc() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

json alert(const std::string& id, json entities, bool correlation = true) {
    return {{"systemAlertId", id},        {"alertDisplayName", "Alert " + id},
            {"severity", "Medium"},       {"productName", "Contoso NDR"},
            {"timeGenerated", now_utc()}, {"entities", std::move(entities)},
            {"correlation", correlation}};
}

json ip(const std::string& address) {
    return {{"kind", "Ip"}, {"address", address}};
}

const json uncorrelated = {{"correlation", {{"enabled", false}}}};

// The name of the incident routing made for `alert` (its title is the alert's display name).
std::string incident_of(template_engine& engine, const std::string& alert) {
    std::string name;
    engine.wait_for("incidents", [&](const json& body) {
        for (const auto& i : body["value"])
            if (i["properties"]["title"] == "Alert " + alert)
                name = i["name"].get<std::string>();
        return !name.empty();
    });
    return name;
}

std::size_t alerts_count(template_engine& engine, const std::string& incident) {
    const auto reply =
        engine.api().request("POST", template_engine::arm("incidents/" + incident + "/alerts"));
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.json()["value"].size() : 0;
}

// Relates the alert to the incident as an analyst would (PUT …/relations/{name}).
void relate(template_engine& engine, const std::string& incident, const std::string& relation,
            const std::string& alert) {
    const json body = {
        {"properties", {{"relatedResourceId", default_workspace_arm() + "/entities/" + alert}}}};
    const auto reply = engine.api().send_json(
        "PUT", template_engine::arm("incidents/" + incident + "/relations/" + relation), body);
    ASSERT_TRUE(reply.status == 200 || reply.status == 201) << reply.status << " " << reply.body;
}

TEST(RelateAlertsByIp, ANewAlertJoinsTheRecentIncidentSharingItsIpWithAComment) {
    template_engine engine({.templates = {{"relate-alerts-by-ip", {"hours=2"}}},
                            .config = uncorrelated,
                            .route_alerts = true});
    engine.ingest(alert("beacon-1", {ip("203.0.113.7")}));
    const auto first = incident_of(engine, "beacon-1");
    engine.ended_runs("relate-alerts-by-ip", 1);
    engine.ingest(alert("scan-2", {ip("203.0.113.7"), {{"kind", "Host"}, {"hostName", "ws-9"}}}));
    const auto second = incident_of(engine, "scan-2");
    ASSERT_NE(first, second);

    const auto runs = engine.ended_runs("relate-alerts-by-ip", 2);
    ASSERT_EQ(runs.size(), 2u);
    json added = json::array();
    for (const auto& r : runs) {
        ASSERT_EQ(r["status"], "succeeded") << r.dump(2);
        for (const auto& n : r["result"]["added"])
            added.push_back(n);
    }
    const auto first_number = engine.incident(first)["properties"]["incidentNumber"];
    EXPECT_EQ(added, json::array({first_number}));
    EXPECT_EQ(alerts_count(engine, first), 2u);
    EXPECT_EQ(alerts_count(engine, second), 1u);  // sole_alert = keep
    const auto comments = engine.comments(first);
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_NE(comments[0]["properties"]["message"].get<std::string>().find(
                  "Added alert 'Alert scan-2' (scan-2) because it shares IP 203.0.113.7 with "
                  "alert beacon-1"),
              std::string::npos)
        << comments.dump();
}

TEST(RelateAlertsByIp, ClosedIncidentsAndOtherAddressesAreLeftAlone) {
    template_engine engine(
        {.templates = {{"relate-alerts-by-ip"}}, .config = uncorrelated, .route_alerts = true});
    engine.ingest(alert("beacon-1", {ip("203.0.113.7")}));
    const auto first = incident_of(engine, "beacon-1");
    engine.ended_runs("relate-alerts-by-ip", 1);
    auto closed = engine.incident(first);
    closed["properties"]["status"] = "Closed";
    closed["properties"]["classification"] = "FalsePositive";
    closed["properties"]["classificationReason"] = "IncorrectAlertLogic";
    const auto put = engine.api().send_json("PUT", template_engine::arm("incidents/" + first),
                                            {{"properties", closed["properties"]}});
    ASSERT_EQ(put.status, 200) << put.body;

    engine.ingest(alert("scan-2", {ip("203.0.113.7")}));
    engine.ingest(alert("other-3", {ip("198.51.100.99")}));
    const auto runs = engine.ended_runs("relate-alerts-by-ip", 3);
    ASSERT_EQ(runs.size(), 3u);
    for (const auto& r : runs) {
        EXPECT_EQ(r["status"], "succeeded") << r.dump(2);
        EXPECT_TRUE(r["result"]["added"].empty()) << r.dump(2);
    }
    EXPECT_EQ(alerts_count(engine, first), 1u);
    EXPECT_TRUE(engine.comments(first).empty());
}

TEST(CloseDuplicateIncident, AnIncidentWhoseOnlyAlertMovedIsClosedWithCommentsLinkingBoth) {
    template_engine engine({.templates = {{"close-duplicate-incident"}},
                            .config = uncorrelated,
                            .route_alerts = true});
    engine.ingest(alert("travel-1", {{{"kind", "Account"}, {"accountName", "ann"}}}));
    const auto duplicate = incident_of(engine, "travel-1");
    engine.create_incident("ann-account", {{"title", "Ann's account"}, {"severity", "High"}});
    relate(engine, "ann-account", "rel-travel", "travel-1");

    // The routing's own relation (travel-1 into its incident), then the analyst's.
    const auto runs = engine.ended_runs("close-duplicate-incident", 2);
    ASSERT_EQ(runs.size(), 2u);
    const auto closed = engine.incident(duplicate)["properties"];
    EXPECT_EQ(closed["status"], "Closed");
    EXPECT_EQ(closed["classification"], "Undetermined");
    const auto target_number = engine.incident("ann-account")["properties"]["incidentNumber"];
    EXPECT_NE(closed["classificationComment"].get<std::string>().find(
                  "is now in incident #" + target_number.dump() + " (ann-account)"),
              std::string::npos)
        << closed.dump();
    const auto on_duplicate = engine.comments(duplicate);
    ASSERT_EQ(on_duplicate.size(), 1u);
    EXPECT_NE(on_duplicate[0]["properties"]["message"].get<std::string>().find(
                  "Duplicate: its only alert"),
              std::string::npos);
    const auto on_target = engine.comments("ann-account");
    ASSERT_EQ(on_target.size(), 1u);
    EXPECT_NE(on_target[0]["properties"]["message"].get<std::string>().find(
                  "Incident #" + closed["incidentNumber"].dump() + " (" + duplicate +
                  ") was closed as a duplicate of this one"),
              std::string::npos)
        << on_target.dump();
}

TEST(CloseDuplicateIncident, AnIncidentWithOtherAlertsStaysOpen) {
    template_engine engine({.templates = {{"close-duplicate-incident"}},
                            .config = uncorrelated,
                            .route_alerts = true});
    engine.ingest(alert("travel-1", {{{"kind", "Account"}, {"accountName", "ann"}}}));
    const auto first = incident_of(engine, "travel-1");
    // A standalone alert (no incident of its own) joins the first incident: it has two now.
    engine.ingest(alert("signin-2", {{{"kind", "Account"}, {"accountName", "ann"}}}, false));
    relate(engine, first, "rel-signin", "signin-2");
    engine.create_incident("ann-account", {{"title", "Ann's account"}, {"severity", "High"}});
    relate(engine, "ann-account", "rel-travel", "travel-1");

    const auto runs = engine.ended_runs("close-duplicate-incident", 3);
    ASSERT_EQ(runs.size(), 3u);
    for (const auto& r : runs) {
        EXPECT_EQ(r["status"], "succeeded") << r.dump(2);
        EXPECT_TRUE(r["result"]["closed"].empty()) << r.dump(2);
    }
    EXPECT_EQ(engine.incident(first)["properties"]["status"], "New");
    EXPECT_TRUE(engine.comments(first).empty());
}

}  // namespace
}  // namespace tocsin::test
