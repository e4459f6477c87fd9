// Conformance: stored rules. Alert rules and automation rules share one contract (create-or-replace
// with etags, activity entries about no incident, case-insensitive names per workspace); they
// differ in their activity names and listing order, and never see each other's rows.

#include "engine/core/uuid.hpp"
#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

store::stored_rule rule(std::string name, nlohmann::json properties) {
    store::stored_rule r;
    r.name = std::move(name);
    r.properties = std::move(properties);
    return r;
}

nlohmann::json creation_properties(std::string display_name, std::string product = "Contoso EDR") {
    return {{"displayName", std::move(display_name)},
            {"enabled", true},
            {"productFilter", std::move(product)},
            {"severitiesFilter", {"High"}}};
}

std::vector<std::string> names_of(const std::vector<store::stored_rule>& rules) {
    std::vector<std::string> out;
    for (const auto& r : rules)
        out.push_back(r.name);
    return out;
}

TEST_P(rule_conformance, alert_rules_are_created_replaced_and_deleted_with_etags) {
    auto created =
        s().put_alert_rule(ws(), rule("edr-high", creation_properties("EDR high")), as_user("Ada"));
    EXPECT_TRUE(created.created);
    EXPECT_EQ(created.value.name, "edr-high");
    EXPECT_EQ(created.value.properties["displayName"], "EDR high");
    EXPECT_EQ(created.value.created_by.name, "Ada");
    EXPECT_EQ(created.value.last_modified_by.name, "Ada");
    EXPECT_EQ(created.value.created, clock_.now());
    EXPECT_EQ(created.value.last_modified, clock_.now());
    EXPECT_FALSE(created.value.etag.empty());

    // The same properties again: nothing written, the etag stands.
    clock_.advance(std::chrono::minutes(1));
    auto same = s().put_alert_rule(ws(), rule("edr-high", creation_properties("EDR high")),
                                   if_match(created.value.etag));
    EXPECT_FALSE(same.created);
    EXPECT_EQ(same.value.etag, created.value.etag);
    EXPECT_EQ(same.value.last_modified, created.value.last_modified);

    clock_.advance(std::chrono::minutes(1));
    auto replaced = s().put_alert_rule(ws(), rule("edr-high", creation_properties("EDR urgent")),
                                       if_match(created.value.etag));
    EXPECT_FALSE(replaced.created);
    EXPECT_EQ(replaced.value.properties["displayName"], "EDR urgent");
    EXPECT_NE(replaced.value.etag, created.value.etag);
    EXPECT_EQ(replaced.value.created, created.value.created);
    EXPECT_EQ(replaced.value.last_modified, clock_.now());
    EXPECT_EQ(replaced.value.created_by.name, "Ada");
    EXPECT_EQ(replaced.value.last_modified_by.name, "Ada Analyst");

    expect_error(
        [&] {
            s().put_alert_rule(ws(), rule("edr-high", creation_properties("Lost update")),
                               if_match(created.value.etag));
        },
        errc::conflict, "Newer version of resource edr-high exists. Data was not saved");
    auto found = s().find_alert_rule(ws(), "edr-high");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->properties["displayName"], "EDR urgent");
    EXPECT_EQ(found->etag, replaced.value.etag);

    expect_error([&] { s().delete_alert_rule(ws(), "edr-high", if_match(created.value.etag)); },
                 errc::conflict, "Newer version of resource edr-high exists. Data was not saved");
    EXPECT_TRUE(s().delete_alert_rule(ws(), "edr-high", if_match(replaced.value.etag)));
    EXPECT_FALSE(s().delete_alert_rule(ws(), "edr-high", as_user()));
    EXPECT_FALSE(s().find_alert_rule(ws(), "edr-high"));
    EXPECT_THAT(s().list_alert_rules(ws()), IsEmpty());
}

TEST_P(rule_conformance, alert_rule_writes_are_in_the_activity_log) {
    s().put_alert_rule(ws(), rule("edr-high", creation_properties("EDR high")), as_user("Ada"));
    s().put_alert_rule(ws(), rule("edr-high", creation_properties("EDR urgent")), as_user("Bob"));
    s().delete_alert_rule(ws(), "edr-high", as_user("Cy"));

    const auto log = s().activity_of_incident(ws(), "");
    std::vector<std::string> actions;
    for (const auto& e : log)
        actions.push_back(e.action);
    ASSERT_THAT(actions,
                ElementsAre("alertRule.created", "alertRule.updated", "alertRule.deleted"));
    EXPECT_EQ(log[0].actor.name, "Ada");
    EXPECT_EQ(log[0].detail["alertRuleName"], "edr-high");
    EXPECT_EQ(log[0].changes[0].after["displayName"], "EDR high");
    EXPECT_EQ(log[1].actor.name, "Bob");
    EXPECT_EQ(log[1].changes[0].before["displayName"], "EDR high");
    EXPECT_EQ(log[1].changes[0].after["displayName"], "EDR urgent");
    EXPECT_EQ(log[2].actor.name, "Cy");
    EXPECT_EQ(log[2].detail["alertRuleName"], "edr-high");
    EXPECT_TRUE(log[2].changes[0].after.is_null());
}

TEST_P(rule_conformance, alert_rules_list_by_name_and_names_ignore_case) {
    for (const auto* name : {"rule-b", "Rule-C", "rule-a"})
        s().put_alert_rule(ws(), rule(name, creation_properties(name)), as_user());
    EXPECT_THAT(names_of(s().list_alert_rules(ws())), ElementsAre("rule-a", "rule-b", "Rule-C"));

    // Another spelling of a name is the same rule: found, and replaced rather than duplicated.
    ASSERT_TRUE(s().find_alert_rule(ws(), "RULE-A"));
    auto again =
        s().put_alert_rule(ws(), rule("RULE-A", creation_properties("renamed")), as_user());
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.value.name, "rule-a");
    EXPECT_EQ(s().list_alert_rules(ws()).size(), 3u);
    EXPECT_TRUE(s().delete_alert_rule(ws(), "rule-c", as_user()));
    EXPECT_THAT(names_of(s().list_alert_rules(ws())), ElementsAre("rule-a", "rule-b"));
}

TEST_P(rule_conformance, alert_rules_belong_to_their_workspace) {
    s().put_alert_rule(ws(), rule("edr-high", creation_properties("EDR high")), as_user());
    EXPECT_FALSE(s().find_alert_rule(other_ws(), "edr-high"));
    EXPECT_THAT(s().list_alert_rules(other_ws()), IsEmpty());
    EXPECT_FALSE(s().delete_alert_rule(other_ws(), "edr-high", as_user()));
    const model::workspace_ref unknown{"sub-9", "rg-9", "never-written"};
    EXPECT_FALSE(s().find_alert_rule(unknown, "edr-high"));
    EXPECT_THAT(s().list_alert_rules(unknown), IsEmpty());
    EXPECT_FALSE(s().delete_alert_rule(unknown, "edr-high", as_user()));
    EXPECT_TRUE(s().find_alert_rule(ws(), "edr-high"));
}

TEST_P(rule_conformance, alert_rule_edge_cases) {
    auto unnamed = s().put_alert_rule(ws(), rule("", creation_properties("Unnamed")), as_user());
    EXPECT_TRUE(unnamed.created);
    EXPECT_TRUE(is_uuid(unnamed.value.name));

    expect_field_error(
        [&] { s().put_alert_rule(ws(), rule("bad", nlohmann::json::array()), as_user()); },
        errc::invalid_argument, "properties");
    expect_error([&] { s().put_alert_rule(ws(), rule("bad", "text"), as_user()); },
                 errc::invalid_argument, "Alert rule properties must be an object.");
    // If-Match on a rule that does not exist is a conflict, and nothing is created.
    expect_error(
        [&] {
            s().put_alert_rule(ws(), rule("ghost", creation_properties("Ghost")), if_match("e1"));
        },
        errc::conflict, "Newer version of resource ghost exists. Data was not saved");
    EXPECT_FALSE(s().find_alert_rule(ws(), "ghost"));
    EXPECT_FALSE(s().find_alert_rule(ws(), "bad"));
}

TEST_P(rule_conformance, rules_survive_reopening) {
    auto created =
        s().put_alert_rule(ws(), rule("edr-high", creation_properties("EDR high")), as_user("Ada"));
    reopen();
    auto found = s().find_alert_rule(ws(), "edr-high");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->properties, created.value.properties);
    EXPECT_EQ(found->etag, created.value.etag);
    EXPECT_EQ(found->created, created.value.created);
    EXPECT_EQ(found->created_by.name, "Ada");
    EXPECT_EQ(found->created_by.type, model::principal::kind::user);
}

TEST_P(rule_conformance, automation_rules_list_in_execution_order) {
    const auto automation = [](int order) {
        return nlohmann::json{{"displayName", "order " + std::to_string(order)}, {"order", order}};
    };
    s().put_automation_rule(ws(), rule("late", automation(3)), as_user());
    s().put_automation_rule(ws(), rule("b-first", automation(1)), as_user());
    s().put_automation_rule(ws(), rule("A-first", automation(1)), as_user());
    EXPECT_THAT(names_of(s().list_automation_rules(ws())),
                ElementsAre("A-first", "b-first", "late"));

    auto created = s().find_automation_rule(ws(), "late");
    ASSERT_TRUE(created);
    expect_error([&] { s().put_automation_rule(ws(), rule("late", automation(2)), if_match("x")); },
                 errc::conflict, "Newer version of resource late exists. Data was not saved");
    EXPECT_FALSE(s().put_automation_rule(ws(), rule("late", automation(2)), if_match(created->etag))
                     .created);
    EXPECT_TRUE(s().delete_automation_rule(ws(), "late", as_user()));

    std::vector<std::string> actions;
    for (const auto& e : s().activity_of_incident(ws(), ""))
        actions.push_back(e.action);
    EXPECT_THAT(actions, ElementsAre("automationRule.created", "automationRule.created",
                                     "automationRule.created", "automationRule.updated",
                                     "automationRule.deleted"));
    EXPECT_EQ(s().activity_of_incident(ws(), "").back().detail["automationRuleName"], "late");
}

TEST_P(rule_conformance, alert_rules_and_automation_rules_are_kept_apart) {
    s().put_alert_rule(ws(), rule("shared-name", creation_properties("Creation")), as_user());
    s().put_automation_rule(
        ws(), rule("shared-name", {{"displayName", "Automation"}, {"order", 1}}), as_user());
    EXPECT_EQ(s().find_alert_rule(ws(), "shared-name")->properties["displayName"], "Creation");
    EXPECT_EQ(s().find_automation_rule(ws(), "shared-name")->properties["displayName"],
              "Automation");
    EXPECT_TRUE(s().delete_automation_rule(ws(), "shared-name", as_user()));
    EXPECT_TRUE(s().find_alert_rule(ws(), "shared-name"));
    EXPECT_THAT(s().list_automation_rules(ws()), IsEmpty());
    EXPECT_THAT(names_of(s().list_alert_rules(ws())), ElementsAre("shared-name"));
}

}  // namespace
}  // namespace tocsin::test
