#pragma once
// Whether a compiled automation rule's conditions hold for one event's subject, with Sentinel's
// semantics. Pure and thread-safe.
//
// Property conditions: the property's values (automation_rule_properties.hpp says which names
// have values and where they come from) are compared, ASCII case folded, with the condition's
// values. A positive operator holds when ANY property value matches ANY condition value; a Not*
// operator holds when NO property value matches any of them — so a property with no value (an
// incident without hosts, an unsupported name) fails Equals/Contains/… and passes their Not*.
// PropertyChanged: the field change of this update ("severity", "status", "owner"); no change
// of that field, or a Created event, means the condition fails. An owner is compared by each of
// its objectId, email, assignedTo and userPrincipalName. PropertyArrayChanged: the subject's
// added_* lists (labels also from the "labels" field change). PropertyArray: custom details
// (below). Boolean: And / Or. A rule with no conditions holds; the top-level list is an And.
//
// Custom details are those of the alerts (model::alert::additional_data "customDetails", an
// object of key → string or array of strings; Sentinel's "Custom Details" JSON text is read
// too). PropertyArray CustomDetails runs its item conditions once per key, with
// IncidentCustomDetailsKey the key in turn; a nested PropertyArray CustomDetailValues then runs
// per value of that key, with IncidentCustomDetailsValue the value. AnyItem: some item passes
// all item conditions; AllItems: there is at least one item and every item passes (an incident
// without custom details does not satisfy "all of its custom details are …": automation must not
// act on the absence of evidence).

#include <memory>
#include <string>
#include <vector>

#include "engine/automation/automation_rule.hpp"
#include "engine/model/activity.hpp"
#include "engine/model/alert.hpp"
#include "engine/model/entity.hpp"
#include "engine/model/incident.hpp"

namespace tocsin::automation {

// What the conditions look at. Exactly one of incident / alert is set: the incident for
// Incidents triggers, the new alert for Alerts triggers (then Incident* names mean the alert's
// own fields; see automation_rule_properties.hpp). The engine's domain events carry both as
// these shared snapshots.
struct rule_subject {
    std::shared_ptr<const model::incident> incident;
    std::shared_ptr<const model::alert> alert;
    // The incident's alerts and entities, as the store lists them; may be empty. Entity
    // properties are read from `entities` and from the entities of every alert here (and of
    // `alert`), so a caller may pass either.
    std::vector<model::alert> alerts;
    std::vector<model::entity> entities;

    // Updated events only (empty for Created): the incident's field changes, as in
    // incident_updated events, and what this update added.
    std::vector<model::field_change> changes;
    std::vector<std::string> added_alert_ids;
    std::vector<std::string> added_labels;  // label names; also derived from changes
    std::vector<std::string> added_tactics;
    std::vector<std::string> added_comment_ids;
    // Who made the update, for IncidentUpdatedBySource; compared like any property. Sentinel's
    // values: "User", "Application", "AlertGrouping", "Playbook", "AutomationRule". Empty = no
    // value.
    std::string updated_by_source;
};

// True when every top-level condition holds (a rule without conditions always holds).
bool conditions_hold(const compiled_rule& rule, const rule_subject& subject);

// One condition on its own; for explanations and tests.
bool condition_holds(const condition& c, const rule_subject& subject);

// The comparison of one value with a condition's values (positive: any; Not*: none).
bool test_passes(const value_test& test, const std::vector<std::string>& actual);

}  // namespace tocsin::automation
