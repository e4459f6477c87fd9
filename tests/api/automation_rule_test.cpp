// Automation rules: the shape validation as a unit, then the CRUD routes over real HTTP.
#include "engine/api/arm_automation_rules.hpp"
#include "engine/error.hpp"
#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

using api::api_version;

json valid_rule() {
    return {{"displayName", "Escalate VPN incidents"},
            {"order", 2},
            {"triggeringLogic",
             {{"isEnabled", true},
              {"triggersOn", "Incidents"},
              {"triggersWhen", "Created"},
              {"expirationTimeUtc", "2030-01-01T00:00:00Z"},
              {"conditions",
               {{{"conditionType", "Property"},
                 {"conditionProperties",
                  {{"propertyName", "IncidentTitle"},
                   {"operator", "Contains"},
                   {"propertyValues", {"VPN"}}}}},
                {{"conditionType", "PropertyChanged"},
                 {"conditionProperties",
                  {{"propertyName", "IncidentStatus"},
                   {"changeType", "ChangedTo"},
                   {"operator", "Equals"},
                   {"propertyValues", {"Active"}}}}},
                {{"conditionType", "PropertyArrayChanged"},
                 {"conditionProperties", {{"arrayType", "Alerts"}, {"changeType", "Added"}}}}}}}},
            {"actions",
             {{{"order", 1},
               {"actionType", "ModifyProperties"},
               {"actionConfiguration",
                {{"severity", "High"},
                 {"labels", {{{"labelName", "vpn"}}}},
                 {"owner", {{"objectId", "2046feea-040d-4a46-9e2b-91c2941bfa70"}}}}}},
              {{"order", 2},
               {"actionType", "RunPlaybook"},
               {"actionConfiguration",
                {{"logicAppResourceId", "playbooks/notify-soc"},
                 {"tenantId", "ee48efaf-50c6-411b-9345-b2bdc3eb4abc"}}}}}}};
}

struct rule_error {
    std::string field;
    std::string message;
};

rule_error error_of(const json& properties, api_version version = api_version::v2025_09_01) {
    try {
        api::normalize_automation_rule(properties, version);
    } catch (const error& e) {
        return {e.field(), e.what()};
    }
    return {"<accepted>", ""};
}

TEST(automation_rule_shape, a_valid_rule_is_normalised) {
    auto rule = valid_rule();
    rule["triggeringLogic"]["triggersOn"] = "incidents";
    rule["createdTimeUtc"] = "2019-01-01T00:00:00Z";  // read-only, dropped
    rule["lastModifiedBy"] = {{"name", "x"}};
    const auto out = api::normalize_automation_rule(rule, api_version::v2025_09_01);
    EXPECT_EQ(out["triggeringLogic"]["triggersOn"], "Incidents");
    EXPECT_FALSE(out.contains("createdTimeUtc"));
    EXPECT_FALSE(out.contains("lastModifiedBy"));
    EXPECT_EQ(out["actions"][0]["actionConfiguration"]["owner"]["objectId"],
              "2046feea-040d-4a46-9e2b-91c2941bfa70");
    EXPECT_EQ(out["triggeringLogic"]["conditions"].size(), 3u);
    EXPECT_EQ(out["displayName"], "Escalate VPN incidents");
}

TEST(automation_rule_shape, errors_name_the_field) {
    const std::string logic = "properties.triggeringLogic";
    const std::string cond0 = logic + ".conditions[0]";
    struct edit_case {
        std::function<void(json&)> edit;
        std::string field;
        std::string message_part;
    };
    const std::vector<edit_case> cases = {
        {[](json& r) { r.erase("displayName"); }, "properties.displayName", "is required"},
        {[](json& r) { r["displayName"] = "  "; }, "properties.displayName", "is required"},
        {[](json& r) { r["displayName"] = std::string(501, 'x'); }, "properties.displayName",
         "at most 500"},
        {[](json& r) { r["order"] = 0; }, "properties.order", "between 1 and 1000"},
        {[](json& r) { r["order"] = 1001; }, "properties.order", "between 1 and 1000"},
        {[](json& r) { r["order"] = "1"; }, "properties.order", "integer"},
        {[](json& r) { r.erase("triggeringLogic"); }, logic, "is required"},
        {[](json& r) { r["triggeringLogic"]["isEnabled"] = "yes"; }, logic + ".isEnabled",
         "true or false"},
        {[](json& r) { r["triggeringLogic"]["triggersOn"] = "Bookmarks"; }, logic + ".triggersOn",
         "expected one of: Incidents, Alerts"},
        {[](json& r) { r["triggeringLogic"]["triggersWhen"] = "Deleted"; }, logic + ".triggersWhen",
         "Created, Updated"},
        {[](json& r) { r["triggeringLogic"]["expirationTimeUtc"] = "tomorrow"; },
         logic + ".expirationTimeUtc", "ISO 8601"},
        {[](json& r) { r["triggeringLogic"]["conditions"] = json::array({5}); }, cond0,
         "must be an object"},
        {[](json& r) { r["triggeringLogic"]["conditions"][0]["conditionType"] = "Magic"; },
         cond0 + ".conditionType", "not a valid conditionType"},
        {[](json& r) {
             r["triggeringLogic"]["conditions"][0]["conditionProperties"]["propertyName"] =
                 "IncidentColour";
         },
         cond0 + ".conditionProperties.propertyName",
         "'IncidentColour' is not a valid propertyName"},
        {[](json& r) {
             r["triggeringLogic"]["conditions"][0]["conditionProperties"]["operator"] = "Like";
         },
         cond0 + ".conditionProperties.operator", "not a valid operator"},
        {[](json& r) {
             r["triggeringLogic"]["conditions"][0]["conditionProperties"]["propertyValues"] =
                 json::array({1});
         },
         cond0 + ".conditionProperties.propertyValues[0]", "must contain strings"},
        {[](json& r) {
             r["triggeringLogic"]["conditions"][0] = {
                 {"conditionType", "Boolean"},
                 {"conditionProperties",
                  {{"operator", "Or"},
                   {"innerConditions",
                    {{{"conditionType", "PropertyArrayChanged"},
                      {"conditionProperties",
                       {{"arrayType", "Labels"}, {"changeType", "Added"}}}}}}}}};
         },
         cond0 + ".conditionProperties.innerConditions", "must hold 2 to 10 conditions"},
        {[](json& r) {
             r["triggeringLogic"]["conditions"] = json::array();
             for (int i = 0; i < 51; ++i)
                 r["triggeringLogic"]["conditions"].push_back(
                     valid_rule()["triggeringLogic"]["conditions"][2]);
         },
         logic + ".conditions", "At most 50"},
        {[](json& r) { r["actions"] = json::array(); }, "properties.actions", "1 to 20"},
        {[](json& r) { r["actions"][0].erase("order"); }, "properties.actions[0].order",
         "is required"},
        {[](json& r) { r["actions"][0]["actionType"] = "SendMail"; },
         "properties.actions[0].actionType", "ModifyProperties, RunPlaybook, AddIncidentTask"},
        {[](json& r) { r["actions"][0]["actionConfiguration"] = json::object(); },
         "properties.actions[0].actionConfiguration", "at least one incident property"},
        {[](json& r) { r["actions"][0]["actionConfiguration"]["status"] = "Closed"; },
         "properties.actions[0].actionConfiguration.classification", "is required"},
        {[](json& r) {
             r["actions"][0]["actionConfiguration"]["classification"] = "TruePositive";
             r["actions"][0]["actionConfiguration"]["classificationReason"] = "InaccurateData";
         },
         "properties.actions[0].actionConfiguration.classificationReason",
         "does not belong to classification TruePositive"},
        {[](json& r) { r["actions"][0]["actionConfiguration"]["severity"] = "Severe"; },
         "properties.actions[0].actionConfiguration.severity", "not a valid severity"},
        {[](json& r) { r["actions"][1]["actionConfiguration"].erase("logicAppResourceId"); },
         "properties.actions[1].actionConfiguration.logicAppResourceId", "is required"},
        {[](json& r) { r["actions"][1]["actionConfiguration"]["tenantId"] = "tenant"; },
         "properties.actions[1].actionConfiguration.tenantId", "UUID"},
        {[](json& r) { r["actions"][1]["actionConfiguration"]["parameters"] = "ip=10.0.0.5"; },
         "properties.actions[1].actionConfiguration.parameters", "must be an object"},
        {[](json& r) {
             r["actions"][1]["actionConfiguration"]["parameters"] = json::array({"10.0.0.5"});
         },
         "properties.actions[1].actionConfiguration.parameters", "must be an object"},
        {[](json& r) {
             r["actions"][1] = {{"order", 2},
                                {"actionType", "AddIncidentTask"},
                                {"actionConfiguration", {{"description", "no title"}}}};
         },
         "properties.actions[1].actionConfiguration.title", "is required"},
        {[](json& r) {
             r["triggeringLogic"]["triggersOn"] = "Alerts";
             r["triggeringLogic"]["triggersWhen"] = "Created";
         },
         "properties.actions[0].actionType", "can only run playbooks"},
        {[](json& r) {
             r["triggeringLogic"]["triggersOn"] = "Alerts";
             r["triggeringLogic"]["triggersWhen"] = "Updated";
         },
         logic + ".triggersWhen", "Created only"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        auto rule = valid_rule();
        cases[i].edit(rule);
        const auto e = error_of(rule);
        EXPECT_EQ(e.field, cases[i].field) << "case " << i << ": " << e.message;
        EXPECT_NE(e.message.find(cases[i].message_part), std::string::npos)
            << "case " << i << ": " << e.message;
    }
}

TEST(automation_rule_shape, run_playbook_keeps_its_parameters) {
    auto rule = valid_rule();
    const json parameters = {{"channel", "#soc"}, {"notify", {{"pager", true}, {"after", 5}}}};
    rule["actions"][1]["actionConfiguration"]["parameters"] = parameters;
    auto out = api::normalize_automation_rule(rule, api_version::v2025_09_01);
    EXPECT_EQ(out["actions"][1]["actionConfiguration"]["parameters"], parameters);

    // Absent or null: no parameters member, as before the extension.
    rule["actions"][1]["actionConfiguration"]["parameters"] = nullptr;
    out = api::normalize_automation_rule(rule, api_version::v2025_09_01);
    EXPECT_FALSE(out["actions"][1]["actionConfiguration"].contains("parameters"));
    EXPECT_EQ(out["actions"][1]["actionConfiguration"]["logicAppResourceId"],
              "playbooks/notify-soc");
}

TEST(automation_rule_shape, newer_features_need_a_newer_api_version) {
    auto rule = valid_rule();
    rule["actions"][1] = {{"order", 2},
                          {"actionType", "AddIncidentTask"},
                          {"actionConfiguration", {{"title", "Reset passwords"}}}};
    EXPECT_EQ(error_of(rule).field, "<accepted>");
    auto e = error_of(rule, api_version::v2023_02_01);
    EXPECT_EQ(e.field, "properties.actions[1].actionType");
    EXPECT_EQ(e.message,
              "actionType AddIncidentTask requires api-version 2025-09-01 (requested "
              "2023-02-01).");

    rule = valid_rule();
    rule["triggeringLogic"]["conditions"][0] = {
        {"conditionType", "Boolean"},
        {"conditionProperties",
         {{"operator", "And"},
          {"innerConditions",
           {valid_rule()["triggeringLogic"]["conditions"][0],
            valid_rule()["triggeringLogic"]["conditions"][2]}}}}};
    EXPECT_EQ(error_of(rule).field, "<accepted>");
    e = error_of(rule, api_version::v2022_07_01_preview);
    EXPECT_EQ(e.field, "properties.triggeringLogic.conditions[0].conditionType");

    rule = valid_rule();
    rule["triggeringLogic"]["conditions"][0]["conditionProperties"]["propertyName"] =
        "IncidentUpdatedBySource";
    EXPECT_EQ(error_of(rule, api_version::v2023_02_01).field, "<accepted>");
    EXPECT_EQ(error_of(rule, api_version::v2022_07_01_preview).field,
              "properties.triggeringLogic.conditions[0].conditionProperties.propertyName");
}

class automation_rule_routes : public api_test {};

TEST_F(automation_rule_routes, crud_with_etag_and_list_in_execution_order) {
    auto reply = put("automationRules/rule-b", {{"properties", valid_rule()}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto created = reply.json();
    EXPECT_EQ(created["id"], prefix() + "/automationRules/rule-b");
    EXPECT_EQ(created["type"], "Microsoft.SecurityInsights/automationRules");
    EXPECT_EQ(created["properties"]["order"], 2);
    EXPECT_TRUE(created["properties"].contains("createdTimeUtc"));
    EXPECT_EQ(created["properties"]["createdBy"]["name"], test_actor_name);
    EXPECT_EQ(reply.header("ETag"), created["etag"].get<std::string>());

    auto first = valid_rule();
    first["order"] = 1;
    first["displayName"] = "Runs first";
    ASSERT_EQ(put("automationRules/rule-a", {{"properties", first}}).status, 201);

    reply = get("automationRules");
    ASSERT_EQ(reply.status, 200);
    const auto list = reply.json()["value"];
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0]["name"], "rule-a");
    EXPECT_EQ(list[1]["name"], "rule-b");

    // GET then PUT back with the etag: 200; a stale etag: 409 and no change.
    auto whole = get("automationRules/rule-b").json();
    whole["properties"]["displayName"] = "Renamed";
    reply = put("automationRules/rule-b", whole);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["displayName"], "Renamed");
    whole["properties"]["displayName"] = "Lost update";
    reply = put("automationRules/rule-b", whole);
    EXPECT_EQ(reply.status, 409);
    EXPECT_EQ(get("automationRules/rule-b").json()["properties"]["displayName"], "Renamed");

    EXPECT_EQ(del("automationRules/rule-b").status, 200);
    EXPECT_EQ(del("automationRules/rule-b").status, 204);
    reply = get("automationRules/rule-b");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Automation rule rule-b doesn't exist.");
}

TEST_F(automation_rule_routes, playbook_parameters_are_stored_and_returned) {
    auto rule = valid_rule();
    const json parameters = {{"channel", "#soc"}, {"ips", {"10.0.0.5", "10.0.0.6"}}};
    rule["actions"][1]["actionConfiguration"]["parameters"] = parameters;
    auto reply = put("automationRules/rule-params", {{"properties", rule}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["actions"][1]["actionConfiguration"]["parameters"],
              parameters);
    reply = get("automationRules/rule-params");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["properties"]["actions"][1]["actionConfiguration"]["parameters"],
              parameters);

    rule["actions"][1]["actionConfiguration"]["parameters"] = 42;
    reply = put("automationRules/rule-params", {{"properties", rule}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"],
              "properties.actions[1].actionConfiguration.parameters");
    EXPECT_EQ(error_message(reply),
              "'properties.actions[1].actionConfiguration.parameters' must be an object.");
    EXPECT_EQ(get("automationRules/rule-params")
                  .json()["properties"]["actions"][1]["actionConfiguration"]["parameters"],
              parameters);
}

TEST_F(automation_rule_routes, invalid_rules_are_400_and_not_stored) {
    auto rule = valid_rule();
    rule["order"] = 0;
    auto reply = put("automationRules/rule-bad", {{"properties", rule}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties.order");
    reply = put("automationRules/rule-bad", {{"nothing", 1}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties");
    rule = valid_rule();
    rule["actions"][0] = {
        {"order", 1}, {"actionType", "AddIncidentTask"}, {"actionConfiguration", {{"title", "x"}}}};
    reply = client().send_json("PUT", arm("automationRules/rule-bad", {}, "2023-02-01"),
                               {{"properties", rule}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties.actions[0].actionType");
    EXPECT_EQ(get("automationRules/rule-bad").status, 404);
    EXPECT_EQ(get("automationRules").json()["value"].size(), 0u);
}

}  // namespace
}  // namespace tocsin::test
