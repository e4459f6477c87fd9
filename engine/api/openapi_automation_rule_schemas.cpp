// Sentinel's automation rules (AutomationRules.json, 2025-09-01) and the manual-trigger request
// bodies. Swagger 2.0 models the polymorphic conditions and actions with a discriminator on a
// base definition that each variant extends through allOf; here each variant is a complete
// object and the base is a oneOf over them with a discriminator mapping, the OpenAPI 3 form that
// viewers and generators understand without following the inheritance back.

#include <string>
#include <utility>
#include <vector>

#include "engine/api/automation_rule_vocabulary.hpp"
#include "engine/api/openapi_schema_dsl.hpp"
#include "engine/api/openapi_schemas.hpp"

namespace tocsin::api::openapi {

using namespace dsl;

namespace {

// A oneOf over the variants, discriminated by `property`; `variants` pairs the discriminator
// value with the variant's component name.
json polymorphic(std::string_view description, std::string_view property,
                 const std::vector<std::pair<std::string, std::string>>& variants) {
    json one_of = json::array();
    json mapping = json::object();
    for (const auto& [value, component] : variants) {
        one_of.push_back(schema_ref(component));
        mapping[value] = "#/components/schemas/" + component;
    }
    return with_description(
        {{"oneOf", std::move(one_of)},
         {"discriminator", {{"propertyName", property}, {"mapping", std::move(mapping)}}}},
        description);
}

json condition_variant(std::string_view type, std::string_view properties_component,
                       std::string_view description) {
    return object(description,
                  {{"conditionType", strings({type})},
                   {"conditionProperties", schema_ref(properties_component)}},
                  {"conditionType", "conditionProperties"});
}

json action_variant(std::string_view type, std::string_view configuration_component,
                    std::string_view description) {
    return object(description,
                  {{"order", integer("The order of execution of the action; 1 or more.")},
                   {"actionType", strings({type})},
                   {"actionConfiguration", schema_ref(configuration_component)}},
                  {"order", "actionType", "actionConfiguration"});
}

json operators() {
    return strings(automation_vocabulary::operators);
}

json property_names() {
    return strings(automation_vocabulary::properties_2025,
                   "The incident or entity property a condition tests.");
}

json rule_properties() {
    json order = integer("Rules run in ascending order, 1 to 1000.");
    order["minimum"] = 1;
    order["maximum"] = 1000;
    json display_name = string("The display name of the rule, at most 500 characters.");
    display_name["maxLength"] = 500;
    json actions = array_of(schema_ref("AutomationRuleAction"), "The actions, 1 to 20.");
    actions["minItems"] = 1;
    actions["maxItems"] = 20;
    return object(
        "Automation rule properties. Enum values are accepted in any case and stored in this "
        "spelling; read-only fields sent back from a GET are ignored.",
        {{"displayName", std::move(display_name)},
         {"order", std::move(order)},
         {"triggeringLogic", schema_ref("AutomationRuleTriggeringLogic")},
         {"actions", std::move(actions)},
         {"createdTimeUtc", read_only(date_time("The time the rule was created."))},
         {"lastModifiedTimeUtc", read_only(date_time("The last time the rule was changed."))},
         {"createdBy", read_only_ref("ClientInfo", "Who created the rule.")},
         {"lastModifiedBy", read_only_ref("ClientInfo", "Who last changed the rule.")}},
        {"displayName", "order", "triggeringLogic", "actions", "createdTimeUtc",
         "lastModifiedTimeUtc"});
}

json triggering_logic() {
    json conditions = array_of(schema_ref("AutomationRuleCondition"),
                               "At most 50 conditions, all of "
                               "which must hold.");
    conditions["maxItems"] = 50;
    return object(
        "When the rule runs.",
        {{"isEnabled", boolean("Whether the rule runs.")},
         {"expirationTimeUtc", date_time("The rule stops running after this time.")},
         {"triggersOn", strings(automation_vocabulary::triggers_on,
                                "What the rule runs on. Rules on Alerts run when alerts are "
                                "created and only run playbooks.")},
         {"triggersWhen", strings(automation_vocabulary::triggers_when)},
         {"conditions", std::move(conditions)}},
        {"isEnabled", "triggersOn", "triggersWhen"});
}

json nested_conditions(std::string_view description, int min_items) {
    json out = array_of(schema_ref("AutomationRuleCondition"), description);
    if (min_items > 0)
        out["minItems"] = min_items;
    out["maxItems"] = 10;
    return out;
}

}  // namespace

json automation_rule_schemas() {
    return {
        {"AutomationRule", arm_resource("Represents an automation rule.",
                                        "AutomationRuleProperties", "Automation rule properties.")},
        {"AutomationRuleList", list_of("AutomationRule", "List of automation rules.")},
        {"AutomationRuleProperties", rule_properties()},
        {"AutomationRuleTriggeringLogic", triggering_logic()},
        {"AutomationRuleCondition",
         polymorphic(
             "A condition, by conditionType. PropertyArray and Boolean are 2025-09-01 only.",
             "conditionType",
             {{"Property", "PropertyConditionProperties"},
              {"PropertyArray", "PropertyArrayConditionProperties"},
              {"PropertyChanged", "PropertyChangedConditionProperties"},
              {"PropertyArrayChanged", "PropertyArrayChangedConditionProperties"},
              {"Boolean", "BooleanConditionProperties"}})},
        {"PropertyConditionProperties",
         condition_variant("Property", "AutomationRulePropertyValuesCondition",
                           "The incident's property compares with values.")},
        {"PropertyArrayConditionProperties",
         condition_variant("PropertyArray", "AutomationRulePropertyArrayValuesCondition",
                           "Any or all items of an array property satisfy item conditions.")},
        {"PropertyChangedConditionProperties",
         condition_variant("PropertyChanged", "AutomationRulePropertyValuesChangedCondition",
                           "A property changed from or to values.")},
        {"PropertyArrayChangedConditionProperties",
         condition_variant("PropertyArrayChanged",
                           "AutomationRulePropertyArrayChangedValuesCondition",
                           "Items were added to an array property.")},
        {"BooleanConditionProperties",
         condition_variant("Boolean", "AutomationRuleBooleanCondition",
                           "And/Or over inner conditions.")},
        {"AutomationRulePropertyValuesCondition",
         object("Property condition.",
                {{"propertyName", property_names()},
                 {"operator", operators()},
                 {"propertyValues", array_of(string(), "The values to compare with.")}},
                {"propertyName", "operator"})},
        {"AutomationRulePropertyValuesChangedCondition",
         object("Property-changed condition.",
                {{"propertyName", strings(automation_vocabulary::changed_properties)},
                 {"changeType", strings(automation_vocabulary::changed_types)},
                 {"operator", operators()},
                 {"propertyValues", array_of(string(), "The values to compare with.")}},
                {"propertyName", "changeType"})},
        {"AutomationRulePropertyArrayChangedValuesCondition",
         object("Array-changed condition.",
                {{"arrayType", strings(automation_vocabulary::changed_array_types)},
                 {"changeType", strings(automation_vocabulary::array_change_types)}},
                {"arrayType", "changeType"})},
        {"AutomationRulePropertyArrayValuesCondition",
         object("Array condition.",
                {{"arrayType", strings(automation_vocabulary::array_types)},
                 {"arrayConditionType", strings(automation_vocabulary::array_condition_types)},
                 {"itemConditions", nested_conditions("1 to 10 conditions on each item.", 1)}},
                {"arrayType", "arrayConditionType"})},
        {"AutomationRuleBooleanCondition",
         object("Boolean condition.",
                {{"operator", strings(automation_vocabulary::boolean_operators)},
                 {"innerConditions", nested_conditions("2 to 10 conditions.", 2)}},
                {"operator", "innerConditions"})},
        {"AutomationRuleAction",
         polymorphic("An action, by actionType. AddIncidentTask is 2025-09-01 only.", "actionType",
                     {{"ModifyProperties", "AutomationRuleModifyPropertiesAction"},
                      {"RunPlaybook", "AutomationRuleRunPlaybookAction"},
                      {"AddIncidentTask", "AutomationRuleAddIncidentTaskAction"}})},
        {"AutomationRuleModifyPropertiesAction",
         action_variant("ModifyProperties", "IncidentPropertiesAction",
                        "Changes the incident's properties.")},
        {"AutomationRuleRunPlaybookAction",
         action_variant("RunPlaybook", "PlaybookActionProperties", "Runs a playbook.")},
        {"AutomationRuleAddIncidentTaskAction",
         action_variant("AddIncidentTask", "AddIncidentTaskActionProperties",
                        "Adds a task to the incident.")},
        {"IncidentPropertiesAction",
         object("The incident properties the action sets.",
                {{"severity", schema_ref("IncidentSeverity")},
                 {"status", schema_ref("IncidentStatus")},
                 {"classification", schema_ref("IncidentClassification")},
                 {"classificationReason", schema_ref("IncidentClassificationReason")},
                 {"classificationComment", string("Describes the reason the incident was closed.")},
                 {"owner", schema_ref("IncidentOwnerInfo")},
                 {"labels", array_of(schema_ref("IncidentLabel"), "Labels to add.")}})},
        {"PlaybookActionProperties",
         object("The playbook to run.",
                {{"logicAppResourceId",
                  string("The playbook: its name, or a resource id whose last segment is it.")},
                 {"tenantId", string("Accepted for compatibility; ignored.")},
                 {"parameters", any_object("Tocsin extension: the playbook's parameters, "
                                           "passed to each run the rule starts.")}},
                {"logicAppResourceId"})},
        {"AddIncidentTaskActionProperties",
         object("The task to add.",
                {{"title", string("The title of the task.")},
                 {"description", string("The description of the task.")}},
                {"title"})},
        {"ManualTriggerRequestBody",
         object("The playbook to run on an incident.",
                {{"logicAppsResourceId",
                  string("The playbook: a resource id whose last segment (…/workflows/NAME) "
                         "names it, or its bare name.")},
                 {"tenantId", string("Accepted for compatibility; ignored.")}},
                {"logicAppsResourceId"})},
        {"EntityManualTriggerRequestBody",
         object("The playbook to run on an entity.",
                {{"logicAppsResourceId",
                  string("The playbook: a resource id whose last segment names it, or its bare "
                         "name.")},
                 {"incidentArmId",
                  string("The resource id of an incident the entity is seen in; the run gets "
                         "the incident too.")},
                 {"tenantId", string("Accepted for compatibility; ignored.")}},
                {"logicAppsResourceId"})},
    };
}

}  // namespace tocsin::api::openapi
