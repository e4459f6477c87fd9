#pragma once
// The Sentinel automation-rule resource shape (AutomationRules.json): validation and
// normalisation of the "properties" of a PUT. The rule engine that runs rules is elsewhere;
// this is what it may rely on for every stored rule:
//  - displayName: non-empty string, at most 500 characters;
//  - order: integer 1..1000;
//  - triggeringLogic: isEnabled (bool), triggersOn Incidents|Alerts, triggersWhen
//    Created|Updated, expirationTimeUtc (ISO 8601, optional), conditions (≤ 50);
//  - conditions by conditionType: Property {propertyName, operator, propertyValues[]},
//    PropertyChanged {propertyName IncidentSeverity|IncidentStatus|IncidentOwner, changeType
//    ChangedFrom|ChangedTo, operator?, propertyValues[]}, PropertyArrayChanged {arrayType
//    Alerts|Labels|Tactics|Comments, changeType Added}, PropertyArray {arrayType,
//    arrayConditionType AnyItem|AllItems, itemConditions[] ≤ 10}, Boolean {operator And|Or,
//    innerConditions[2..10]};
//  - actions (1..20), each {order (int ≥ 1), actionType, actionConfiguration}: ModifyProperties
//    (severity, status, classification, classificationReason, classificationComment, owner,
//    labels), RunPlaybook {logicAppResourceId, tenantId?, parameters?}, AddIncidentTask {title,
//    description?}; RunPlaybook's parameters is a Tocsin extension: a JSON object of playbook
//    parameters, kept as given (null = absent);
//  - rules triggered on Alerts run when alerts are created and only run playbooks (as in
//    Sentinel).
// Enum values are accepted in any case and stored in the API's spelling. Version gates are in
// api_version.hpp.

#include <nlohmann/json.hpp>

#include "engine/api/api_version.hpp"

namespace tocsin::api {

// The normalised properties: only the writable fields (read-only ones a client sends back from
// a GET are dropped). Throws tocsin::error (invalid_argument / missing_field) whose field is the
// full path, e.g. "properties.triggeringLogic.conditions[0].conditionProperties.operator".
nlohmann::json normalize_automation_rule(const nlohmann::json& properties, api_version version);

}  // namespace tocsin::api
