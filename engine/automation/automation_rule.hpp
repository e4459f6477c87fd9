#pragma once
// A stored Sentinel automation rule (store::automation_rule, whose properties satisfy the
// contract in engine/api/arm_automation_rules.hpp) compiled once into typed form, so that the
// engine evaluates typed data per event instead of re-reading JSON. Pure: no I/O, no clock, no
// shared state; every function here is thread-safe and a compiled_rule is immutable data.
//
// The evaluator is split by job:
//  - automation_rule.hpp (this file): the compiled form, compile_rule, rule_applies;
//  - automation_rule_conditions.hpp: rule_subject and conditions_hold;
//  - automation_rule_properties.hpp: which Property condition names have values, and from where;
//  - automation_rule_actions.hpp: apply_modifications, playbook_calls, tasks_to_add.
//
// How the engine uses it, per event and workspace: list the rules (the store lists them by
// order, then name), compile each (cache by name + etag), keep those where rule_applies, and for
// each in that order, if conditions_hold, perform its actions in action order. As in Sentinel,
// a later rule sees what an earlier one changed: rebuild the subject's incident after
// apply_modifications before evaluating the next rule.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/incident.hpp"
#include "engine/store/store.hpp"

namespace tocsin::automation {

enum class trigger_on { incidents, alerts };
enum class trigger_when { created, updated };

// Property operators. Every comparison folds ASCII case. The values of a condition are an OR
// list for the positive operators and an AND-of-negations for the Not* ones, so NotX is exactly
// "not X" over the same values.
enum class comparison {
    equals,
    not_equals,
    contains,
    not_contains,
    starts_with,
    not_starts_with,
    ends_with,
    not_ends_with,
};

struct value_test {
    comparison op = comparison::equals;
    std::vector<std::string> values;
};

struct condition;

// conditionType Property: the named property (a name of automation_vocabulary::properties_2025,
// in its API spelling) tested against the values.
struct property_condition {
    std::string property;
    value_test test;
};

// conditionType PropertyChanged: holds only when this update changed the property, and the
// value before (changed_from) or after (!changed_from) passes the test. Without an operator the
// stored rule means Equals; without values, any change of the property holds.
struct property_changed_condition {
    enum class property { severity, status, owner };
    property what = property::severity;
    bool changed_from = false;
    value_test test;
};

// conditionType PropertyArrayChanged (changeType Added, the only one Sentinel has): holds when
// this update added at least one item of the array.
struct property_array_changed_condition {
    enum class array { alerts, labels, tactics, comments };
    array what = array::alerts;
};

// conditionType PropertyArray: the item conditions (all of them) hold for any / all of the
// incident's custom details (keys), or of the values of the custom detail in scope.
struct property_array_condition {
    enum class array { custom_details, custom_detail_values };
    array what = array::custom_details;
    bool all_items = false;  // AllItems; false = AnyItem
    std::vector<condition> item_conditions;
};

// conditionType Boolean: And (all) / Or (any) over the inner conditions.
struct boolean_condition {
    bool all = true;
    std::vector<condition> inner;
};

struct condition {
    std::variant<property_condition, property_changed_condition, property_array_changed_condition,
                 property_array_condition, boolean_condition>
        test;
};

// ModifyProperties. Unset fields are left alone. Labels are only ever added.
struct modify_properties {
    std::optional<model::severity> severity;
    std::optional<model::incident_status> status;
    std::optional<model::classification> classification;
    std::optional<model::classification_reason> classification_reason;
    std::optional<std::string> classification_comment;
    std::optional<model::owner_info> owner;
    std::vector<std::string> labels;
};

// RunPlaybook: the playbook is the last path segment of actionConfiguration.logicAppResourceId
// (so an ARM id ".../Microsoft.Logic/workflows/enrich-ip" and a bare "enrich-ip" both name
// "enrich-ip"); parameters is the Tocsin extension actionConfiguration.parameters, {} if absent.
struct playbook_call {
    std::string playbook;
    nlohmann::json parameters = nlohmann::json::object();
};

// AddIncidentTask.
struct task_spec {
    std::string title;
    std::string description;
};

struct rule_action {
    int order = 1;
    std::variant<modify_properties, playbook_call, task_spec> what;
};

struct compiled_rule {
    std::string name;  // the resource name (store::automation_rule::name)
    std::string display_name;
    int order = 1;
    bool enabled = false;
    trigger_on triggers_on = trigger_on::incidents;
    trigger_when triggers_when = trigger_when::created;
    std::optional<time_point> expiration;
    std::vector<condition> conditions;  // all must hold; none = always
    std::vector<rule_action> actions;   // sorted by order; equal orders keep their stored order
};

// Throws tocsin::error(invalid_argument or missing_field) naming the rule in the message and the
// offending path in field (e.g. "properties.actions[0].actionType") when the stored properties
// break the contract. Validation at PUT makes that a bug or a hand-edited store, never a crash.
compiled_rule compile_rule(const store::automation_rule& stored);

// Enabled, triggered by this kind of event, and not expired at `now` (a rule expires at its
// expirationTimeUtc: from that instant on it no longer runs).
bool rule_applies(const compiled_rule& rule, trigger_on on, trigger_when when, time_point now);

// The last path segment of a playbook reference, trailing slashes ignored: ARM ids and bare
// names both work. Empty for an empty or all-slash text.
std::string playbook_name_of(std::string_view logic_app_resource_id);

}  // namespace tocsin::automation
