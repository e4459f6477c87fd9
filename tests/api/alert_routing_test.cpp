// The alert pipeline against a real server: correlation stories, merges, the alert cap,
// correlation turned off, and incident creation rules. Routing happens after the ingest request
// returns, so each test waits for the incidents to reach the expected state.

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class alert_routing : public api_test {
  protected:
    static void SetUpTestSuite() { start_server({.route_alerts = true}); }

    // Ingests one alert generated at `time` with these entities; asserts 201.
    void raise(std::string_view id, std::string_view name, json entities,
               std::string_view time = "2024-05-01T10:00:00Z",
               std::string_view product = "Microsoft Defender XDR",
               std::string_view severity = "Medium") {
        const auto reply = ingest({{"systemAlertId", id},
                                   {"alertDisplayName", name},
                                   {"severity", severity},
                                   {"productName", product},
                                   {"timeGenerated", time},
                                   {"entities", std::move(entities)}});
        ASSERT_EQ(reply.status, 201) << reply.body;
    }

    // Incidents of the workspace once there are exactly `count` of them with `status`.
    json incidents_when(std::size_t count, std::string_view status = "New") {
        return wait_for("incidents", [&](const json& body) {
            std::size_t n = 0;
            for (const auto& i : body["value"])
                n += i["properties"]["status"] == status;
            return n == count;
        });
    }

    std::vector<std::string> alerts_of(const std::string& incident) {
        const auto reply = client().request("POST", arm("incidents/" + incident + "/alerts"));
        EXPECT_EQ(reply.status, 200) << reply.body;
        std::vector<std::string> ids;
        const auto body = reply.json();
        for (const auto& a : body["value"])
            ids.push_back(a["properties"]["systemAlertId"].get<std::string>());
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    json activity_of(const std::string& incident) {
        const auto reply = get("incidents/" + incident + "/activities");
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.json();
    }

    // A batch ingest's answer: 200, and 201 for every item.
    static void expect_all_created(const http_reply& reply) {
        ASSERT_EQ(reply.status, 200) << reply.body;
        const auto body = reply.json();
        for (const auto& item : body["value"])
            ASSERT_EQ(item["status"], 201) << item.dump();
    }

    static json mailbox(std::string_view address) {
        return {{"kind", "Mailbox"}, {"mailboxPrimaryAddress", address}};
    }
    static json account(std::string_view name) {
        return {{"kind", "Account"}, {"accountName", name}, {"upnSuffix", "contoso.com"}};
    }
    static json url(std::string_view u) { return {{"kind", "Url"}, {"url", u}}; }
    static json host(std::string_view h) { return {{"kind", "Host"}, {"hostName", h}}; }
    static json ip(std::string_view a) { return {{"kind", "Ip"}, {"address", a}}; }
};

TEST_F(alert_routing, PhishingSignInMalwareChainEndsAsOneIncident) {
    raise("phish-1", "Phishing mail delivered",
          {mailbox("jdoe@contoso.com"), url("http://login.contoso-support.example/reset")},
          "2024-05-01T09:00:00Z", "Microsoft Defender for Office 365");
    incidents_when(1);
    raise("signin-1", "Sign-in after a phishing link was clicked",
          {account("jdoe"), url("http://login.contoso-support.example/reset"), ip("203.0.113.7")},
          "2024-05-01T09:20:00Z", "Microsoft Entra ID Protection", "High");
    raise("malware-1", "Malware detected on a workstation", {host("fin-ws-014"), account("jdoe")},
          "2024-05-01T11:00:00Z", "Microsoft Defender for Endpoint", "High");
    const auto incidents = wait_for("incidents", [](const json& body) {
        return body["value"].size() == 1 &&
               body["value"][0]["properties"]["additionalData"]["alertsCount"] == 3;
    });
    ASSERT_EQ(incidents["value"].size(), 1u);
    const auto name = incidents["value"][0]["name"].get<std::string>();
    EXPECT_EQ(alerts_of(name), (std::vector<std::string>{"malware-1", "phish-1", "signin-1"}));
    // The joins are explained: which alert, which entity, which alert shared it.
    const auto activity = activity_of(name);
    bool explained = false;
    for (const auto& entry : activity["value"])
        if (entry["detail"].value("reason", "") == "correlation" &&
            entry["detail"].value("alertId", "") == "malware-1") {
            EXPECT_EQ(entry["detail"]["entity"]["kind"], "Account");
            EXPECT_EQ(entry["detail"]["sharedWithAlert"], "signin-1");
            EXPECT_EQ(entry["detail"]["windowMinutes"], 1440);
            explained = true;
        }
    EXPECT_TRUE(explained) << activity.dump(2);
}

// The story shipped in examples/alerts (README, demo): phishing → sign-in → credential theft
// becomes one incident; the port scan from an unrelated address stays on its own.
TEST_F(alert_routing, ShippedAttackStoryBecomesOneIncidentAndAScanStaysApart) {
    std::ifstream file(std::string(TOCSIN_SOURCE_DIR) + "/examples/alerts/attack-story.json");
    ASSERT_TRUE(file) << "examples/alerts/attack-story.json is missing";
    const auto batch = json::parse(file);
    const auto reply = ingest(batch);
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto incidents = wait_for("incidents", [](const json& body) {
        std::vector<int> counts;
        for (const auto& i : body["value"])
            counts.push_back(i["properties"]["additionalData"]["alertsCount"].get<int>());
        std::sort(counts.begin(), counts.end());
        return counts == std::vector<int>{1, 3};
    });
    for (const auto& i : incidents["value"]) {
        const auto name = i["name"].get<std::string>();
        if (i["properties"]["additionalData"]["alertsCount"] == 3)
            EXPECT_EQ(alerts_of(name), (std::vector<std::string>{"story-malware-1", "story-phish-1",
                                                                 "story-signin-1"}));
        else
            EXPECT_EQ(alerts_of(name), std::vector<std::string>{"story-scan-1"});
    }
}

// Alerts that arrive together are routed together (one store batch, automation_component.hpp);
// each must still see the incidents the ones before it created or joined in that batch.
TEST_F(alert_routing, AlertsIngestedTogetherRouteAsIfOneByOne) {
    json alerts = json::array();
    auto alert = [](std::string id, json entities) {
        return json{{"systemAlertId", std::move(id)},
                    {"alertDisplayName", "Burst"},
                    {"severity", "Medium"},
                    {"productName", "Microsoft Defender XDR"},
                    {"timeGenerated", "2024-05-01T10:00:00Z"},
                    {"entities", std::move(entities)}};
    };
    std::vector<std::string> chain;
    for (int n = 0; n < 30; ++n) {
        const auto number = std::to_string(n);
        if (n % 2 == 0) {
            chain.push_back("burst-shared-" + number);
            alerts.push_back(alert(chain.back(), {host("burst-srv"), ip("192.0.2." + number)}));
        } else {
            alerts.push_back(
                alert("burst-alone-" + number, json::array({host("burst-ws-" + number)})));
        }
    }
    expect_all_created(ingest({{"alerts", alerts}}));
    const auto incidents = wait_for(
        "incidents",
        [](const json& body) {
            std::size_t alerts = 0;
            for (const auto& i : body["value"])
                alerts += i["properties"]["additionalData"]["alertsCount"].get<std::size_t>();
            return alerts == 30;
        },
        "$top=100");
    ASSERT_EQ(incidents["value"].size(), 16u) << incidents.dump(2);
    std::vector<std::int64_t> numbers;
    for (const auto& i : incidents["value"]) {
        numbers.push_back(i["properties"]["incidentNumber"].get<std::int64_t>());
        if (i["properties"]["additionalData"]["alertsCount"] != 1) {
            std::sort(chain.begin(), chain.end());
            EXPECT_EQ(alerts_of(i["name"].get<std::string>()), chain);
        }
    }
    std::sort(numbers.begin(), numbers.end());
    EXPECT_EQ(std::adjacent_find(numbers.begin(), numbers.end()), numbers.end());
}

TEST_F(alert_routing, AlertsIngestedTogetherMergeWhatTheyLink) {
    json alerts = json::array();
    for (const auto& [id, entities] : std::vector<std::pair<std::string, json>>{
             {"bm-1", json::array({host("bm-ws")})},
             {"bm-2", json::array({account("bm-user")})},
             {"bm-3", json::array({host("bm-ws"), account("bm-user")})}})
        alerts.push_back({{"systemAlertId", id},
                          {"alertDisplayName", "Linked"},
                          {"severity", "Low"},
                          {"productName", "Microsoft Defender XDR"},
                          {"timeGenerated", "2024-05-01T10:00:00Z"},
                          {"entities", entities}});
    expect_all_created(ingest({{"alerts", alerts}}));
    const auto after = wait_for("incidents", [](const json& body) {
        int open = 0, closed = 0;
        for (const auto& i : body["value"])
            (i["properties"]["status"] == "Closed" ? closed : open)++;
        return open == 1 && closed == 1;
    });
    for (const auto& i : after["value"]) {
        if (i["properties"]["status"] != "Closed") {
            EXPECT_EQ(alerts_of(i["name"].get<std::string>()),
                      (std::vector<std::string>{"bm-1", "bm-2", "bm-3"}));
        }
    }
}

TEST_F(alert_routing, UnrelatedAlertsStayApart) {
    raise("a-1", "Brute force against a server", {host("srv-01"), ip("198.51.100.1")});
    raise("b-1", "Suspicious PowerShell", {host("ws-77"), account("mallory")});
    const auto incidents = incidents_when(2);
    for (const auto& i : incidents["value"])
        EXPECT_EQ(i["properties"]["additionalData"]["alertsCount"], 1);
}

TEST_F(alert_routing, AlertOutsideTheWindowStartsANewIncident) {
    raise("old-1", "Old alert", {host("srv-09")}, "2024-05-01T00:00:00Z");
    incidents_when(1);
    raise("new-1", "Two days later", {host("srv-09")}, "2024-05-03T00:00:00Z");
    incidents_when(2);
}

TEST_F(alert_routing, AlertLinkingTwoIncidentsMergesThemIntoTheOlder) {
    raise("m-1", "First", {host("hr-ws-1")});
    const auto first = incidents_when(1)["value"][0]["name"].get<std::string>();
    raise("m-2", "Second", {account("alice")});
    incidents_when(2);
    raise("m-3", "Links both", {host("hr-ws-1"), account("alice")});
    const auto after = wait_for("incidents", [](const json& body) {
        int open = 0, closed = 0;
        for (const auto& i : body["value"])
            (i["properties"]["status"] == "Closed" ? closed : open)++;
        return open == 1 && closed == 1;
    });
    std::string survivor, merged;
    for (const auto& i : after["value"])
        (i["properties"]["status"] == "Closed" ? merged : survivor) = i["name"].get<std::string>();
    EXPECT_EQ(survivor, first);
    EXPECT_EQ(alerts_of(survivor), (std::vector<std::string>{"m-1", "m-2", "m-3"}));
    const auto closed = get("incidents/" + merged).json();
    EXPECT_EQ(closed["properties"]["classification"], "Undetermined");
    const auto number = get("incidents/" + survivor).json()["properties"]["incidentNumber"];
    EXPECT_NE(closed["properties"]["classificationComment"].get<std::string>().find(
                  "#" + std::to_string(number.get<int>())),
              std::string::npos)
        << closed.dump(2);
    // Both activity logs say why.
    bool survivor_says = false, merged_says = false;
    const auto survivor_log = activity_of(survivor);
    for (const auto& e : survivor_log["value"])
        survivor_says |= e["action"] == "incident.merged";
    const auto merged_log = activity_of(merged);
    for (const auto& e : merged_log["value"])
        merged_says |= e["detail"].value("reason", "") == "correlation merge";
    EXPECT_TRUE(survivor_says) << survivor_log.dump(2);
    EXPECT_TRUE(merged_says) << merged_log.dump(2);
}

TEST_F(alert_routing, FullIncidentIsPassedOverForANewOne) {
    json batch = json::array();
    for (int i = 0; i < 150; ++i)
        batch.push_back({{"systemAlertId", "cap-" + std::to_string(i)},
                         {"alertDisplayName", "Scan " + std::to_string(i)},
                         {"severity", "Low"},
                         {"productName", "Microsoft Defender XDR"},
                         {"timeGenerated", "2024-05-01T10:00:00Z"},
                         {"entities", json::array({ip("192.0.2.200")})}});
    ASSERT_EQ(ingest({{"alerts", batch}}).status, 200);
    wait_for("incidents", [](const json& body) {
        return body["value"].size() == 1 &&
               body["value"][0]["properties"]["additionalData"]["alertsCount"] == 150;
    });
    raise("cap-150", "One more", {ip("192.0.2.200")});
    const auto incidents = incidents_when(2);
    std::vector<int> counts;
    for (const auto& i : incidents["value"])
        counts.push_back(i["properties"]["additionalData"]["alertsCount"].get<int>());
    std::sort(counts.begin(), counts.end());
    EXPECT_EQ(counts, (std::vector<int>{1, 150}));
}

TEST_F(alert_routing, AlertWithCorrelationDisabledStaysStandalone) {
    raise("c-1", "Correlated", {host("db-01")});
    incidents_when(1);
    const auto reply = ingest({{"systemAlertId", "c-2"},
                               {"alertDisplayName", "Standalone"},
                               {"severity", "Low"},
                               {"productName", "Microsoft Defender XDR"},
                               {"timeGenerated", "2024-05-01T10:05:00Z"},
                               {"correlation", false},
                               {"entities", json::array({host("db-01")})}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    raise("c-3", "After the standalone one", {host("db-01")});
    const auto incidents = wait_for("incidents", [](const json& body) {
        return body["value"].size() == 1 &&
               body["value"][0]["properties"]["additionalData"]["alertsCount"] == 2;
    });
    EXPECT_EQ(alerts_of(incidents["value"][0]["name"].get<std::string>()),
              (std::vector<std::string>{"c-1", "c-3"}));
}

TEST_F(alert_routing, CreationRulesDecideForTheProductsTheyName) {
    const json rule = {{"kind", "MicrosoftSecurityIncidentCreation"},
                       {"properties",
                        {{"displayName", "High Defender for Cloud alerts, not tests"},
                         {"enabled", true},
                         {"productFilter", "Azure Security Center"},
                         {"severitiesFilter", {"High"}},
                         {"displayNamesExcludeFilter", {"test"}}}}};
    const auto put_rule = put("alertRules/asc-high", rule);
    ASSERT_EQ(put_rule.status, 201) << put_rule.body;
    const auto second =
        put("alertRules/asc-any-high", {{"kind", "MicrosoftSecurityIncidentCreation"},
                                        {"properties",
                                         {{"displayName", "Any ASC High"},
                                          {"enabled", true},
                                          {"productFilter", "Azure Security Center"},
                                          {"severitiesFilter", {"High"}}}}});
    ASSERT_EQ(second.status, 201) << second.body;
    raise("r-1", "Crypto miner", {host("vm-1")}, "2024-05-01T10:00:00Z", "Azure Security Center",
          "High");
    raise("r-2", "Low finding", {host("vm-2")}, "2024-05-01T10:00:00Z", "Azure Security Center",
          "Low");
    raise("r-3", "Test alert", {host("vm-3")}, "2024-05-01T10:00:00Z", "Azure Security Center",
          "High");
    // Two rules match r-1: one incident naming both. r-3 only matches the second rule.
    const auto incidents = incidents_when(2);
    bool found_both = false;
    for (const auto& i : incidents["value"]) {
        const auto& p = i["properties"];
        // The incident is Tocsin's (so later alerts of the product may join it); the product
        // shows in alertProductNames.
        EXPECT_EQ(p["providerName"], "Tocsin");
        EXPECT_EQ(p["additionalData"]["alertProductNames"], json::array({"Azure Security Center"}));
        if (p["title"] == "Crypto miner") {
            EXPECT_EQ(p["severity"], "High");
            EXPECT_EQ(p["relatedAnalyticRuleIds"], (json::array({"asc-any-high", "asc-high"})));
            found_both = true;
        } else {
            EXPECT_EQ(p["title"], "Test alert");
            EXPECT_EQ(p["relatedAnalyticRuleIds"], json::array({"asc-any-high"}));
        }
    }
    EXPECT_TRUE(found_both) << incidents.dump(2);
    // r-2 matched no rule of a governed product: it stays standalone.
    const auto standalone = client().get("/api/v1/subscriptions/" + std::string(test_subscription) +
                                         "/resourceGroups/" + std::string(test_resource_group) +
                                         "/workspaces/" + workspace_ + "/alerts/r-2");
    ASSERT_EQ(standalone.status, 200) << standalone.body;
    const auto alert = standalone.json();
    EXPECT_TRUE(alert["incidents"].empty()) << standalone.body;
}

}  // namespace
}  // namespace tocsin::test
