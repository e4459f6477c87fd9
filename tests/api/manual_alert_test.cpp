// Manual alerts (the "create alert" wizard) through the real server.

#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class ManualAlert : public api_test {
  protected:
    http_reply create(const json& body) {
        return client().send_json("POST",
                                  "/api/v1/subscriptions/" + std::string(test_subscription) +
                                      "/resourceGroups/" + std::string(test_resource_group) +
                                      "/workspaces/" + workspace_ + "/alerts/manual",
                                  body);
    }
    json wizard() {
        return {{"title", "Suspicious sign-in"},
                {"severity", "High"},
                {"category", "InitialAccess"},
                {"techniques", {"T1078"}},
                {"tactics", {"InitialAccess"}},
                {"description", "Sign-in from an unusual country"},
                {"recommendedActions", {"Reset the password", "Revoke sessions"}},
                {"impactedAssets",
                 {{{"kind", "Account"}, {"accountName", "jdoe"}, {"upnSuffix", "contoso.com"}}}},
                {"evidence", {{"signInId", "abc-123"}}}};
    }
};

TEST_F(ManualAlert, OpensANewIncidentWithTheAlert) {
    const auto reply = create(wizard());
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto body = reply.json();
    const auto incident = body["incident"]["name"].get<std::string>();
    const auto alerts = post("incidents/" + incident + "/alerts");
    ASSERT_EQ(alerts.status, 200) << alerts.body;
    const auto listed = alerts.json();
    ASSERT_EQ(listed["value"].size(), 1u);
    const auto& alert = listed["value"][0]["properties"];
    EXPECT_EQ(alert["alertDisplayName"], "Suspicious sign-in");
    EXPECT_EQ(alert["severity"], "High");
    EXPECT_EQ(alert["remediationSteps"], json({"Reset the password", "Revoke sessions"}));
    EXPECT_EQ(alert["techniques"], json({"T1078"}));
    const auto got = get("incidents/" + incident);
    EXPECT_EQ(got.json()["properties"]["title"], "Suspicious sign-in");
    EXPECT_EQ(got.json()["properties"]["severity"], "High");
    // The change is recorded with who made it.
    const auto activities = get("incidents/" + incident + "/activities");
    ASSERT_EQ(activities.status, 200) << activities.body;
    EXPECT_FALSE(activities.json()["value"].empty());
}

TEST_F(ManualAlert, WithCorrelationJoinsTheOpenIncidentSharingAnEntity) {
    // An ingested alert on the same account: this suite's server does not route ingested
    // alerts, so relate it to an incident by hand.
    put_incident("b4f1c2d3-0000-4000-8000-000000000001", {{"title", "Account compromise"}});
    // No timeGenerated: now, so within the correlation window of the manual alert.
    const auto ingested =
        ingest({{"systemAlertId", "signin-77"},
                {"alertDisplayName", "Unfamiliar sign-in properties"},
                {"severity", "Medium"},
                {"productName", "Microsoft Entra ID Protection"},
                {"entities",
                 {{{"kind", "Account"}, {"accountName", "jdoe"}, {"upnSuffix", "contoso.com"}}}}});
    ASSERT_EQ(ingested.status, 201) << ingested.body;
    ASSERT_EQ(relate("b4f1c2d3-0000-4000-8000-000000000001", "rel-signin", "signin-77").status,
              201);
    const auto reply = create(wizard());
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto body = reply.json();
    EXPECT_EQ(body["incident"]["name"], "b4f1c2d3-0000-4000-8000-000000000001");
    EXPECT_EQ(body["correlation"]["outcome"], "joined");
    EXPECT_EQ(body["correlation"]["explanation"]["entity"]["kind"], "Account");
    EXPECT_EQ(body["correlation"]["explanation"]["sharedWithAlert"], "signin-77");
    EXPECT_FALSE(body["relation"].get<std::string>().empty());

    // Without correlation: an incident of its own, whatever it shares.
    auto standalone = wizard();
    standalone["correlation"] = false;
    const auto own = create(standalone);
    ASSERT_EQ(own.status, 201) << own.body;
    const auto own_body = own.json();
    EXPECT_NE(own_body["incident"]["name"], "b4f1c2d3-0000-4000-8000-000000000001");
    EXPECT_EQ(own_body["incident"]["properties"]["additionalData"]["alertsCount"], 1);
}

TEST_F(ManualAlert, AttachesToAnExistingIncident) {
    put_incident("6f0d2a4e-1c3b-4b5a-9e8f-7a6b5c4d3e2f", {{"title", "Existing"}});
    auto body = wizard();
    body["incident"] = "6f0d2a4e-1c3b-4b5a-9e8f-7a6b5c4d3e2f";
    const auto reply = create(body);
    ASSERT_EQ(reply.status, 201) << reply.body;
    EXPECT_EQ(reply.json()["incident"]["name"], "6f0d2a4e-1c3b-4b5a-9e8f-7a6b5c4d3e2f");
    const auto alerts = post("incidents/6f0d2a4e-1c3b-4b5a-9e8f-7a6b5c4d3e2f/alerts");
    EXPECT_EQ(alerts.json()["value"].size(), 1u);
}

TEST_F(ManualAlert, ErrorsNameTheField) {
    auto body = wizard();
    body.erase("impactedAssets");
    auto reply = create(body);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "impactedAssets");

    body = wizard();
    body["impactedAssets"] = json::array();
    reply = create(body);
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(reply.body.find("at least one"), std::string::npos) << reply.body;

    body = wizard();
    body["severity"] = "Apocalyptic";
    EXPECT_EQ(create(body).status, 400);

    body = wizard();
    body["techniques"] = {"X1"};
    EXPECT_EQ(create(body).status, 400);

    body = wizard();
    body["colour"] = "red";
    reply = create(body);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "colour");

    body = wizard();
    body["incident"] = "00000000-0000-0000-0000-0000000000aa";
    EXPECT_EQ(create(body).status, 404);
}

}  // namespace
}  // namespace tocsin::test
