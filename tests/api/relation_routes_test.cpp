// Incident relations and the alert/entity views over real HTTP, with Sentinel's rules and texts.
#include <map>

#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class relation_routes : public api_test {
  protected:
    void SetUp() override {
        api_test::SetUp();
        put_incident("inc-r", {{"title", "Relations"}, {"severity", "Medium"}});
    }
};

const json host_entity = {
    {"kind", "Host"}, {"hostName", "fin-ws-014"}, {"dnsDomain", "contoso.com"}};
const json account_entity = {
    {"kind", "Account"}, {"accountName", "administrator"}, {"ntDomain", "domain"}};
const json ip_entity = {{"kind", "Ip"}, {"address", "10.0.0.5"}};

TEST_F(relation_routes, put_creates_201_re_put_is_200_and_get_list_show_it) {
    ingest_alert("alert-1", json::array({host_entity, ip_entity}));
    auto reply = relate("inc-r", "rel-1", "alert-1");
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto body = reply.json();
    EXPECT_EQ(body["id"], prefix() + "/incidents/inc-r/relations/rel-1");
    EXPECT_EQ(body["name"], "rel-1");
    EXPECT_EQ(body["type"], "Microsoft.SecurityInsights/incidents/relations");
    EXPECT_EQ(body["etag"].get<std::string>().front(), '"');
    EXPECT_EQ(body["properties"],
              (json{{"relatedResourceId", prefix() + "/entities/alert-1"},
                    {"relatedResourceName", "alert-1"},
                    {"relatedResourceType", "Microsoft.SecurityInsights/entities"},
                    {"relatedResourceKind", "SecurityAlert"}}));

    reply = relate("inc-r", "rel-1", "alert-1");
    EXPECT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json(), body);

    reply = get("incidents/inc-r/relations/rel-1");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json(), body);
    reply = get("incidents/inc-r/relations");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["value"], json::array({body}));

    // The incident's views follow the relation.
    const auto incident = get("incidents/inc-r").json();
    EXPECT_EQ(incident["properties"]["additionalData"]["alertsCount"], 1);
    EXPECT_EQ(incident["properties"]["additionalData"]["alertProductNames"],
              json::array({"Tocsin Test"}));
}

TEST_F(relation_routes, alerts_and_entities_of_an_incident) {
    ingest_alert("alert-a", json::array({host_entity, account_entity}));
    ingest_alert(
        "alert-b",
        json::array({host_entity, ip_entity, {{"kind", "Host"}, {"hostName", "fin-ws-015"}}}));
    ASSERT_EQ(relate("inc-r", "rel-a", "alert-a").status, 201);
    ASSERT_EQ(relate("inc-r", "rel-b", "alert-b").status, 201);

    auto reply = post("incidents/inc-r/alerts");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto alerts = reply.json()["value"];
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[0]["id"], prefix() + "/entities/alert-a");
    EXPECT_EQ(alerts[0]["name"], "alert-a");
    EXPECT_EQ(alerts[0]["type"], "Microsoft.SecurityInsights/Entities");
    EXPECT_EQ(alerts[0]["kind"], "SecurityAlert");
    EXPECT_EQ(alerts[0]["properties"]["systemAlertId"], "alert-a");
    EXPECT_EQ(alerts[0]["properties"]["alertDisplayName"], "Alert alert-a");
    EXPECT_EQ(alerts[0]["properties"]["productName"], "Tocsin Test");

    reply = post("incidents/inc-r/entities");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto body = reply.json();
    // The shared host counts once.
    ASSERT_EQ(body["entities"].size(), 4u);
    std::map<std::string, int> counts;
    for (const auto& m : body["metaData"])
        counts[m["entityKind"]] = m["count"];
    EXPECT_EQ(counts, (std::map<std::string, int>{{"Host", 2}, {"Account", 1}, {"Ip", 1}}));
    for (const auto& e : body["entities"]) {
        EXPECT_EQ(e["type"], "Microsoft.SecurityInsights/Entities");
        EXPECT_EQ(e["id"], prefix() + "/entities/" + e["name"].get<std::string>());
        EXPECT_TRUE(e["properties"].contains("friendlyName")) << e.dump();
    }

    EXPECT_EQ(post("incidents/nope/alerts").status, 404);
    EXPECT_EQ(post("incidents/nope/entities").status, 404);
}

TEST_F(relation_routes, an_alert_already_in_the_incident_is_400_with_sentinels_text) {
    ingest_alert("alert-dup");
    ASSERT_EQ(relate("inc-r", "rel-first", "alert-dup").status, 201);
    const auto reply = relate("inc-r", "rel-second", "alert-dup");
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_EQ(error_code(reply), "BadRequest");
    EXPECT_EQ(error_message(reply),
              "Failed to create relation. Alert alert-dup already exists in incident inc-r.");
    EXPECT_EQ(get("incidents/inc-r/relations/rel-second").status, 404);
}

TEST_F(relation_routes, a_name_reused_for_another_alert_is_409) {
    ingest_alert("alert-x");
    ingest_alert("alert-y");
    ASSERT_EQ(relate("inc-r", "rel-taken", "alert-x").status, 201);
    const auto reply = relate("inc-r", "rel-taken", "alert-y");
    EXPECT_EQ(reply.status, 409) << reply.body;
    EXPECT_EQ(error_code(reply), "Conflict");
    EXPECT_EQ(error_message(reply),
              "Failed to create relation. Relation name rel-taken is already "
              "used for a different resource.");
}

TEST_F(relation_routes, missing_things_are_404) {
    ingest_alert("alert-404");
    auto reply = relate("no-such-incident", "rel-1", "alert-404");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Incident no-such-incident doesn't exist.");
    reply = relate("inc-r", "rel-1", "no-such-alert");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Resource no-such-alert does not exist.");
    reply = get("incidents/inc-r/relations/rel-none");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Relation rel-none of incident inc-r doesn't exist.");
    reply = get("incidents/no-such-incident/relations/rel-none");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Incident no-such-incident doesn't exist.");
    EXPECT_EQ(get("incidents/no-such-incident/relations").status, 404);
    EXPECT_EQ(del("incidents/no-such-incident/relations/rel-1").status, 404);
}

TEST_F(relation_routes, delete_is_200_then_204) {
    ingest_alert("alert-del");
    ASSERT_EQ(relate("inc-r", "rel-del", "alert-del").status, 201);
    EXPECT_EQ(del("incidents/inc-r/relations/rel-del").status, 200);
    EXPECT_EQ(del("incidents/inc-r/relations/rel-del").status, 204);
    EXPECT_EQ(get("incidents/inc-r/relations").json()["value"].size(), 0u);
}

TEST_F(relation_routes, related_resource_must_be_an_alert_entity_of_this_workspace) {
    ingest_alert("alert-ws");
    const std::string bookmark = prefix() + "/bookmarks/2216d0e1-91e3-4902-89fd-d2df8c535096";
    auto reply = put("incidents/inc-r/relations/rel-bm",
                     {{"properties", {{"relatedResourceId", bookmark}}}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_message(reply),
              "Failed to create relation. Relation type bookmarks is not supported with name "
              "rel-bm.");

    std::string other = prefix();
    other.replace(other.find(workspace_), workspace_.size(), "someone-else");
    reply = put("incidents/inc-r/relations/rel-ws",
                {{"properties", {{"relatedResourceId", other + "/entities/alert-ws"}}}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_message(reply),
              "Failed to create relation. Alert and incident must be in the same workspace.");

    // An alert that exists only in another workspace, named through this workspace's path.
    ASSERT_EQ(ingest({{"systemAlertId", "alert-elsewhere"}, {"alertDisplayName", "Elsewhere"}},
                     workspace_ + "-elsewhere")
                  .status,
              201);
    reply = relate("inc-r", "rel-elsewhere", "alert-elsewhere");
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_EQ(error_message(reply),
              "Failed to create relation. Alert alert-elsewhere and "
              "incident inc-r must be in the same workspace.");

    // Case of the literal segments and of the workspace names does not matter.
    std::string shouting = prefix();
    for (auto& c : shouting)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    reply = put("incidents/inc-r/relations/rel-upper",
                {{"properties", {{"relatedResourceId", shouting + "/entities/alert-ws"}}}});
    EXPECT_EQ(reply.status, 201) << reply.body;

    for (const auto& bad : {json("not-an-id"), json("/subscriptions/x/entities/y"), json(5)}) {
        reply = put("incidents/inc-r/relations/rel-bad",
                    {{"properties", {{"relatedResourceId", bad}}}});
        EXPECT_EQ(reply.status, 400) << bad;
        EXPECT_EQ(reply.json()["error"]["target"], "properties.relatedResourceId") << reply.body;
    }
    reply = put("incidents/inc-r/relations/rel-bad", {{"properties", json::object()}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_message(reply), "'properties.relatedResourceId' is required.");
}

TEST_F(relation_routes, relation_names_follow_the_api_pattern) {
    ingest_alert("alert-name");
    for (const auto* name : {"ab", "has_underscore", "dots.not.allowed"}) {
        const auto reply = relate("inc-r", name, "alert-name");
        EXPECT_EQ(reply.status, 400) << name;
        EXPECT_EQ(reply.json()["error"]["target"], "relationName") << reply.body;
    }
    EXPECT_EQ(relate("inc-r", std::string(63, 'a'), "alert-name").status, 201);
}

TEST_F(relation_routes, sole_alert_policy_keep_by_default_close_on_request) {
    ingest_alert("alert-sole");
    put_incident("inc-origin", {{"title", "Origin"}, {"severity", "Low"}});
    ASSERT_EQ(relate("inc-origin", "rel-origin", "alert-sole").status, 201);

    // keep (the default): the origin incident stays as it was.
    ASSERT_EQ(relate("inc-r", "rel-keep", "alert-sole").status, 201);
    EXPECT_EQ(get("incidents/inc-origin").json()["properties"]["status"], "New");
    ASSERT_EQ(del("incidents/inc-r/relations/rel-keep").status, 200);

    // close: the incident whose only alert moved is closed.
    put_incident("inc-target", {{"title", "Target"}, {"severity", "Low"}});
    auto reply = relate("inc-target", "rel-close", "alert-sole", "soleAlertPolicy=close");
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto origin = get("incidents/inc-origin").json()["properties"];
    EXPECT_EQ(origin["status"], "Closed");
    EXPECT_EQ(origin["classification"], "Undetermined");

    // The option is also read from the body; anything but keep/close is refused.
    put_incident("inc-body", {{"title", "Body"}, {"severity", "Low"}});
    ingest_alert("alert-body");
    reply = put("incidents/inc-body/relations/rel-body",
                {{"properties",
                  {{"relatedResourceId", prefix() + "/entities/alert-body"},
                   {"soleAlertPolicy", "Close"}}}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    reply = relate("inc-r", "rel-bad-policy", "alert-body", "soleAlertPolicy=drop");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "soleAlertPolicy");
}

TEST_F(relation_routes, the_151st_alert_is_refused) {
    json alerts = json::array();
    for (int i = 0; i < 151; ++i)
        alerts.push_back({{"systemAlertId", "cap-" + std::to_string(i)},
                          {"alertDisplayName", "Cap"},
                          {"timeGenerated", "2024-05-01T10:00:00Z"}});
    ASSERT_EQ(ingest({{"alerts", alerts}}).status, 200);
    for (int i = 0; i < 150; ++i)
        ASSERT_EQ(relate("inc-r", "cap-" + std::to_string(i), "cap-" + std::to_string(i)).status,
                  201);
    const auto reply = relate("inc-r", "cap-150", "cap-150");
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(error_message(reply).find("has reached the maximum of 150 alerts"), std::string::npos)
        << reply.body;
}

}  // namespace
}  // namespace tocsin::test
