#pragma once
// Incident creation rules (Sentinel alert rules of kind MicrosoftSecurityIncidentCreation): which
// new alerts become incidents, and the incident an alert becomes. Pure functions; thread-safe.
// The API validates and stores the rules (engine/api/arm_alert_rules.hpp); the alert pipeline
// (alert_router.hpp) applies them.
//
// An alert matches a rule when all of these hold:
//  - the rule is enabled (a disabled rule never matches);
//  - its productName equals one of the rule's products, ignoring case;
//  - its severity is among the rule's severities, or the rule lists none;
//  - its display name contains one of the rule's include substrings (or the rule lists none)
//    and none of its exclude substrings, ignoring case. Case is folded for ASCII letters only,
//    as Sentinel's own filters compare names of English-language products.
//
// The incident an alert becomes (incident_from_alert) is Tocsin's own: providerName "Tocsin",
// not the alert's product. An incident whose providerName is a product is that product's
// incident (as an imported Defender incident is), and the store refuses to relate a product's
// own alerts to it, so the alert could never join the incident made for it. Sentinel does the
// same: incidents its creation rules make have providerName "Azure Sentinel", and the alert's
// product shows in additionalData.alertProductNames (here: summary.alert_product_names).
// Everything else comes from the alert: title (its display name, cut to the incident limit of
// 256 characters), description (cut to 5000), severity, first/last activity (start/end time,
// else its generation time), and the tactics and techniques, which an incident carries only as
// figures derived from its alerts (summary): they are filled in as a preview, and the store
// derives the same once the alert is related. relatedAnalyticRuleIds are the rule ids given
// (rule names from matching_rule_ids; Sentinel writes full alert-rule resource ids there, which
// a caller that has the workspace may pass instead).

#include <string>
#include <vector>

#include "engine/model/alert.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/incident.hpp"
#include "engine/store/store.hpp"

namespace tocsin::automation {

struct creation_rule {
    std::string name;  // the rule's resource name; the id incidents record
    std::string display_name;
    bool enabled = false;
    std::vector<std::string> products;        // at least one
    std::vector<model::severity> severities;  // empty: any
    std::vector<std::string> include_names;   // empty: any
    std::vector<std::string> exclude_names;
    std::string template_name;
};

// The rule in a stored alert rule's properties (productFilter as a name or an array of names).
// Throws tocsin::error(invalid_argument) naming the rule and the property when the stored JSON
// is not what the API stores (a database edited by hand, or written by a newer release), so the
// caller can skip that rule rather than apply a filter it misread.
creation_rule parse_creation_rule(const store::alert_rule& stored);

bool matches(const creation_rule& rule, const model::alert& alert);

// The names of the rules the alert matches, sorted (ignoring case, then as written).
std::vector<std::string> matching_rule_ids(const std::vector<creation_rule>& rules,
                                           const model::alert& alert);

// The incident (status New, not yet stored) the alert becomes; see above.
model::incident incident_from_alert(const model::alert& alert, std::vector<std::string> rule_ids);

}  // namespace tocsin::automation
