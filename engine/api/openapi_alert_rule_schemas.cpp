// Sentinel's alert rules (AlertRules.json), of the one kind Tocsin serves:
// MicrosoftSecurityIncidentCreation. Sentinel's AlertRule is a base discriminated by kind over
// six kinds; with one kind there is nothing to discriminate, so the resource is described
// directly, its kind an enum of one value.

#include "engine/api/arm_alert_rules.hpp"
#include "engine/api/openapi_schema_dsl.hpp"
#include "engine/api/openapi_schemas.hpp"

namespace tocsin::api::openapi {

using namespace dsl;

namespace {

json limited(json list, std::size_t max_items) {
    list["maxItems"] = max_items;
    return list;
}

json product_filter() {
    json several =
        limited(array_of(string(), "Tocsin: several product names."), max_alert_rule_list);
    several["minItems"] = 1;
    return with_description(
        {{"oneOf", json::array({string("A product name, as Sentinel has it."), several})}},
        "The products whose alerts the rule turns into incidents, compared with the alert's "
        "productName ignoring case. A GET answers in the form the PUT used.");
}

json rule_properties() {
    json display_name = string("The display name of the rule, at most 500 characters.");
    display_name["maxLength"] = 500;
    return object(
        "Incident creation rule properties. Read-only and unknown fields sent back from a GET "
        "are ignored.",
        {{"displayName", std::move(display_name)},
         {"description", string("The description of the rule.")},
         {"enabled", boolean("Whether the rule creates incidents.")},
         {"productFilter", product_filter()},
         {"severitiesFilter",
          limited(array_of(schema_ref("IncidentSeverity"),
                           "Alert severities the rule applies to; empty or absent: all."),
                  model::enum_names<model::severity>::values.size())},
         {"displayNamesFilter",
          limited(array_of(string(),
                           "The alert's display name must contain one of these, ignoring case; "
                           "empty or absent: any name."),
                  max_alert_rule_list)},
         {"displayNamesExcludeFilter",
          limited(array_of(string(),
                           "The alert's display name must contain none of these, ignoring "
                           "case."),
                  max_alert_rule_list)},
         {"alertRuleTemplateName",
          string("The name of the alert rule template the rule was made from.")},
         {"lastModifiedUtc", read_only(date_time("The last time the rule was changed."))}},
        {"displayName", "enabled", "productFilter", "lastModifiedUtc"});
}

json alert_rule() {
    json out = arm_resource("An incident creation rule (Microsoft security incident creation).",
                            "MicrosoftSecurityIncidentCreationAlertRuleProperties",
                            "Incident creation rule properties.");
    out["properties"]["kind"] = strings(
        {incident_creation_kind},
        "The kind of the alert rule; Tocsin supports MicrosoftSecurityIncidentCreation only "
        "(400 for the others).");
    out["required"].push_back("kind");
    return out;
}

}  // namespace

json alert_rule_schemas() {
    return {
        {"MicrosoftSecurityIncidentCreationAlertRule", alert_rule()},
        {"MicrosoftSecurityIncidentCreationAlertRuleProperties", rule_properties()},
        {"AlertRulesList",
         list_of("MicrosoftSecurityIncidentCreationAlertRule", "List of alert rules.")},
    };
}

}  // namespace tocsin::api::openapi
