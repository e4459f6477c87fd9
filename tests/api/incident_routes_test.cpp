// Incidents over real HTTP: create/update/get/delete, optimistic concurrency, owner fill-in,
// validation and the error statuses of the HTTP core, api-version handling.
#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class incident_routes : public api_test {};

const json basic = {{"title", "Suspicious sign-in"}, {"severity", "High"}, {"status", "New"}};

TEST_F(incident_routes, put_creates_201_then_updates_200_with_the_full_resource) {
    auto created = put("incidents/inc-1", {{"properties", basic}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto body = created.json();
    EXPECT_EQ(body["id"], prefix() + "/incidents/inc-1");
    EXPECT_EQ(body["name"], "inc-1");
    EXPECT_EQ(body["type"], "Microsoft.SecurityInsights/incidents");
    const auto etag = body["etag"].get<std::string>();
    ASSERT_GE(etag.size(), 3u);
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(etag.back(), '"');
    EXPECT_EQ(created.header("ETag"), etag);
    const auto& p = body["properties"];
    EXPECT_EQ(p["title"], "Suspicious sign-in");
    EXPECT_EQ(p["severity"], "High");
    EXPECT_EQ(p["status"], "New");
    EXPECT_GE(p["incidentNumber"].get<int>(), 1);
    EXPECT_EQ(p["providerName"], "Tocsin");
    EXPECT_EQ(p["incidentUrl"],
              "http://127.0.0.1:" + std::to_string(port()) + body["id"].get<std::string>());
    EXPECT_TRUE(p.contains("createdTimeUtc"));
    EXPECT_TRUE(p.contains("additionalData"));

    auto changed = basic;
    changed["title"] = "Suspicious sign-in from TOR";
    auto updated = put("incidents/inc-1", {{"properties", changed}});
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.json()["properties"]["title"], "Suspicious sign-in from TOR");
    EXPECT_EQ(updated.json()["properties"]["incidentNumber"], p["incidentNumber"]);
    EXPECT_NE(updated.json()["etag"], etag);

    auto fetched = get("incidents/inc-1");
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.json(), updated.json());
    EXPECT_EQ(fetched.header("ETag"), updated.json()["etag"].get<std::string>());
}

TEST_F(incident_routes, get_then_put_back_the_whole_object_with_read_only_fields_works) {
    put_incident("inc-round", {{"title", "Round trip"},
                               {"severity", "Low"},
                               {"status", "Active"},
                               {"labels", {{{"labelName", "vip"}, {"labelType", "User"}}}},
                               {"owner",
                                {{"objectId", "2046feea-040d-4a46-9e2b-91c2941bfa70"},
                                 {"email", "john.doe@contoso.com"},
                                 {"assignedTo", "john doe"},
                                 {"userPrincipalName", "john@contoso.com"}}}});
    auto whole = get("incidents/inc-round").json();
    whole["systemData"] = {{"createdBy", "someone"}, {"createdAt", "2019-01-01T00:00:00Z"}};
    whole["properties"]["additionalData"]["alertsCount"] = 99;
    whole["properties"]["incidentNumber"] = 4242;
    whole["properties"]["status"] = "Closed";
    whole["properties"]["classification"] = "BenignPositive";
    whole["properties"]["classificationReason"] = "SuspiciousButExpected";
    auto reply = put("incidents/inc-round", whole);
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto p = reply.json()["properties"];
    EXPECT_EQ(p["status"], "Closed");
    EXPECT_NE(p["incidentNumber"], 4242);
    EXPECT_EQ(p["additionalData"]["alertsCount"], 0);
    EXPECT_EQ(p["labels"][0]["labelName"], "vip");
    EXPECT_EQ(p["owner"]["email"], "john.doe@contoso.com");
    EXPECT_FALSE(reply.json().contains("systemData"));
}

TEST_F(incident_routes, stale_etag_in_body_is_409_and_nothing_changes) {
    const auto created = put_incident("inc-stale", basic);
    auto stale =
        json{{"etag", "\"0300bf09-0000-0000-0000-5c37296e0000\""},
             {"properties", {{"title", "Overwritten"}, {"severity", "Low"}, {"status", "New"}}}};
    auto reply = put("incidents/inc-stale", stale);
    ASSERT_EQ(reply.status, 409) << reply.body;
    EXPECT_EQ(error_code(reply), "Conflict");
    EXPECT_EQ(error_message(reply),
              "Newer version of resource inc-stale exists. Data was not saved");
    const auto now = get("incidents/inc-stale").json();
    EXPECT_EQ(now["properties"]["title"], "Suspicious sign-in");
    EXPECT_EQ(now["etag"], created["etag"]);

    // The current etag from the body passes.
    stale["etag"] = created["etag"];
    reply = put("incidents/inc-stale", stale);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["title"], "Overwritten");
}

TEST_F(incident_routes, if_match_header_is_honoured_quoted_weak_or_bare) {
    const auto created = put_incident("inc-ifmatch", basic);
    const auto etag = created["etag"].get<std::string>();
    auto reply = put("incidents/inc-ifmatch", {{"properties", basic}}, {{"If-Match", "\"stale\""}});
    EXPECT_EQ(reply.status, 409) << reply.body;
    reply = put("incidents/inc-ifmatch", {{"properties", basic}}, {{"If-Match", "W/" + etag}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    const auto bare = etag.substr(1, etag.size() - 2);
    reply = put("incidents/inc-ifmatch", {{"properties", basic}}, {{"If-Match", bare}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    reply = put("incidents/inc-ifmatch", {{"properties", basic}}, {{"If-Match", "*"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    // The header wins over a (current) body etag.
    reply = put("incidents/inc-ifmatch", {{"etag", etag}, {"properties", basic}},
                {{"If-Match", "\"stale\""}});
    EXPECT_EQ(reply.status, 409) << reply.body;
    // If-Match on an incident that does not exist is strict.
    reply = put("incidents/inc-absent", {{"properties", basic}}, {{"If-Match", etag}});
    EXPECT_EQ(reply.status, 409) << reply.body;
    EXPECT_EQ(get("incidents/inc-absent").status, 404);
}

TEST_F(incident_routes, a_body_etag_on_a_new_incident_creates_it_as_sentinel_does) {
    auto reply = put("incidents/inc-new",
                     {{"etag", "\"0300bf09-0000-0000-0000-5c37296e0000\""}, {"properties", basic}});
    EXPECT_EQ(reply.status, 201) << reply.body;
}

TEST_F(incident_routes, delete_answers_200_then_204_without_body) {
    put_incident("inc-del", basic);
    auto reply = del("incidents/inc-del");
    EXPECT_EQ(reply.status, 200);
    EXPECT_TRUE(reply.body.empty()) << reply.body;
    reply = del("incidents/inc-del");
    EXPECT_EQ(reply.status, 204);
    EXPECT_TRUE(reply.body.empty());
    reply = get("incidents/inc-del");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_code(reply), "NotFound");
    EXPECT_EQ(error_message(reply), "Incident inc-del doesn't exist.");
}

TEST_F(incident_routes, delete_with_a_stale_if_match_is_409_and_keeps_the_incident) {
    put_incident("inc-keep", basic);
    auto reply = del("incidents/inc-keep", {{"If-Match", "\"stale\""}});
    EXPECT_EQ(reply.status, 409);
    EXPECT_EQ(get("incidents/inc-keep").status, 200);
}

TEST_F(incident_routes, validation_errors_are_400_naming_the_field) {
    struct bad_case {
        json body;
        std::string target;
        std::string message_part;
    };
    const std::vector<bad_case> cases = {
        {{{"properties", {{"severity", "High"}, {"status", "New"}}}}, "properties.title", "title"},
        {{{"properties", {{"title", "x"}, {"severity", "Critical"}}}},
         "properties.severity",
         "'Critical' is not a valid severity"},
        {{{"properties", {{"title", "x"}, {"status", "Closed"}}}},
         "properties.classification",
         "classification"},
        {{{"properties", {{"title", "x"}, {"owner", "john"}}}}, "properties.owner", "object"},
        {{{"properties", {{"title", "x"}, {"firstActivityTimeUtc", "yesterday"}}}},
         "properties.firstActivityTimeUtc",
         "ISO 8601"},
        {{{"properties", {{"title", std::string(300, 'x')}}}}, "properties.title", "256"},
        {{{"etag", 5}, {"properties", {{"title", "x"}}}}, "etag", "string"},
        {{{"title", "no properties"}}, "properties", "'properties' is required."},
        {{{"properties", "flat"}}, "properties", "must be an object"},
    };
    for (const auto& c : cases) {
        const auto reply = put("incidents/inc-bad", c.body);
        EXPECT_EQ(reply.status, 400) << c.body.dump() << " → " << reply.body;
        EXPECT_EQ(error_code(reply), "BadRequest");
        EXPECT_EQ(reply.json()["error"].value("target", ""), c.target) << reply.body;
        EXPECT_NE(error_message(reply).find(c.message_part), std::string::npos) << reply.body;
    }
    auto reply = client().request("PUT", arm("incidents/inc-bad"), "[1, 2]",
                                  {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_message(reply), "The request body must be a JSON object.");
    reply = client().request("PUT", arm("incidents/inc-bad"),
                             "{\"properties\": ", {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(error_message(reply).find("not valid JSON"), std::string::npos) << reply.body;
    EXPECT_EQ(get("incidents/inc-bad").status, 404);
}

TEST_F(incident_routes, http_core_statuses_415_413_405_404) {
    auto reply = client().request("PUT", arm("incidents/inc-x"), R"({"properties":{}})",
                                  {{"Content-Type", "text/plain"}});
    EXPECT_EQ(reply.status, 415);
    EXPECT_EQ(error_code(reply), "UnsupportedMediaType");

    const std::string big =
        R"({"properties":{"title":")" + std::string(test_body_limit, 'x') + R"("}})";
    reply = client().request("PUT", arm("incidents/inc-x"), big,
                             {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(error_code(reply), "RequestEntityTooLarge");

    reply = client().request("PATCH", arm("incidents/inc-x"), "{}",
                             {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 405);
    EXPECT_EQ(error_code(reply), "MethodNotAllowed");
    ASSERT_TRUE(reply.header("Allow"));
    EXPECT_NE(reply.header("Allow")->find("PUT"), std::string::npos);
    EXPECT_NE(reply.header("Allow")->find("DELETE"), std::string::npos);

    reply = client().get(prefix() + "/incidentz?api-version=2025-09-01");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_code(reply), "NotFound");
    EXPECT_EQ(get("incidents/never-created").status, 404);
}

TEST_F(incident_routes, api_version_is_required_and_must_be_known) {
    auto reply = client().get(prefix() + "/incidents");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code(reply), "MissingApiVersionParameter");
    EXPECT_EQ(error_message(reply),
              "The api-version query parameter (?api-version=) is required for all requests.");

    reply = client().get(prefix() + "/incidents?api-version=2021-01-01");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code(reply), "InvalidApiVersionParameter");
    EXPECT_EQ(error_message(reply),
              "The api-version '2021-01-01' is invalid. The supported versions are "
              "'2022-07-01-preview, 2022-09-01-preview, 2023-02-01, 2025-09-01'.");

    // Writes are refused too, before anything is stored.
    reply = client().send_json("PUT", prefix() + "/incidents/inc-v", {{"properties", basic}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(get("incidents/inc-v").status, 404);

    for (const auto* version : {"2022-07-01-preview", "2022-09-01-preview", "2023-02-01",
                                "2025-09-01", "2022-07-01-PREVIEW"}) {
        reply = client().get(prefix() + "/incidents?api-version=" + version);
        EXPECT_EQ(reply.status, 200) << version << " " << reply.body;
    }
    reply = client().get(prefix() + "/incidents?API-Version=2025-09-01");
    EXPECT_EQ(reply.status, 200) << reply.body;
}

TEST_F(incident_routes, literal_segments_match_case_insensitively) {
    put_incident("inc-case", basic);
    std::string path = prefix();
    path.replace(path.find("Microsoft.SecurityInsights"), 26, "microsoft.securityinsights");
    path.replace(path.find("resourceGroups"), 14, "resourcegroups");
    auto reply = client().get(path + "/Incidents/inc-case?api-version=2025-09-01");
    EXPECT_EQ(reply.status, 200) << reply.body;
    reply = client().get(path + "/INCIDENTS?api-version=2025-09-01");
    EXPECT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["value"].size(), 1u);
}

TEST_F(incident_routes, an_owner_given_by_object_id_alone_gets_its_known_details) {
    const std::string object_id = "2046feea-040d-4a46-9e2b-91c2941bfa70";
    auto with_owner = basic;
    with_owner["owner"] = {{"objectId", object_id},
                           {"email", "john.doe@contoso.com"},
                           {"assignedTo", "john doe"},
                           {"userPrincipalName", "john@contoso.com"},
                           {"ownerType", "User"}};
    put_incident("inc-owner-a", with_owner);

    auto by_id = basic;
    by_id["owner"] = {{"objectId", "2046FEEA-040D-4A46-9E2B-91C2941BFA70"}};
    const auto b = put_incident("inc-owner-b", by_id);
    const auto& owner = b["properties"]["owner"];
    EXPECT_EQ(owner["objectId"], "2046FEEA-040D-4A46-9E2B-91C2941BFA70");
    EXPECT_EQ(owner["email"], "john.doe@contoso.com");
    EXPECT_EQ(owner["assignedTo"], "john doe");
    EXPECT_EQ(owner["userPrincipalName"], "john@contoso.com");
    EXPECT_EQ(owner["ownerType"], "User");

    // Details the client sends are kept as sent.
    auto explicit_owner = basic;
    explicit_owner["owner"] = {{"objectId", object_id}, {"assignedTo", "J. Doe"}};
    const auto c = put_incident("inc-owner-c", explicit_owner);
    EXPECT_EQ(c["properties"]["owner"]["assignedTo"], "J. Doe");
    EXPECT_FALSE(c["properties"]["owner"].contains("email"));

    // Unknown objectIds stay as they are.
    by_id["owner"] = {{"objectId", "11111111-2222-3333-4444-555555555555"}};
    const auto d = put_incident("inc-owner-d", by_id);
    EXPECT_FALSE(d["properties"]["owner"].contains("email"));
}

TEST_F(incident_routes, owner_details_do_not_leak_across_workspaces) {
    auto with_owner = basic;
    with_owner["owner"] = {{"objectId", "aaaaaaaa-040d-4a46-9e2b-91c2941bfa70"},
                           {"email", "secret@contoso.com"}};
    put_incident("inc-ws-a", with_owner);
    const auto own = workspace_;
    workspace_ += "-other";
    auto by_id = basic;
    by_id["owner"] = {{"objectId", "aaaaaaaa-040d-4a46-9e2b-91c2941bfa70"}};
    const auto other = put_incident("inc-ws-b", by_id);
    EXPECT_FALSE(other["properties"]["owner"].contains("email"));
    workspace_ = own;
}

TEST_F(incident_routes, activities_list_the_incident_log_and_outlive_it) {
    put_incident("inc-log", basic);
    auto changed = basic;
    changed["status"] = "Active";
    put_incident("inc-log", changed);
    auto reply = get("incidents/inc-log/activities");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto entries = reply.json()["value"];
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0]["action"], "incident.created");
    EXPECT_EQ(entries[1]["action"], "incident.updated");
    EXPECT_EQ(entries[1]["actor"]["name"], test_actor_name);
    EXPECT_EQ(entries[1]["changes"][0]["field"], "status");

    ASSERT_EQ(del("incidents/inc-log").status, 200);
    reply = get("incidents/inc-log/activities");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["value"].back()["action"], "incident.deleted");

    reply = get("incidents/never-there/activities");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Incident never-there doesn't exist.");
}

}  // namespace
}  // namespace tocsin::test
