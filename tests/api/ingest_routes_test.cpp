// Tocsin's alert ingest: single alerts, idempotent retries, batches with per-item results.
#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class ingest_routes : public api_test {};

json an_alert(std::string_view id) {
    return {{"systemAlertId", id},
            {"alertDisplayName", "Impossible travel"},
            {"severity", "High"},
            {"productName", "Tocsin Test"},
            {"tactics", {"InitialAccess"}},
            {"techniques", {"T1078"}},
            {"timeGenerated", "2024-05-01T10:00:00Z"},
            {"entities",
             {{{"kind", "Account"}, {"accountName", "alice"}, {"upnSuffix", "contoso.com"}},
              {{"kind", "Ip"}, {"address", "203.0.113.7"}}}}};
}

TEST_F(ingest_routes, one_alert_is_201_then_200_when_resent) {
    auto reply = ingest(an_alert("ing-1"));
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto body = reply.json();
    EXPECT_EQ(body["id"], prefix() + "/entities/ing-1");
    EXPECT_EQ(body["kind"], "SecurityAlert");
    EXPECT_EQ(body["properties"]["systemAlertId"], "ing-1");
    EXPECT_EQ(body["properties"]["alertDisplayName"], "Impossible travel");
    EXPECT_EQ(body["properties"]["severity"], "High");
    EXPECT_EQ(body["properties"]["tactics"], json::array({"InitialAccess"}));

    auto again = an_alert("ing-1");
    again["alertDisplayName"] = "Changed on retry";
    reply = ingest(again);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["alertDisplayName"], "Impossible travel");

    // The ingested alert is what a relation names.
    put_incident("inc-i", {{"title", "From ingest"}, {"severity", "High"}});
    ASSERT_EQ(relate("inc-i", "rel-i", "ing-1").status, 201);
    const auto entities = post("incidents/inc-i/entities").json();
    EXPECT_EQ(entities["entities"].size(), 2u);
}

TEST_F(ingest_routes, the_resource_shape_with_properties_is_accepted_and_ids_are_generated) {
    auto reply = ingest({{"properties", {{"alertDisplayName", "Wrapped"}, {"severity", "Low"}}}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto id = reply.json()["name"].get<std::string>();
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(reply.json()["properties"]["alertDisplayName"], "Wrapped");
    // No timeGenerated: stamped on arrival, not left at the epoch.
    EXPECT_EQ(reply.json()["properties"]["timeGenerated"].get<std::string>().rfind("1970", 0),
              std::string::npos);
}

TEST_F(ingest_routes, invalid_alerts_are_400_naming_the_field) {
    auto bad = an_alert("ing-bad");
    bad["severity"] = "Apocalyptic";
    auto reply = ingest(bad);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "severity");

    bad = an_alert("ing-bad");
    bad["techniques"] = {"not-a-technique"};
    reply = ingest(bad);
    EXPECT_EQ(reply.status, 400) << reply.body;

    bad = an_alert("ing-bad");
    bad["entities"] = {{{"kind", "Starship"}}};
    reply = ingest(bad);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "entities[0].kind");

    bad = an_alert("ing-bad");
    bad.erase("alertDisplayName");
    reply = ingest(bad);
    EXPECT_EQ(reply.status, 400) << reply.body;

    reply = client().request(
        "POST", "/api/v1/subscriptions/s/resourceGroups/r/workspaces/" + workspace_ + "/alerts",
        "<alert/>", {{"Content-Type", "application/xml"}});
    EXPECT_EQ(reply.status, 415);
}

TEST_F(ingest_routes, a_batch_answers_per_item_in_request_order) {
    ASSERT_EQ(ingest(an_alert("batch-old")).status, 201);
    auto broken = an_alert("batch-broken");
    broken["severity"] = 3;
    const json batch = {{"alerts",
                         {an_alert("batch-1"), broken, an_alert("batch-old"), 17,
                          an_alert("batch-2"), an_alert("batch-1")}}};
    const auto reply = ingest(batch);
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto items = reply.json()["value"];
    ASSERT_EQ(items.size(), 6u);
    EXPECT_EQ(items[0]["status"], 201);
    EXPECT_EQ(items[0]["alert"]["name"], "batch-1");
    EXPECT_EQ(items[1]["status"], 400);
    EXPECT_EQ(items[1]["error"]["code"], "BadRequest");
    EXPECT_EQ(items[1]["error"]["target"], "alerts[1].severity");
    EXPECT_EQ(items[2]["status"], 200);
    EXPECT_EQ(items[3]["status"], 400);
    EXPECT_EQ(items[3]["error"]["target"], "alerts[3]");
    EXPECT_EQ(items[4]["status"], 201);
    EXPECT_EQ(items[5]["status"], 200);  // the same id earlier in the batch

    put_incident("inc-b", {{"title", "Batch"}, {"severity", "High"}});
    EXPECT_EQ(relate("inc-b", "rel-b2", "batch-2").status, 201);
    EXPECT_EQ(relate("inc-b", "rel-broken", "batch-broken").status, 404);
}

TEST_F(ingest_routes, batch_size_limits) {
    json alerts = json::array();
    for (int i = 0; i < 1001; ++i)
        alerts.push_back(
            {{"systemAlertId", "big-" + std::to_string(i)}, {"alertDisplayName", "x"}});
    auto reply = ingest({{"alerts", alerts}});
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(error_code(reply), "RequestEntityTooLarge");
    EXPECT_EQ(error_message(reply),
              "A batch holds at most 1000 alerts; this one has 1001. Split it.");
    alerts.erase(alerts.begin());
    reply = ingest({{"alerts", alerts}});
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["value"].size(), 1000u);
    EXPECT_EQ(reply.json()["value"][999]["status"], 201);

    reply = ingest({{"alerts", json::array()}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "alerts");
}

}  // namespace
}  // namespace tocsin::test
