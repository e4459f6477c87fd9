#pragma once
// What a matching rule does, from its compiled actions (already in action order). Pure: the
// caller writes the modified incident, adds the tasks and starts the playbook runs, in the order
// of compiled_rule::actions when it needs to interleave them (Sentinel runs a rule's actions in
// order; Tocsin's engine may apply all modifications in one write first).
//
// ModifyProperties, as Sentinel applies it:
//  - severity, status and owner replace the incident's (the owner as a whole);
//  - classification, classificationReason and classificationComment are a verdict, applied only
//    when the incident is Closed after the action (Sentinel ignores them otherwise). A verdict
//    whose classification admits exactly one reason (TruePositive → SuspiciousActivity,
//    BenignPositive → SuspiciousButExpected) gets that reason when the rule names none, so the
//    close passes model::validate; a FalsePositive without a reason is left for validation to
//    refuse. A new classification replaces the old reason and comment unless the action gives
//    them;
//  - reopening (status other than Closed on a Closed incident) clears the verdict, as
//    model::normalize would on write;
//  - labels are added (type User) unless a label of that name exists, compared case-insensitively;
//    never removed.

#include <vector>

#include "engine/automation/automation_rule.hpp"
#include "engine/model/incident.hpp"

namespace tocsin::automation {

// Applies every ModifyProperties action of the rule in order. True when the incident changed.
bool apply_modifications(const compiled_rule& rule, model::incident& incident);
// One action on its own.
bool apply_modification(const modify_properties& action, model::incident& incident);

// The RunPlaybook actions, in order.
std::vector<playbook_call> playbook_calls(const compiled_rule& rule);

// The AddIncidentTask actions, in order.
std::vector<task_spec> tasks_to_add(const compiled_rule& rule);

}  // namespace tocsin::automation
