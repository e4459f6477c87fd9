// Alert rules (incident creation rules): the shape validation as a unit, then the CRUD routes
// over real HTTP.
#include <fstream>

#include "engine/api/arm_alert_rules.hpp"
#include "engine/error.hpp"
#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

// The rule docs/creation-rules.md shows, which every test here starts from.
json valid_rule() {
    std::ifstream in(std::string(TOCSIN_SOURCE_DIR) +
                     "/tests/api/fixtures/alert-rules/edr-high.json");
    return json::parse(in);
}

struct rule_error {
    std::string field;
    std::string message;
};

rule_error error_of(const json& body) {
    try {
        api::normalize_alert_rule(body);
    } catch (const error& e) {
        return {e.field(), e.what()};
    }
    return {"<accepted>", ""};
}

TEST(alert_rule_shape, a_valid_rule_is_normalised) {
    auto body = valid_rule();
    body["kind"] = "microsoftsecurityincidentcreation";
    body["properties"]["lastModifiedUtc"] = "2019-01-01T00:00:00Z";  // read-only, dropped
    body["properties"]["tactics"] = {"Impact"};                      // unknown, dropped
    body["properties"]["severitiesFilter"] = {"high", "MEDIUM", "High"};
    body["properties"]["displayNamesFilter"] = {" ransom ", "RANSOM", "credential"};
    const auto out = api::normalize_alert_rule(body);
    EXPECT_EQ(out, json({{"displayName", "Create incidents from Contoso EDR"},
                         {"description", "High and medium EDR alerts, except tests"},
                         {"enabled", true},
                         {"productFilter", "Contoso EDR"},
                         {"severitiesFilter", {"High", "Medium"}},
                         {"displayNamesFilter", {"ransom", "credential"}},
                         {"displayNamesExcludeFilter", {"test"}},
                         {"alertRuleTemplateName", "tmpl-edr"}}));
}

TEST(alert_rule_shape, optional_properties_default_and_products_keep_their_form) {
    const auto out = api::normalize_alert_rule(
        {{"kind", "MicrosoftSecurityIncidentCreation"},
         {"properties",
          {{"displayName", "Mail and EDR"},
           {"enabled", false},
           {"productFilter", {"Contoso EDR", "Fabrikam Mail", "contoso edr"}}}}});
    EXPECT_EQ(out, json({{"displayName", "Mail and EDR"},
                         {"enabled", false},
                         {"productFilter", {"Contoso EDR", "Fabrikam Mail"}},
                         {"severitiesFilter", json::array()},
                         {"displayNamesFilter", json::array()},
                         {"displayNamesExcludeFilter", json::array()}}));
}

TEST(alert_rule_shape, other_kinds_are_refused_by_name) {
    auto body = valid_rule();
    body["kind"] = "Scheduled";
    auto e = error_of(body);
    EXPECT_EQ(e.field, "kind");
    EXPECT_EQ(e.message,
              "Alert rule kind 'Scheduled' is not supported; Tocsin supports only "
              "MicrosoftSecurityIncidentCreation rules (incident creation from alerts).");
    body.erase("kind");
    e = error_of(body);
    EXPECT_EQ(e.field, "kind");
    EXPECT_EQ(e.message,
              "'kind' is required; Tocsin supports alert rules of kind "
              "MicrosoftSecurityIncidentCreation.");
    body["kind"] = 7;
    EXPECT_EQ(error_of(body).field, "kind");
}

TEST(alert_rule_shape, errors_name_the_field) {
    struct edit_case {
        std::function<void(json&)> edit;
        std::string field;
        std::string message_part;
    };
    const std::vector<edit_case> cases = {
        {[](json& p) { p.erase("displayName"); }, "properties.displayName", "is required"},
        {[](json& p) { p["displayName"] = "  "; }, "properties.displayName", "is required"},
        {[](json& p) { p["displayName"] = std::string(501, 'x'); }, "properties.displayName",
         "at most 500"},
        {[](json& p) { p["displayName"] = 5; }, "properties.displayName", "must be a string"},
        {[](json& p) { p["description"] = {"x"}; }, "properties.description", "must be a string"},
        {[](json& p) { p.erase("enabled"); }, "properties.enabled", "is required"},
        {[](json& p) { p["enabled"] = "true"; }, "properties.enabled", "true or false"},
        {[](json& p) { p.erase("productFilter"); }, "properties.productFilter", "is required"},
        {[](json& p) { p["productFilter"] = " "; }, "properties.productFilter",
         "must not be blank"},
        {[](json& p) { p["productFilter"] = std::string(257, 'p'); }, "properties.productFilter",
         "at most 256"},
        {[](json& p) { p["productFilter"] = 3; }, "properties.productFilter",
         "a product name or an array of product names"},
        {[](json& p) { p["productFilter"] = json::array(); }, "properties.productFilter",
         "at least one product"},
        {[](json& p) {
             p["productFilter"] = {"A", 2};
         },
         "properties.productFilter[1]", "must be a string"},
        {[](json& p) {
             p["productFilter"] = json::array();
             for (int i = 0; i < 51; ++i)
                 p["productFilter"].push_back("P" + std::to_string(i));
         },
         "properties.productFilter", "at most 50"},
        {[](json& p) { p["severitiesFilter"] = "High"; }, "properties.severitiesFilter",
         "array of severities"},
        {[](json& p) {
             p["severitiesFilter"] = {"High", "Severe"};
         },
         "properties.severitiesFilter[1]",
         "'Severe' is not a valid severity; expected one of: High, Medium, Low, Informational."},
        {[](json& p) { p["displayNamesFilter"] = {""}; }, "properties.displayNamesFilter[0]",
         "must not be blank"},
        {[](json& p) { p["displayNamesExcludeFilter"] = "test"; },
         "properties.displayNamesExcludeFilter", "array of strings"},
        {[](json& p) { p["alertRuleTemplateName"] = 1; }, "properties.alertRuleTemplateName",
         "must be a string"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        auto body = valid_rule();
        cases[i].edit(body["properties"]);
        const auto e = error_of(body);
        EXPECT_EQ(e.field, cases[i].field) << "case " << i << ": " << e.message;
        EXPECT_NE(e.message.find(cases[i].message_part), std::string::npos)
            << "case " << i << ": " << e.message;
    }
    EXPECT_EQ(error_of({{"kind", "MicrosoftSecurityIncidentCreation"}}).field, "properties");
}

class alert_rule_routes : public api_test {};

TEST_F(alert_rule_routes, crud_with_etag_and_list_by_name) {
    auto reply = put("alertRules/rule-b", valid_rule());
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto created = reply.json();
    EXPECT_EQ(created["id"], prefix() + "/alertRules/rule-b");
    EXPECT_EQ(created["name"], "rule-b");
    EXPECT_EQ(created["type"], "Microsoft.SecurityInsights/alertRules");
    EXPECT_EQ(created["kind"], "MicrosoftSecurityIncidentCreation");
    EXPECT_EQ(created["properties"]["productFilter"], "Contoso EDR");
    EXPECT_EQ(created["properties"]["severitiesFilter"], json({"High", "Medium"}));
    EXPECT_TRUE(created["properties"]["lastModifiedUtc"].is_string());
    EXPECT_EQ(reply.header("ETag"), created["etag"].get<std::string>());

    auto several = valid_rule();
    several["properties"]["productFilter"] = {"Fabrikam Mail", "Contoso EDR"};
    reply = put("alertRules/Rule-A", several);
    ASSERT_EQ(reply.status, 201) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["productFilter"], json({"Fabrikam Mail", "Contoso EDR"}));

    reply = get("alertRules");
    ASSERT_EQ(reply.status, 200);
    const auto list = reply.json()["value"];
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0]["name"], "Rule-A");
    EXPECT_EQ(list[1]["name"], "rule-b");
    EXPECT_EQ(list[0]["kind"], "MicrosoftSecurityIncidentCreation");

    // GET then PUT back (read-only fields and etag included): 200; a stale etag: 409, no change.
    auto whole = get("alertRules/rule-b").json();
    whole["properties"]["enabled"] = false;
    reply = put("alertRules/rule-b", whole);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["properties"]["enabled"], false);
    EXPECT_NE(reply.json()["etag"], whole["etag"]);
    whole["properties"]["displayName"] = "Lost update";
    reply = put("alertRules/rule-b", whole);
    EXPECT_EQ(reply.status, 409);
    EXPECT_EQ(get("alertRules/rule-b").json()["properties"]["displayName"],
              "Create incidents from Contoso EDR");
    reply = put("alertRules/rule-b", valid_rule(), {{"If-Match", "\"not-the-etag\""}});
    EXPECT_EQ(reply.status, 409);

    const auto current = get("alertRules/rule-b").json()["etag"].get<std::string>();
    EXPECT_EQ(del("alertRules/rule-b", {{"If-Match", "\"stale\""}}).status, 409);
    EXPECT_EQ(del("alertRules/rule-b", {{"If-Match", current}}).status, 200);
    EXPECT_EQ(del("alertRules/rule-b").status, 204);
    reply = get("alertRules/rule-b");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_message(reply), "Alert rule rule-b doesn't exist.");
    EXPECT_EQ(get("alertRules").json()["value"].size(), 1u);
}

TEST_F(alert_rule_routes, invalid_rules_and_other_kinds_are_400_and_not_stored) {
    auto rule = valid_rule();
    rule["kind"] = "Scheduled";
    auto reply = put("alertRules/rule-bad", rule);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code(reply), "BadRequest");
    EXPECT_EQ(reply.json()["error"]["target"], "kind");
    EXPECT_NE(error_message(reply).find("only MicrosoftSecurityIncidentCreation"),
              std::string::npos)
        << reply.body;

    rule = valid_rule();
    rule["properties"]["severitiesFilter"] = {"Urgent"};
    reply = put("alertRules/rule-bad", rule);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "properties.severitiesFilter[0]");

    reply = put("alertRules/x", valid_rule());  // names are 3 to 63 letters, digits, dashes
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "ruleId");

    EXPECT_EQ(get("alertRules/rule-bad").status, 404);
    EXPECT_EQ(get("alertRules").json()["value"].size(), 0u);
}

TEST_F(alert_rule_routes, every_supported_api_version_and_none_other) {
    for (const auto* version : {"2022-07-01-preview", "2022-09-01-preview", "2023-02-01"}) {
        const auto reply =
            client().send_json("PUT", arm("alertRules/rule-v", {}, version), valid_rule());
        EXPECT_TRUE(reply.status == 200 || reply.status == 201) << version << ": " << reply.body;
    }
    const auto reply = client().get(arm("alertRules", {}, "2019-01-01-preview"));
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(error_code(reply), "InvalidApiVersionParameter");
}

TEST_F(alert_rule_routes, readers_may_read_and_only_rule_managers_may_write) {
    const auto issued = client().send_json(
        "POST", "/api/v1/tokens", {{"name", "alert-rule-responder"}, {"roles", {"Responder"}}});
    ASSERT_EQ(issued.status, 201) << issued.body;
    http_client_options options;
    options.bearer_token = issued.json()["token"].get<std::string>();
    http_client responder("127.0.0.1", port(), std::move(options));

    ASSERT_EQ(put("alertRules/rule-r", valid_rule()).status, 201);
    EXPECT_EQ(responder.get(arm("alertRules")).status, 200);
    EXPECT_EQ(responder.get(arm("alertRules/rule-r")).status, 200);
    auto reply = responder.send_json("PUT", arm("alertRules/rule-r"), valid_rule());
    EXPECT_EQ(reply.status, 403);
    EXPECT_EQ(error_code(reply), "AuthorizationFailed");
    EXPECT_NE(error_message(reply).find("automation.manage"), std::string::npos) << reply.body;
    EXPECT_EQ(responder.request("DELETE", arm("alertRules/rule-r")).status, 403);
    EXPECT_EQ(get("alertRules/rule-r").status, 200);
}

}  // namespace
}  // namespace tocsin::test
