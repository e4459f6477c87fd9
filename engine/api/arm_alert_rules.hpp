#pragma once
// Sentinel alert rules (AlertRules.json) of the one kind Tocsin keeps:
// MicrosoftSecurityIncidentCreation, "Microsoft security incident creation rules", which say
// which alerts become incidents. The matcher that applies them is engine/automation/
// creation_rule.hpp; this is the resource shape and what every stored rule satisfies:
//  - kind: required, MicrosoftSecurityIncidentCreation (any case). Sentinel's other kinds
//    (Scheduled, NRT, Fusion, MLBehaviorAnalytics, ThreatIntelligence) run analytics over a log
//    store Tocsin does not have: 400 naming "kind".
//  - displayName: required, non-blank, at most 500 characters. description: optional string.
//  - enabled: required, true or false.
//  - productFilter: required. A product name, as in Sentinel; or, a Tocsin extension ("a rule
//    names the alert products it applies to"), an array of 1 to 50 product names. Stored in the
//    form given, so a GET echoes what was PUT. Any name is accepted (Sentinel's list is open and
//    alerts here come from any product); each is trimmed, non-blank and at most 256
//    characters. Duplicates (ignoring case) are dropped, the first spelling kept.
//  - severitiesFilter: High, Medium, Low, Informational in any case, stored in that spelling
//    without duplicates; empty or absent: every severity.
//  - displayNamesFilter / displayNamesExcludeFilter: up to 50 non-blank substrings each (at most
//    256 characters); the alert's display name must contain one of the first (empty: any) and
//    none of the second, ignoring case. Blank entries are refused rather than dropped: a blank
//    exclusion would exclude everything.
//  - alertRuleTemplateName: optional string.
// The arrays are always stored (empty when absent); description and alertRuleTemplateName only
// when given. Read-only (lastModifiedUtc) and unknown properties a client sends back are
// dropped. The same shape in every supported api-version.

#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/model/workspace.hpp"
#include "engine/store/store.hpp"

namespace tocsin::api {

inline constexpr std::string_view alert_rule_type = "Microsoft.SecurityInsights/alertRules";
inline constexpr std::string_view incident_creation_kind = "MicrosoftSecurityIncidentCreation";

inline constexpr std::size_t max_alert_rule_list = 50;
inline constexpr std::size_t max_alert_rule_text = 256;

// The normalised properties of a PUT body {kind, properties[, etag]}. Throws tocsin::error
// (invalid_argument / missing_field) whose field is "kind" or the full path of the property,
// e.g. "properties.severitiesFilter[1]".
nlohmann::json normalize_alert_rule(const nlohmann::json& body);

// The ARM resource: {id, name, type, kind, etag, properties}, properties with lastModifiedUtc.
nlohmann::json alert_rule_resource(const model::workspace_ref& ws, const store::alert_rule& value);

}  // namespace tocsin::api
