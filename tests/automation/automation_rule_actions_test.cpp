// The actions of automation rules: ModifyProperties applied to an incident, playbook calls and
// tasks listed in action order.
#include "engine/model/validation.hpp"
#include "tests/automation/automation_rule_fixtures.hpp"

namespace tocsin::automation::test {
namespace {

json modify(json configuration, int order = 1) {
    return {{"order", order},
            {"actionType", "ModifyProperties"},
            {"actionConfiguration", std::move(configuration)}};
}

compiled_rule rule_with(json actions) {
    return compiled(rule_json(json::array(), std::move(actions)));
}

TEST(automation_rule_actions, severity_status_and_owner) {
    auto i = incident();
    const auto rule =
        rule_with(json::array({modify({{"severity", "High"},
                                       {"status", "Active"},
                                       {"owner",
                                        {{"objectId", "2046feea-040d-4a46-9e2b-91c2941bfa70"},
                                         {"email", "tier2@contoso.com"},
                                         {"assignedTo", "Tier 2"},
                                         {"userPrincipalName", "tier2@contoso.com"},
                                         {"ownerType", "Group"}}}})}));
    EXPECT_TRUE(apply_modifications(rule, i));
    EXPECT_EQ(i.severity, model::severity::high);
    EXPECT_EQ(i.status, model::incident_status::active);
    EXPECT_EQ(i.owner.object_id, "2046feea-040d-4a46-9e2b-91c2941bfa70");
    EXPECT_EQ(i.owner.email, "tier2@contoso.com");
    EXPECT_EQ(i.owner.assigned_to, "Tier 2");
    EXPECT_EQ(i.owner.user_principal_name, "tier2@contoso.com");
    EXPECT_EQ(i.owner.owner_type, model::owner_type::group);
    // A second run changes nothing, and says so.
    EXPECT_FALSE(apply_modifications(rule, i));
}

TEST(automation_rule_actions, closing_sets_the_verdict) {
    auto i = incident();
    const auto rule = rule_with(json::array({modify({{"status", "Closed"},
                                                     {"classification", "FalsePositive"},
                                                     {"classificationReason", "InaccurateData"},
                                                     {"classificationComment", "Test traffic"}})}));
    EXPECT_TRUE(apply_modifications(rule, i));
    EXPECT_EQ(i.status, model::incident_status::closed);
    EXPECT_EQ(i.classification, model::classification::false_positive);
    EXPECT_EQ(i.reason, model::classification_reason::inaccurate_data);
    EXPECT_EQ(i.classification_comment, "Test traffic");
    EXPECT_NO_THROW(model::validate(i));
}

TEST(automation_rule_actions, a_classification_with_one_reason_gets_it) {
    auto i = incident();
    const auto rule = rule_with(
        json::array({modify({{"status", "Closed"}, {"classification", "TruePositive"}})}));
    EXPECT_TRUE(apply_modifications(rule, i));
    EXPECT_EQ(i.reason, model::classification_reason::suspicious_activity);
    EXPECT_NO_THROW(model::validate(i));

    auto undetermined = incident();
    EXPECT_TRUE(apply_modifications(
        rule_with(
            json::array({modify({{"status", "Closed"}, {"classification", "Undetermined"}})})),
        undetermined));
    EXPECT_FALSE(undetermined.reason);
    EXPECT_NO_THROW(model::validate(undetermined));
}

TEST(automation_rule_actions, a_verdict_without_closing_is_ignored_and_reopening_clears_it) {
    auto open = incident();
    const auto verdict_only = rule_with(json::array(
        {modify({{"classification", "BenignPositive"}, {"classificationComment", "expected"}})}));
    EXPECT_FALSE(apply_modifications(verdict_only, open));
    EXPECT_FALSE(open.classification);
    EXPECT_EQ(open.classification_comment, "");

    // On a closed incident a verdict replaces the old one, reason and comment included.
    auto closed = incident();
    closed.status = model::incident_status::closed;
    closed.classification = model::classification::false_positive;
    closed.reason = model::classification_reason::incorrect_alert_logic;
    closed.classification_comment = "old";
    EXPECT_TRUE(apply_modifications(verdict_only, closed));
    EXPECT_EQ(closed.classification, model::classification::benign_positive);
    EXPECT_EQ(closed.reason, model::classification_reason::suspicious_but_expected);
    EXPECT_EQ(closed.classification_comment, "expected");

    EXPECT_TRUE(
        apply_modifications(rule_with(json::array({modify({{"status", "Active"}})})), closed));
    EXPECT_EQ(closed.status, model::incident_status::active);
    EXPECT_FALSE(closed.classification);
    EXPECT_FALSE(closed.reason);
    EXPECT_EQ(closed.classification_comment, "");
}

TEST(automation_rule_actions, labels_are_added_once_and_never_removed) {
    auto i = incident();
    i.labels = {{"VPN", model::label_type::auto_assigned}, {"keep-me", model::label_type::user}};
    const auto rule = rule_with(json::array(
        {label_action({"vpn", "triage", "Triage"}, 1), label_action({"TRIAGE", "p1"}, 2)}));
    EXPECT_TRUE(apply_modifications(rule, i));
    const std::vector<model::label> expected = {{"VPN", model::label_type::auto_assigned},
                                                {"keep-me", model::label_type::user},
                                                {"triage", model::label_type::user},
                                                {"p1", model::label_type::user}};
    EXPECT_EQ(i.labels, expected);
    EXPECT_FALSE(apply_modifications(rule, i));
    EXPECT_EQ(i.labels, expected);
}

TEST(automation_rule_actions, modifications_apply_in_action_order) {
    auto i = incident();
    // Listed out of order: order 1 (Low) runs before order 2 (Informational).
    const auto rule = rule_with(json::array(
        {modify({{"severity", "Informational"}}, 2), modify({{"severity", "Low"}}, 1)}));
    EXPECT_TRUE(apply_modifications(rule, i));
    EXPECT_EQ(i.severity, model::severity::informational);
}

TEST(automation_rule_actions, tasks_and_playbooks_are_listed_in_order_and_modify_ignores_them) {
    const auto rule = rule_with(json::array(
        {playbook_action("notify", 3),
         {{"order", 1},
          {"actionType", "AddIncidentTask"},
          {"actionConfiguration", {{"title", "Reset passwords"}, {"description", "For users"}}}},
         {{"order", 2},
          {"actionType", "AddIncidentTask"},
          {"actionConfiguration", {{"title", "Block IP"}}}}}));
    const auto tasks = tasks_to_add(rule);
    ASSERT_EQ(tasks.size(), 2u);
    EXPECT_EQ(tasks[0].title, "Reset passwords");
    EXPECT_EQ(tasks[0].description, "For users");
    EXPECT_EQ(tasks[1].title, "Block IP");
    EXPECT_EQ(tasks[1].description, "");
    ASSERT_EQ(playbook_calls(rule).size(), 1u);
    auto i = incident();
    EXPECT_FALSE(apply_modifications(rule, i));
}

}  // namespace
}  // namespace tocsin::automation::test
