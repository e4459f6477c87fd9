// Compiling stored automation rules, and when a compiled rule applies to an event.
#include <functional>

#include "engine/error.hpp"
#include "tests/automation/automation_rule_fixtures.hpp"

namespace tocsin::automation::test {
namespace {

// The spec's AutomationRules_CreateOrUpdate example, with one action of each kind added.
json spec_example() {
    return json::parse(R"({
        "displayName": "Suspicious user sign-in events",
        "order": 1,
        "triggeringLogic": {
          "isEnabled": true, "triggersOn": "Incidents", "triggersWhen": "Created",
          "expirationTimeUtc": "2030-01-01T00:00:00Z",
          "conditions": [{
            "conditionType": "Property",
            "conditionProperties": {
              "propertyName": "IncidentRelatedAnalyticRuleIds",
              "operator": "Contains",
              "propertyValues": [
                "/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/alertRules/fab3d2d4-747f-46a7-8ef0-9c0be8112bf7",
                "/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/alertRules/8deb8303-e94d-46ff-96e0-5fd94b33df1a"
              ]}}]},
        "actions": [
          {"order": 3, "actionType": "RunPlaybook", "actionConfiguration": {
            "logicAppResourceId": "/subscriptions/d0cfe6b2/resourceGroups/myRg/providers/Microsoft.Logic/workflows/reset-password/",
            "tenantId": "ee48efaf-50c6-411b-9345-b2bdc3eb4abc",
            "parameters": {"notify": true}}},
          {"order": 1, "actionType": "AddIncidentTask",
           "actionConfiguration": {"title": "Reset user passwords",
                                   "description": "Reset passwords for compromised users."}},
          {"order": 2, "actionType": "ModifyProperties",
           "actionConfiguration": {"severity": "High", "labels": [{"labelName": "sign-in"}]}}
        ]})");
}

TEST(automation_rule_compile, the_spec_example_compiles_with_actions_in_order) {
    const auto rule = compiled(spec_example(), "73e01a99-5cd7-4139-a149-9f2736ff2ab5");
    EXPECT_EQ(rule.name, "73e01a99-5cd7-4139-a149-9f2736ff2ab5");
    EXPECT_EQ(rule.display_name, "Suspicious user sign-in events");
    EXPECT_EQ(rule.order, 1);
    EXPECT_TRUE(rule.enabled);
    EXPECT_EQ(rule.triggers_on, trigger_on::incidents);
    EXPECT_EQ(rule.triggers_when, trigger_when::created);
    ASSERT_TRUE(rule.expiration);
    EXPECT_EQ(format_time(*rule.expiration), "2030-01-01T00:00:00Z");

    ASSERT_EQ(rule.conditions.size(), 1u);
    const auto* c = std::get_if<property_condition>(&rule.conditions[0].test);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->property, "IncidentRelatedAnalyticRuleIds");
    EXPECT_EQ(c->test.op, comparison::contains);
    EXPECT_EQ(c->test.values.size(), 2u);

    ASSERT_EQ(rule.actions.size(), 3u);
    EXPECT_EQ(rule.actions[0].order, 1);
    const auto* task = std::get_if<task_spec>(&rule.actions[0].what);
    ASSERT_NE(task, nullptr);
    EXPECT_EQ(task->title, "Reset user passwords");
    EXPECT_EQ(task->description, "Reset passwords for compromised users.");
    const auto* modify = std::get_if<modify_properties>(&rule.actions[1].what);
    ASSERT_NE(modify, nullptr);
    EXPECT_EQ(modify->severity, model::severity::high);
    EXPECT_EQ(modify->labels, std::vector<std::string>{"sign-in"});
    EXPECT_FALSE(modify->status);
    const auto* playbook = std::get_if<playbook_call>(&rule.actions[2].what);
    ASSERT_NE(playbook, nullptr);
    EXPECT_EQ(playbook->playbook, "reset-password");
    EXPECT_EQ(playbook->parameters, json({{"notify", true}}));
}

TEST(automation_rule_compile, actions_with_equal_order_keep_their_stored_order) {
    const auto rule = compiled(
        rule_json(json::array(), {playbook_action("second", 2), playbook_action("first-a", 1),
                                  playbook_action("first-b", 1)}));
    const auto calls = playbook_calls(rule);
    ASSERT_EQ(calls.size(), 3u);
    EXPECT_EQ(calls[0].playbook, "first-a");
    EXPECT_EQ(calls[1].playbook, "first-b");
    EXPECT_EQ(calls[2].playbook, "second");
}

TEST(automation_rule_compile, every_condition_kind_compiles) {
    const auto rule = compiled(rule_json(
        {changed("IncidentOwner", "ChangedFrom", "NotEquals", {"bob"}), array_added("Comments"),
         boolean("Or", {property("IncidentTitle", "EndsWith", {"x"}), array_added("Tactics")}),
         property_array("CustomDetails", "AllItems",
                        json::array({property("IncidentCustomDetailsKey", "StartsWith", {"k"})}))},
        json::array({label_action({"x"})}), "Incidents", "Updated"));
    ASSERT_EQ(rule.conditions.size(), 4u);
    const auto& owner = std::get<property_changed_condition>(rule.conditions[0].test);
    EXPECT_EQ(owner.what, property_changed_condition::property::owner);
    EXPECT_TRUE(owner.changed_from);
    EXPECT_EQ(owner.test.op, comparison::not_equals);
    EXPECT_EQ(std::get<property_array_changed_condition>(rule.conditions[1].test).what,
              property_array_changed_condition::array::comments);
    const auto& any = std::get<boolean_condition>(rule.conditions[2].test);
    EXPECT_FALSE(any.all);
    EXPECT_EQ(any.inner.size(), 2u);
    const auto& array = std::get<property_array_condition>(rule.conditions[3].test);
    EXPECT_EQ(array.what, property_array_condition::array::custom_details);
    EXPECT_TRUE(array.all_items);
    EXPECT_EQ(array.item_conditions.size(), 1u);
    EXPECT_EQ(rule.triggers_when, trigger_when::updated);
}

TEST(automation_rule_compile, a_malformed_stored_rule_is_an_error_naming_the_rule_and_field) {
    struct bad_case {
        std::function<void(json&)> edit;
        errc code;
        std::string field;
    };
    const std::vector<bad_case> cases = {
        {[](json& p) { p = json::array(); }, errc::invalid_argument, "properties"},
        {[](json& p) { p.erase("displayName"); }, errc::missing_field, "properties.displayName"},
        {[](json& p) { p["order"] = "first"; }, errc::invalid_argument, "properties.order"},
        {[](json& p) { p["triggeringLogic"]["triggersOn"] = "Bookmarks"; }, errc::invalid_argument,
         "properties.triggeringLogic.triggersOn"},
        {[](json& p) { p["triggeringLogic"]["expirationTimeUtc"] = "soon"; },
         errc::invalid_argument, "properties.triggeringLogic.expirationTimeUtc"},
        {[](json& p) {
             p["triggeringLogic"]["conditions"][0]["conditionProperties"]["operator"] = "Like";
         },
         errc::invalid_argument,
         "properties.triggeringLogic.conditions[0].conditionProperties.operator"},
        {[](json& p) {
             p["triggeringLogic"]["conditions"][0]["conditionProperties"]["propertyValues"] = 5;
         },
         errc::invalid_argument,
         "properties.triggeringLogic.conditions[0].conditionProperties.propertyValues"},
        {[](json& p) { p["actions"][0]["actionType"] = "SendMail"; }, errc::invalid_argument,
         "properties.actions[0].actionType"},
        {[](json& p) { p["actions"][0]["actionConfiguration"]["logicAppResourceId"] = "///"; },
         errc::invalid_argument, "properties.actions[0].actionConfiguration.logicAppResourceId"},
        {[](json& p) { p["actions"][0]["actionConfiguration"]["parameters"] = "x=1"; },
         errc::invalid_argument, "properties.actions[0].actionConfiguration.parameters"},
        {[](json& p) { p["actions"][1]["actionConfiguration"]["severity"] = "Severe"; },
         errc::invalid_argument, "properties.actions[1].actionConfiguration.severity"},
    };
    const auto base = api::normalize_automation_rule(
        rule_json(json::array({property("IncidentTitle", "Contains", {"x"})}),
                  {playbook_action("notify"), label_action({"x"}, 2)}),
        api::api_version::v2025_09_01);
    store::automation_rule ok;
    ok.name = "ok-rule";
    ok.properties = base;
    ASSERT_NO_THROW(compile_rule(ok));
    for (std::size_t i = 0; i < cases.size(); ++i) {
        store::automation_rule stored;
        stored.name = "broken-rule";
        stored.properties = base;
        cases[i].edit(stored.properties);
        try {
            compile_rule(stored);
            ADD_FAILURE() << "case " << i << " compiled";
        } catch (const error& e) {
            EXPECT_EQ(e.code(), cases[i].code) << "case " << i << ": " << e.what();
            EXPECT_EQ(e.field(), cases[i].field) << "case " << i << ": " << e.what();
            EXPECT_TRUE(
                std::string(e.what()).starts_with("Automation rule broken-rule is "
                                                  "malformed: "))
                << e.what();
        }
    }
}

TEST(automation_rule_compile, playbook_names_are_the_last_path_segment) {
    EXPECT_EQ(playbook_name_of("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/"
                               "workflows/enrich-ip"),
              "enrich-ip");
    EXPECT_EQ(playbook_name_of("enrich-ip"), "enrich-ip");
    EXPECT_EQ(playbook_name_of("playbooks/notify-soc//"), "notify-soc");
    EXPECT_EQ(playbook_name_of("/"), "");
    const auto rule = compiled(
        rule_json(json::array(),
                  {playbook_action("/subscriptions/s/providers/Microsoft.Logic/workflows/enrich-ip",
                                   1, {{"ip", "10.0.0.5"}, {"depth", 2}}),
                   playbook_action("notify-soc", 2)}));
    const auto calls = playbook_calls(rule);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].playbook, "enrich-ip");
    EXPECT_EQ(calls[0].parameters, json({{"ip", "10.0.0.5"}, {"depth", 2}}));
    EXPECT_EQ(calls[1].playbook, "notify-soc");
    EXPECT_EQ(calls[1].parameters, json::object());
}

// ---- rule_applies ----

const auto now = *parse_time("2026-03-01T12:00:00Z");

TEST(automation_rule_compile, applies_only_to_its_trigger) {
    const auto created = compiled(rule_json(json::array()));
    EXPECT_TRUE(rule_applies(created, trigger_on::incidents, trigger_when::created, now));
    EXPECT_FALSE(rule_applies(created, trigger_on::incidents, trigger_when::updated, now));
    EXPECT_FALSE(rule_applies(created, trigger_on::alerts, trigger_when::created, now));

    const auto on_alerts = compiled(
        rule_json(json::array(), json::array({playbook_action("p")}), "Alerts", "Created"));
    EXPECT_TRUE(rule_applies(on_alerts, trigger_on::alerts, trigger_when::created, now));
    EXPECT_FALSE(rule_applies(on_alerts, trigger_on::incidents, trigger_when::created, now));

    const auto on_update = compiled(
        rule_json(json::array(), json::array({label_action({"x"})}), "Incidents", "Updated"));
    EXPECT_TRUE(rule_applies(on_update, trigger_on::incidents, trigger_when::updated, now));
    EXPECT_FALSE(rule_applies(on_update, trigger_on::incidents, trigger_when::created, now));
}

TEST(automation_rule_compile, a_disabled_rule_never_applies) {
    auto properties = rule_json(json::array());
    properties["triggeringLogic"]["isEnabled"] = false;
    const auto rule = compiled(properties);
    EXPECT_FALSE(rule.enabled);
    EXPECT_FALSE(rule_applies(rule, trigger_on::incidents, trigger_when::created, now));
}

TEST(automation_rule_compile, an_expired_rule_stops_applying_at_its_expiration) {
    auto properties = rule_json(json::array());
    properties["triggeringLogic"]["expirationTimeUtc"] = "2026-03-01T12:00:00Z";
    const auto rule = compiled(properties);
    const auto just_before = now - std::chrono::milliseconds(1);
    EXPECT_TRUE(rule_applies(rule, trigger_on::incidents, trigger_when::created, just_before));
    EXPECT_FALSE(rule_applies(rule, trigger_on::incidents, trigger_when::created, now));
    EXPECT_FALSE(rule_applies(rule, trigger_on::incidents, trigger_when::created,
                              now + std::chrono::hours(24)));
    // Without an expiration it applies at any time.
    EXPECT_TRUE(rule_applies(compiled(rule_json(json::array())), trigger_on::incidents,
                             trigger_when::created, *parse_time("2999-01-01T00:00:00Z")));
}

}  // namespace
}  // namespace tocsin::automation::test
