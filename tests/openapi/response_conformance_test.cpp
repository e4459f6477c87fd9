// Real answers against the served document: every call below goes through openapi_test::call,
// which finds the operation by method and path, requires the status to be documented and checks
// a JSON body against the response schema (required properties, types, enums, and no property
// the schema does not describe). A serialiser that gains or loses a field fails here.

#include "tests/openapi/openapi_fixture.hpp"
#include "tests/openapi/schema_check.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

class openapi_conformance : public openapi_test {
  protected:
    // An incident with an alert (holding a Host entity) related to it; returns the incident.
    std::string incident_with_alert(const std::string& incident, const std::string& alert) {
        const auto put = call("PUT", arm("incidents/" + incident),
                              {{"properties",
                                {{"title", "Brute force on vpn-gw"},
                                 {"status", "New"},
                                 {"severity", "High"},
                                 {"owner", {{"email", "alice@example.com"}}},
                                 {"labels", {{{"labelName", "vpn"}}}}}}});
        EXPECT_EQ(put.status, 201) << put.body;
        const auto ingested = call("POST", own("alerts"),
                                   {{"systemAlertId", alert},
                                    {"alertDisplayName", "Many failed logons"},
                                    {"severity", "Medium"},
                                    {"productName", "OpenAPI Test"},
                                    {"tactics", {"CredentialAccess"}},
                                    {"entities", {{{"kind", "Host"}, {"hostName", "vpn-gw"}}}}});
        EXPECT_EQ(ingested.status, 201) << ingested.body;
        const auto entity = arm("entities/" + alert);
        const auto related =
            call("PUT", arm("incidents/" + incident + "/relations/rel-" + alert),
                 {{"properties", {{"relatedResourceId", entity.substr(0, entity.find('?'))}}}});
        EXPECT_EQ(related.status, 201) << related.body;
        return incident;
    }
};

TEST_F(openapi_conformance, an_incident_has_every_property_the_incident_schema_requires) {
    const auto created =
        call("PUT", arm("incidents/i-required"),
             {{"properties",
               {{"title", "Created for the schema"}, {"severity", "Low"}, {"status", "New"}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    // Checked once more explicitly, by name: the point of the schema's required lists.
    const auto& doc = document();
    const auto problems =
        schema_problems(doc, {{"$ref", "#/components/schemas/Incident"}}, created.json());
    EXPECT_TRUE(problems.empty()) << joined(problems);
    const auto& required = doc["components"]["schemas"]["IncidentProperties"]["required"];
    for (const auto& name : required)
        EXPECT_TRUE(created.json()["properties"].contains(name.get<std::string>())) << name;
    EXPECT_GE(required.size(), 3u);
}

TEST_F(openapi_conformance, incidents_and_their_children) {
    const auto incident = incident_with_alert("i-children", "a-children");
    call("GET", arm("incidents/" + incident));
    call("PUT", arm("incidents/" + incident),
         {{"properties", {{"title", "Renamed"}, {"severity", "Low"}, {"status", "Active"}}}});
    call("GET", arm("incidents"));
    call("GET", arm("incidents") + "&$top=1&$orderby=properties/createdTimeUtc%20desc");
    call("POST", arm("incidents/" + incident + "/alerts"));
    call("POST", arm("incidents/" + incident + "/entities"));
    call("GET", arm("incidents/" + incident + "/activities"));

    call("GET", arm("incidents/" + incident + "/relations"));
    call("GET", arm("incidents/" + incident + "/relations/rel-a-children"));

    EXPECT_EQ(call("PUT", arm("incidents/" + incident + "/comments/c-one"),
                   {{"properties", {{"message", "Blocked the sender"}}}})
                  .status,
              201);
    call("GET", arm("incidents/" + incident + "/comments"));
    call("GET", arm("incidents/" + incident + "/comments/c-one"));

    EXPECT_EQ(call("PUT", arm("incidents/" + incident + "/tasks/t-one"),
                   {{"properties", {{"title", "Reset the password"}, {"status", "New"}}}})
                  .status,
              201);
    call("GET", arm("incidents/" + incident + "/tasks"));
    call("GET", arm("incidents/" + incident + "/tasks/t-one"));

    EXPECT_EQ(call("DELETE", arm("incidents/" + incident + "/tasks/t-one")).status, 200);
    EXPECT_EQ(call("DELETE", arm("incidents/" + incident + "/comments/c-one")).status, 200);
    EXPECT_EQ(call("DELETE", arm("incidents/" + incident + "/relations/rel-a-children")).status,
              200);
    EXPECT_EQ(call("DELETE", arm("incidents/" + incident)).status, 200);
    EXPECT_EQ(call("DELETE", arm("incidents/" + incident)).status, 204);
}

TEST_F(openapi_conformance, errors_are_documented_cloud_errors) {
    EXPECT_EQ(call("GET", arm("incidents/missing")).status, 404);
    const auto no_version = arm("incidents");
    EXPECT_EQ(call("GET", no_version.substr(0, no_version.find('?'))).status, 400);
    EXPECT_EQ(call("PUT", arm("incidents/bad"), {{"properties", {{"severity", "Urgent"}}}}).status,
              400);
    EXPECT_EQ(call("PUT", arm("incidents/bad"),
                   {{"properties", {{"title", "x"}, {"severity", "Low"}, {"status", "New"}}},
                    {"etag", "\"no\""}})
                  .status,
              201);
    EXPECT_EQ(call("PUT", arm("incidents/bad"),
                   {{"properties", {{"title", "y"}, {"severity", "Low"}, {"status", "New"}}},
                    {"etag", "\"no\""}})
                  .status,
              409);
    auto unauthenticated = anonymous();
    const auto target = arm("incidents");
    const auto reply = unauthenticated.get(target);
    EXPECT_EQ(reply.status, 401);
    const auto problems = exchange_problems(document(), "GET", target, reply.status,
                                            reply.header("Content-Type").value_or(""), reply.body);
    EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST_F(openapi_conformance, automation_rules) {
    // Every condition and action type, nested as Sentinel nests them.
    const auto rule = json::parse(R"({"properties": {
        "displayName": "Suspicious user sign-in events", "order": 1,
        "triggeringLogic": {"isEnabled": true, "triggersOn": "Incidents", "triggersWhen": "Created",
          "conditions": [
            {"conditionType": "Property", "conditionProperties": {
              "propertyName": "IncidentTitle", "operator": "Contains", "propertyValues": ["sign-in"]}},
            {"conditionType": "Boolean", "conditionProperties": {"operator": "Or", "innerConditions": [
              {"conditionType": "PropertyChanged", "conditionProperties": {
                "propertyName": "IncidentSeverity", "changeType": "ChangedTo", "operator": "Equals",
                "propertyValues": ["High"]}},
              {"conditionType": "PropertyArrayChanged", "conditionProperties": {
                "arrayType": "Labels", "changeType": "Added"}}]}}]},
        "actions": [
          {"order": 1, "actionType": "ModifyProperties",
           "actionConfiguration": {"severity": "High", "labels": [{"labelName": "x"}]}},
          {"order": 2, "actionType": "AddIncidentTask",
           "actionConfiguration": {"title": "Reset user passwords"}},
          {"order": 3, "actionType": "RunPlaybook",
           "actionConfiguration": {"logicAppResourceId": "oa-probe",
                                   "parameters": {"ip": "10.0.0.5"}}}]}})");
    EXPECT_EQ(call("PUT", arm("automationRules/rule-one"), rule).status, 201);
    EXPECT_EQ(call("PUT", arm("automationRules/rule-one"), rule).status, 200);
    call("GET", arm("automationRules"));
    call("GET", arm("automationRules/rule-one"));
    EXPECT_EQ(call("DELETE", arm("automationRules/rule-one")).status, 200);
}

TEST_F(openapi_conformance, alerts_and_manual_alerts) {
    EXPECT_EQ(call("POST", own("alerts"),
                   {{"alertDisplayName", "One"}, {"systemAlertId", "a-one"}, {"severity", "Low"}})
                  .status,
              201);
    EXPECT_EQ(call("POST", own("alerts"),
                   {{"properties", {{"alertDisplayName", "One"}, {"systemAlertId", "a-one"}}}})
                  .status,
              200);
    EXPECT_EQ(call("POST", own("alerts"),
                   {{"alerts", {{{"alertDisplayName", "Two"}}, {{"severity", "Nope"}}}}},
                   /*check_request=*/false)
                  .status,
              200);
    const auto manual =
        call("POST", own("alerts/manual"),
             {{"title", "Suspicious sign-in"},
              {"severity", "High"},
              {"techniques", {"T1078"}},
              {"impactedAssets",
               {{{"kind", "Account"}, {"accountName", "jdoe"}, {"upnSuffix", "contoso.com"}}}}});
    EXPECT_EQ(manual.status, 201) << manual.body;
    EXPECT_EQ(call("POST", own("alerts/manual"), {{"title", "x"}, {"mood", "calm"}}).status, 400);
    call("GET", own("alerts"));
    const auto page = call("GET", own("alerts?top=1"));
    EXPECT_TRUE(page.json().contains("nextLink")) << page.body;
    call("GET", own("alerts?top=1&product=OpenAPI%20Test"));
    call("GET", own("alerts/a-one"));
    EXPECT_EQ(call("GET", own("alerts/missing")).status, 404);
}

TEST_F(openapi_conformance, playbooks_runs_and_plugins) {
    call("GET", "/api/v1/playbooks");
    call("GET", "/api/v1/playbooks/" + std::string(playbook));
    call("GET", "/api/v1/plugins");
    const auto started = call("POST", "/api/v1/playbooks/" + std::string(playbook) + "/runs",
                              {{"params", {{"note", "from the test"}}}});
    ASSERT_EQ(started.status, 202) << started.body;
    const auto run_id = started.json().at("runId").get<std::string>();
    EXPECT_EQ(wait_for_run(run_id).value("status", ""), "succeeded");
    call("GET", "/api/v1/runs/" + run_id);
    call("GET", "/api/v1/runs?playbook=" + std::string(playbook) + "&top=5");
    EXPECT_EQ(call("POST", "/api/v1/runs/" + run_id + "/cancel").status, 409);
    EXPECT_EQ(call("GET", "/api/v1/runs/missing").status, 404);
    EXPECT_EQ(call("GET", "/api/v1/playbooks/missing").status, 404);
}

TEST_F(openapi_conformance, manual_triggers_and_webhooks) {
    const auto incident = incident_with_alert("i-trigger", "a-trigger");
    const auto run = call("POST", arm("incidents/" + incident + "/runPlaybook"),
                          {{"logicAppsResourceId",
                            "/subscriptions/s/resourceGroups/r/providers/"
                            "Microsoft.Logic/workflows/oa-probe"}});
    EXPECT_EQ(run.status, 204) << run.body;
    const auto entities = client().request("POST", arm("incidents/" + incident + "/entities"));
    ASSERT_EQ(entities.status, 200) << entities.body;
    ASSERT_FALSE(entities.json()["entities"].empty());
    const auto entity = entities.json()["entities"][0]["name"].get<std::string>();
    EXPECT_EQ(call("POST", arm("entities/" + entity + "/runPlaybook"),
                   {{"logicAppsResourceId", "oa-probe"}})
                  .status,
              204);
    EXPECT_EQ(call("POST", own("alerts/a-trigger/runPlaybook"), {{"playbook", "oa-probe"}}).status,
              202);
    EXPECT_EQ(call("POST", "/api/v1/webhooks/oa-hook", {{"event", "ping"}}).status, 202);
    EXPECT_EQ(call("POST", "/api/v1/webhooks/missing", {{"event", "ping"}}).status, 404);
}

TEST_F(openapi_conformance, tokens_routes_and_probes) {
    const auto created =
        call("POST", "/api/v1/tokens", {{"name", "oa-reader"}, {"roles", {"Reader"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto id = created.json().at("id").get<std::string>();
    call("GET", "/api/v1/tokens");
    call("GET", "/api/v1/tokens/" + id);
    EXPECT_EQ(call("DELETE", "/api/v1/tokens/" + id).status, 200);
    EXPECT_EQ(call("GET", "/api/v1/tokens/missing").status, 404);
    call("GET", "/api/v1/routes");
    call("GET", "/healthz");
    call("GET", "/readyz");
    call("GET", "/metrics");
    call("GET", "/openapi.json");
}

}  // namespace
}  // namespace tocsin::test
