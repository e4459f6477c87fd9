#pragma once
// Where the values of a Property condition's propertyName come from. Every name of
// automation_vocabulary::properties_2025 has a source; a name outside it (a store edited by
// hand) has no value. All values are text; a property may have none, one or many.
//
// For an incident subject:
//   IncidentTitle, IncidentDescription, IncidentSeverity, IncidentStatus, IncidentProviderName
//       the incident's field (one value each, even when empty);
//   IncidentLabel               the label names;
//   IncidentTactics             the incident summary's tactics and its alerts' tactics;
//   IncidentRelatedAnalyticRuleIds  relatedAnalyticRuleIds;
//   AlertAnalyticRuleIds        the alerts' analytic rule ids (additional_data "analyticRuleIds",
//                               an array or text, or Sentinel's "Analytic Rule Ids" JSON text)
//                               and relatedAnalyticRuleIds, which Tocsin fills from them;
//   AlertProductNames           the summary's alertProductNames and the alerts' productName;
//   IncidentUpdatedBySource     rule_subject::updated_by_source;
//   IncidentCustomDetailsKey/Value  the alerts' custom details (automation_rule_conditions.hpp);
//   every other name            an entity field (table in the .cpp), e.g. HostName = the
//                               hostName of Host entities, IPAddress = the address of Ip
//                               entities, Url = the url of Url entities, FileHashValue = the
//                               hashValue of FileHash entities, MailboxPrimaryAddress = the
//                               mailboxPrimaryAddress of Mailbox entities; entity field names
//                               match case-insensitively, so SecurityAlert's PascalCase works.
// For an alert subject (Alerts triggers): IncidentTitle/Description/Severity/Tactics are the
// alert's displayName/description/severity/tactics; both analytic-rule-id names are its rule
// ids; AlertProductNames its productName; custom details and entities its own. The
// incident-only names (status, labels, provider, updated-by) have no value.
//
// Analytic rule ids compare by their last path segment on both sides, so a rule written with
// Sentinel's full alertRules resource ids matches Tocsin's rule names and vice versa.

#include <string>
#include <string_view>
#include <vector>

#include "engine/automation/automation_rule_conditions.hpp"

namespace tocsin::automation {

struct custom_detail {
    std::string key;
    std::vector<std::string> values;
};

// The subject's custom details, keys merged across alerts in first-seen order.
std::vector<custom_detail> custom_details_of(const rule_subject& subject);

// The item a PropertyArray condition is iterating over; null members are "not in scope".
struct item_scope {
    const custom_detail* detail = nullptr;
    const std::string* value = nullptr;
};

std::vector<std::string> property_values(std::string_view property, const rule_subject& subject,
                                         const item_scope& scope = {});

// True for the names whose values are resource ids compared by their last path segment.
bool compares_by_last_segment(std::string_view property);

}  // namespace tocsin::automation
