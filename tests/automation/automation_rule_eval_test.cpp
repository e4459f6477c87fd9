// The four rules every SOC writes first, from the JSON a client PUTs to what the engine does:
// rule_applies → conditions_hold → actions.
#include "engine/model/validation.hpp"
#include "tests/automation/automation_rule_fixtures.hpp"

namespace tocsin::automation::test {
namespace {

const auto now = *parse_time("2026-03-01T12:00:00Z");

bool runs_on_created(const compiled_rule& rule, const rule_subject& subject) {
    return rule_applies(rule, trigger_on::incidents, trigger_when::created, now) &&
           conditions_hold(rule, subject);
}

TEST(automation_rule_typical_uses, tag_every_incident_from_a_product) {
    const auto rule = compiled(json::parse(R"({
        "displayName": "Tag Defender for Endpoint incidents", "order": 10,
        "triggeringLogic": {"isEnabled": true, "triggersOn": "Incidents", "triggersWhen": "Created",
          "conditions": [{"conditionType": "Property", "conditionProperties": {
            "propertyName": "AlertProductNames", "operator": "Equals",
            "propertyValues": ["Microsoft Defender for Endpoint"]}}]},
        "actions": [{"order": 1, "actionType": "ModifyProperties",
          "actionConfiguration": {
            "labels": [{"labelName": "mde"}, {"labelName": "endpoint"}]}}]})"));

    auto from_mde = subject_of(incident("Ransomware activity"));
    from_mde.alerts = {alert("Tocsin Sensor"), alert("microsoft defender for endpoint")};
    ASSERT_TRUE(runs_on_created(rule, from_mde));
    auto changed = *from_mde.incident;
    EXPECT_TRUE(apply_modifications(rule, changed));
    ASSERT_EQ(changed.labels.size(), 2u);
    EXPECT_EQ(changed.labels[0].name, "mde");
    EXPECT_EQ(changed.labels[1].name, "endpoint");

    auto from_other = subject_of(incident("Port scan"));
    from_other.alerts = {alert("Tocsin Sensor")};
    EXPECT_FALSE(runs_on_created(rule, from_other));
}

TEST(automation_rule_typical_uses, assign_high_severity_incidents_to_an_owner) {
    const auto rule = compiled(json::parse(R"({
        "displayName": "High severity to tier 2", "order": 20,
        "triggeringLogic": {"isEnabled": true, "triggersOn": "Incidents", "triggersWhen": "Created",
          "conditions": [{"conditionType": "Property", "conditionProperties": {
            "propertyName": "IncidentSeverity", "operator": "Equals",
            "propertyValues": ["High"]}}]},
        "actions": [{"order": 1, "actionType": "ModifyProperties", "actionConfiguration": {
          "owner": {"email": "tier2@contoso.com", "assignedTo": "Tier 2",
                    "ownerType": "Group"}}}]})"));

    const auto high = subject_of(incident("Credential dumping", model::severity::high));
    ASSERT_TRUE(runs_on_created(rule, high));
    auto assigned = *high.incident;
    EXPECT_TRUE(apply_modifications(rule, assigned));
    EXPECT_EQ(assigned.owner.email, "tier2@contoso.com");
    EXPECT_EQ(assigned.owner.assigned_to, "Tier 2");
    EXPECT_EQ(assigned.owner.owner_type, model::owner_type::group);

    EXPECT_FALSE(runs_on_created(rule, subject_of(incident("Port scan", model::severity::low))));
}

TEST(automation_rule_typical_uses, close_benign_incidents_by_title) {
    const auto rule = compiled(json::parse(R"({
        "displayName": "Close vulnerability scanner noise", "order": 5,
        "triggeringLogic": {"isEnabled": true, "triggersOn": "Incidents", "triggersWhen": "Created",
          "conditions": [
            {"conditionType": "Property", "conditionProperties": {
              "propertyName": "IncidentTitle", "operator": "StartsWith",
              "propertyValues": ["[Scanner]", "Nessus scan from"]}},
            {"conditionType": "Property", "conditionProperties": {
              "propertyName": "IPAddress", "operator": "StartsWith",
              "propertyValues": ["10.20."]}}]},
        "actions": [{"order": 1, "actionType": "ModifyProperties", "actionConfiguration": {
          "status": "Closed", "classification": "BenignPositive",
          "classificationReason": "SuspiciousButExpected",
          "classificationComment": "Authorised vulnerability scanner (change CHG-1042).",
          "labels": [{"labelName": "auto-closed"}]}}]})"));

    auto scan = subject_of(incident("nessus SCAN from 10.20.0.7"));
    scan.entities = {entity(model::entity_kind::ip, {{"address", "10.20.0.7"}})};
    ASSERT_TRUE(runs_on_created(rule, scan));
    auto closed = *scan.incident;
    EXPECT_TRUE(apply_modifications(rule, closed));
    EXPECT_EQ(closed.status, model::incident_status::closed);
    EXPECT_EQ(closed.classification, model::classification::benign_positive);
    EXPECT_EQ(closed.reason, model::classification_reason::suspicious_but_expected);
    EXPECT_EQ(closed.classification_comment, "Authorised vulnerability scanner (change CHG-1042).");
    EXPECT_EQ(closed.labels.at(0).name, "auto-closed");
    EXPECT_NO_THROW(model::validate(closed));

    // The same title from outside the scanner subnet is not closed.
    auto outside = subject_of(incident("Nessus scan from 198.51.100.4"));
    outside.entities = {entity(model::entity_kind::ip, {{"address", "198.51.100.4"}})};
    EXPECT_FALSE(runs_on_created(rule, outside));
}

TEST(automation_rule_typical_uses, run_a_playbook_when_severity_changes_to_high) {
    const auto rule = compiled(json::parse(R"({
        "displayName": "Page on escalation", "order": 1,
        "triggeringLogic": {"isEnabled": true, "triggersOn": "Incidents", "triggersWhen": "Updated",
          "conditions": [{"conditionType": "PropertyChanged", "conditionProperties": {
            "propertyName": "IncidentSeverity", "changeType": "ChangedTo", "operator": "Equals",
            "propertyValues": ["High"]}}]},
        "actions": [{"order": 1, "actionType": "RunPlaybook", "actionConfiguration": {
          "logicAppResourceId":
            "/subscriptions/d0cfe6b2/resourceGroups/soc/providers/Microsoft.Logic/workflows/page-on-call",
          "parameters": {"team": "ir", "urgency": "high"}}}]})"));

    auto escalated = subject_of(incident("Lateral movement", model::severity::high));
    escalated.changes = {{"severity", "Medium", "High"}};
    EXPECT_FALSE(rule_applies(rule, trigger_on::incidents, trigger_when::created, now));
    ASSERT_TRUE(rule_applies(rule, trigger_on::incidents, trigger_when::updated, now));
    ASSERT_TRUE(conditions_hold(rule, escalated));
    const auto calls = playbook_calls(rule);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].playbook, "page-on-call");
    EXPECT_EQ(calls[0].parameters, json({{"team", "ir"}, {"urgency", "high"}}));
    EXPECT_TRUE(tasks_to_add(rule).empty());

    // Already High, another field changed: no page.
    auto retitled = subject_of(incident("Lateral movement (confirmed)", model::severity::high));
    retitled.changes = {{"title", "Lateral movement", "Lateral movement (confirmed)"}};
    EXPECT_FALSE(conditions_hold(rule, retitled));
    // Lowered to Medium: no page.
    auto lowered = subject_of(incident("Lateral movement", model::severity::medium));
    lowered.changes = {{"severity", "High", "Medium"}};
    EXPECT_FALSE(conditions_hold(rule, lowered));
}

}  // namespace
}  // namespace tocsin::automation::test
