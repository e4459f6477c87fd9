// Conditions of automation rules, one kind at a time, with Sentinel's semantics.
#include "tests/automation/automation_rule_fixtures.hpp"

namespace tocsin::automation::test {
namespace {

using model::entity_kind;

rule_subject titled(std::string title) {
    return subject_of(incident(std::move(title)));
}

TEST(automation_rule_conditions, each_operator_and_its_negation_folding_case) {
    const auto s = titled("Brute Force on VPN-GW");
    struct row {
        std::string op;
        std::vector<std::string> values;
        bool expected;
    };
    const std::vector<row> rows = {
        {"Equals", {"brute force on vpn-gw"}, true},
        {"Equals", {"Brute Force"}, false},
        {"NotEquals", {"BRUTE FORCE ON VPN-GW"}, false},
        {"NotEquals", {"Brute Force"}, true},
        {"Contains", {"FORCE on"}, true},
        {"Contains", {"phishing"}, false},
        {"NotContains", {"vpn"}, false},
        {"NotContains", {"phishing"}, true},
        {"StartsWith", {"brute"}, true},
        {"StartsWith", {"force"}, false},
        {"NotStartsWith", {"BRUTE"}, false},
        {"NotStartsWith", {"force"}, true},
        {"EndsWith", {"Vpn-Gw"}, true},
        {"EndsWith", {"brute"}, false},
        {"NotEndsWith", {"-gw"}, false},
        {"NotEndsWith", {"brute"}, true},
        // The values are an OR list for positive operators …
        {"Equals", {"phishing", "brute force on vpn-gw"}, true},
        {"Contains", {"phishing", "malware"}, false},
        // … and "none of them" for negated ones.
        {"NotContains", {"phishing", "vpn"}, false},
        {"NotContains", {"phishing", "malware"}, true},
        {"NotEquals", {"a", "b"}, true},
    };
    for (const auto& r : rows)
        EXPECT_EQ(holds(property("IncidentTitle", r.op, r.values), s), r.expected)
            << r.op << " " << json(r.values).dump();
}

TEST(automation_rule_conditions, incident_fields) {
    auto i = incident("Impossible travel", model::severity::high);
    i.description = "Sign-ins from two continents";
    i.status = model::incident_status::active;
    i.provider_name = "Microsoft XDR";
    const auto s = subject_of(i);
    EXPECT_TRUE(holds(property("IncidentSeverity", "Equals", {"high"}), s));
    EXPECT_FALSE(holds(property("IncidentSeverity", "Equals", {"Medium", "Low"}), s));
    EXPECT_TRUE(holds(property("IncidentStatus", "Equals", {"Active"}), s));
    EXPECT_TRUE(holds(property("IncidentDescription", "Contains", {"continents"}), s));
    EXPECT_TRUE(holds(property("IncidentProviderName", "StartsWith", {"microsoft"}), s));
}

TEST(automation_rule_conditions, multi_valued_properties_match_when_any_value_does) {
    auto i = incident();
    i.labels = {{"vpn", model::label_type::user}, {"Tier-1", model::label_type::auto_assigned}};
    i.summary.tactics = {"InitialAccess"};
    i.summary.alert_product_names = {"Azure Active Directory Identity Protection"};
    auto s = subject_of(i);
    // SecurityAlert's PascalCase field names, as an imported entity may carry them.
    model::entity pascal_case;
    pascal_case.kind = entity_kind::host;
    pascal_case.properties = {{"HostName", "VPN-GW"}};
    s.alerts = {alert("Microsoft Defender for Endpoint",
                      {entity(entity_kind::host, {{"hostName", "fin-ws-014"}})}),
                alert("Tocsin Sensor", {pascal_case})};
    s.alerts[1].tactics = {"CredentialAccess"};

    EXPECT_TRUE(holds(property("IncidentLabel", "Equals", {"tier-1"}), s));
    EXPECT_FALSE(holds(property("IncidentLabel", "NotEquals", {"VPN"}), s));
    EXPECT_TRUE(holds(property("IncidentLabel", "NotEquals", {"closed-by-rule"}), s));

    // Tactics from the summary and from the alerts.
    EXPECT_TRUE(holds(property("IncidentTactics", "Equals", {"InitialAccess"}), s));
    EXPECT_TRUE(holds(property("IncidentTactics", "Equals", {"credentialaccess"}), s));
    EXPECT_FALSE(holds(property("IncidentTactics", "NotContains", {"Access"}), s));

    // Product names from the summary and from the alerts.
    EXPECT_TRUE(holds(property("AlertProductNames", "Contains", {"Identity Protection"}), s));
    EXPECT_TRUE(holds(property("AlertProductNames", "Equals", {"tocsin sensor"}), s));
    EXPECT_TRUE(holds(property("AlertProductNames", "NotEquals", {"Microsoft Cloud App"}), s));

    // Host names from every alert's entities, the field name in any case.
    EXPECT_TRUE(holds(property("HostName", "Equals", {"vpn-gw"}), s));
    EXPECT_TRUE(holds(property("HostName", "StartsWith", {"FIN-"}), s));
    EXPECT_FALSE(holds(property("HostName", "NotStartsWith", {"fin-"}), s));
    EXPECT_TRUE(holds(property("HostName", "NotEquals", {"dc-01"}), s));
}

TEST(automation_rule_conditions, entity_properties_come_from_the_incident_entities) {
    auto s = subject_of(incident());
    s.entities = {entity(entity_kind::ip, {{"address", "10.0.0.5"}}),
                  entity(entity_kind::account, {{"accountName", "alice"}, {"ntDomain", "CORP"}}),
                  entity(entity_kind::url, {{"url", "https://evil.example/login"}}),
                  entity(entity_kind::file_hash, {{"algorithm", "SHA256"}, {"hashValue", "AB12"}}),
                  entity(entity_kind::mailbox, {{"mailboxPrimaryAddress", "ceo@contoso.com"}}),
                  entity(entity_kind::process, {{"processId", 4242}, {"commandLine", "x.exe"}})};
    EXPECT_TRUE(holds(property("IPAddress", "StartsWith", {"10.0."}), s));
    EXPECT_TRUE(holds(property("AccountName", "Equals", {"ALICE"}), s));
    EXPECT_TRUE(holds(property("AccountNTDomain", "Equals", {"corp"}), s));
    EXPECT_TRUE(holds(property("Url", "Contains", {"evil.example"}), s));
    EXPECT_TRUE(holds(property("FileHashValue", "Equals", {"ab12"}), s));
    EXPECT_TRUE(holds(property("MailboxPrimaryAddress", "EndsWith", {"@contoso.com"}), s));
    EXPECT_TRUE(holds(property("ProcessId", "Equals", {"4242"}), s));
    // An IP is not a host: the kind matters, not only the value.
    EXPECT_FALSE(holds(property("HostName", "Equals", {"10.0.0.5"}), s));
}

TEST(automation_rule_conditions, a_property_without_values_fails_positive_and_passes_negated) {
    const auto s = titled("No entities here");
    EXPECT_FALSE(holds(property("HostName", "Equals", {"vpn-gw"}), s));
    EXPECT_FALSE(holds(property("HostName", "Contains", {""}), s));
    EXPECT_TRUE(holds(property("HostName", "NotEquals", {"vpn-gw"}), s));
    EXPECT_FALSE(holds(property("IncidentUpdatedBySource", "Equals", {"User"}), s));
    EXPECT_FALSE(holds(property("IncidentCustomDetailsKey", "Equals", {"Color"}), s));

    // A name outside the vocabulary (a store edited by hand) compiles, and has no value.
    property_condition unknown{"IncidentColour", {comparison::equals, {"red"}}};
    EXPECT_FALSE(condition_holds({unknown}, s));
    unknown.test.op = comparison::not_equals;
    EXPECT_TRUE(condition_holds({unknown}, s));
}

TEST(automation_rule_conditions, updated_by_source) {
    auto s = titled("x");
    s.updated_by_source = "Playbook";
    EXPECT_TRUE(holds(property("IncidentUpdatedBySource", "NotEquals", {"AutomationRule"}), s));
    EXPECT_FALSE(holds(property("IncidentUpdatedBySource", "Equals", {"User"}), s));
}

TEST(automation_rule_conditions, analytic_rule_ids_compare_by_last_segment) {
    auto i = incident();
    i.related_analytic_rule_ids = {"brute-force-vpn"};
    auto s = subject_of(i);
    s.alerts = {alert("Tocsin Sensor")};
    s.alerts[0].additional_data = {{"Analytic Rule Ids", R"(["8deb8303-e94d-46ff"])"}};
    const std::string arm =
        "/subscriptions/d0cfe6b2/resourceGroups/myRg/providers/Microsoft.OperationalInsights/"
        "workspaces/myWorkspace/providers/Microsoft.SecurityInsights/alertRules/";
    EXPECT_TRUE(holds(property("IncidentRelatedAnalyticRuleIds", "Contains",
                               {arm + "fab3d2d4", arm + "brute-force-vpn"}),
                      s));
    EXPECT_TRUE(
        holds(property("IncidentRelatedAnalyticRuleIds", "Equals", {"Brute-Force-VPN"}), s));
    EXPECT_FALSE(holds(property("IncidentRelatedAnalyticRuleIds", "Equals", {arm + "other"}), s));
    EXPECT_TRUE(holds(property("AlertAnalyticRuleIds", "Equals", {arm + "8deb8303-e94d-46ff"}), s));
    EXPECT_TRUE(holds(property("AlertAnalyticRuleIds", "Equals", {"brute-force-vpn"}), s));
}

TEST(automation_rule_conditions, an_alert_subject_answers_with_its_own_fields) {
    rule_subject s;
    auto a = alert("Microsoft Defender for Cloud",
                   {entity(entity_kind::ip, {{"address", "203.0.113.9"}})});
    a.display_name = "Suspicious process executed";
    a.severity = model::severity::high;
    a.tactics = {"Execution"};
    a.additional_data = {{"analyticRuleIds", {"rule-7"}}};
    s.alert = std::make_shared<const model::alert>(a);
    EXPECT_TRUE(holds(property("IncidentTitle", "Contains", {"process"}), s));
    EXPECT_TRUE(holds(property("IncidentSeverity", "Equals", {"High"}), s));
    EXPECT_TRUE(holds(property("IncidentTactics", "Equals", {"Execution"}), s));
    EXPECT_TRUE(holds(property("AlertProductNames", "EndsWith", {"for cloud"}), s));
    EXPECT_TRUE(holds(property("IncidentRelatedAnalyticRuleIds", "Equals", {"rule-7"}), s));
    EXPECT_TRUE(holds(property("IPAddress", "Equals", {"203.0.113.9"}), s));
    // Incident-only properties have no value for an alert.
    EXPECT_FALSE(holds(property("IncidentStatus", "Equals", {"New"}), s));
    EXPECT_FALSE(holds(property("IncidentLabel", "Contains", {""}), s));
}

// ---- PropertyChanged ----

rule_subject updated(std::vector<model::field_change> changes) {
    auto s = titled("Updated incident");
    s.changes = std::move(changes);
    return s;
}

TEST(automation_rule_conditions, severity_changed_from_and_to) {
    const auto s = updated({{"severity", "Medium", "High"}});
    EXPECT_TRUE(holds(changed("IncidentSeverity", "ChangedTo", "Equals", {"high"}), s));
    EXPECT_FALSE(holds(changed("IncidentSeverity", "ChangedTo", "Equals", {"Medium"}), s));
    EXPECT_TRUE(holds(changed("IncidentSeverity", "ChangedFrom", "Equals", {"Low", "Medium"}), s));
    EXPECT_FALSE(holds(changed("IncidentSeverity", "ChangedFrom", "NotEquals", {"Medium"}), s));
    EXPECT_TRUE(holds(changed("IncidentSeverity", "ChangedTo", "NotEquals", {"Low"}), s));
    // Another field's change does not make severity "changed".
    const auto other = updated({{"title", "a", "b"}});
    EXPECT_FALSE(holds(changed("IncidentSeverity", "ChangedTo", "Equals", {"High"}), other));
    EXPECT_FALSE(holds(changed("IncidentSeverity", "ChangedTo", "NotEquals", {"High"}), other));
}

TEST(automation_rule_conditions, status_changed) {
    const auto s = updated({{"severity", "Low", "Medium"}, {"status", "Active", "Closed"}});
    EXPECT_TRUE(holds(changed("IncidentStatus", "ChangedTo", "Equals", {"Closed"}), s));
    EXPECT_TRUE(holds(changed("IncidentStatus", "ChangedFrom", "Equals", {"active"}), s));
    EXPECT_FALSE(holds(changed("IncidentStatus", "ChangedFrom", "Equals", {"New"}), s));
}

TEST(automation_rule_conditions, a_change_without_values_is_any_change) {
    json any_change = {
        {"conditionType", "PropertyChanged"},
        {"conditionProperties", {{"propertyName", "IncidentStatus"}, {"changeType", "ChangedTo"}}}};
    EXPECT_TRUE(holds(any_change, updated({{"status", "New", "Active"}})));
    EXPECT_FALSE(holds(any_change, updated({{"severity", "Low", "High"}})));
    EXPECT_FALSE(holds(any_change, titled("A created incident has no changes")));
}

TEST(automation_rule_conditions, owner_changed_compares_every_identifier) {
    const json before = {{"ownerType", "Unknown"}};
    const json after = {{"objectId", "2046feea-040d-4a46-9e2b-91c2941bfa70"},
                        {"email", "Alice@Contoso.com"},
                        {"assignedTo", "Alice Jones"},
                        {"userPrincipalName", "alice@contoso.com"},
                        {"ownerType", "User"}};
    const auto s = updated({{"owner", before, after}});
    EXPECT_TRUE(holds(changed("IncidentOwner", "ChangedTo", "Equals", {"alice@contoso.com"}), s));
    EXPECT_TRUE(holds(
        changed("IncidentOwner", "ChangedTo", "Equals", {"2046FEEA-040D-4A46-9E2B-91C2941BFA70"}),
        s));
    EXPECT_TRUE(holds(changed("IncidentOwner", "ChangedTo", "StartsWith", {"alice j"}), s));
    EXPECT_FALSE(holds(changed("IncidentOwner", "ChangedTo", "NotEquals", {"Alice Jones"}), s));
    EXPECT_TRUE(holds(changed("IncidentOwner", "ChangedTo", "NotEquals", {"bob@contoso.com"}), s));
    // Unassigned before: no identifier, so "changed from bob" fails and "not from bob" holds.
    EXPECT_FALSE(holds(changed("IncidentOwner", "ChangedFrom", "Equals", {"bob@contoso.com"}), s));
    EXPECT_TRUE(
        holds(changed("IncidentOwner", "ChangedFrom", "NotEquals", {"bob@contoso.com"}), s));
}

// ---- PropertyArrayChanged ----

TEST(automation_rule_conditions, labels_added_from_the_list_or_from_the_labels_change) {
    auto s = titled("x");
    EXPECT_FALSE(holds(array_added("Labels"), s));
    s.added_labels = {"vpn"};
    EXPECT_TRUE(holds(array_added("Labels"), s));

    const json before = json::array({{{"labelName", "vpn"}, {"labelType", "User"}}});
    const json after = json::array({{{"labelName", "vpn"}, {"labelType", "User"}},
                                    {{"labelName", "p1"}, {"labelType", "User"}}});
    EXPECT_TRUE(holds(array_added("Labels"), updated({{"labels", before, after}})));
    // A removal (or a rename in case only) adds nothing.
    EXPECT_FALSE(holds(array_added("Labels"), updated({{"labels", after, before}})));
    const json upper = json::array({{{"labelName", "VPN"}, {"labelType", "User"}}});
    EXPECT_FALSE(holds(array_added("Labels"), updated({{"labels", before, upper}})));
}

TEST(automation_rule_conditions, alerts_tactics_and_comments_added) {
    auto s = titled("x");
    for (const char* array : {"Alerts", "Tactics", "Comments"})
        EXPECT_FALSE(holds(array_added(array), s)) << array;
    s.added_alert_ids = {"alert-9"};
    EXPECT_TRUE(holds(array_added("Alerts"), s));
    EXPECT_FALSE(holds(array_added("Comments"), s));
    s.added_tactics = {"Persistence"};
    s.added_comment_ids = {"c-1"};
    EXPECT_TRUE(holds(array_added("Tactics"), s));
    EXPECT_TRUE(holds(array_added("Comments"), s));
}

// ---- Boolean and PropertyArray ----

TEST(automation_rule_conditions, nested_and_or) {
    auto i = incident("VPN brute force", model::severity::high);
    i.labels = {{"vpn", model::label_type::user}};
    const auto s = subject_of(i);
    const auto high = property("IncidentSeverity", "Equals", {"High"});
    const auto low = property("IncidentSeverity", "Equals", {"Low"});
    const auto vpn = property("IncidentTitle", "Contains", {"vpn"});
    const auto phish = property("IncidentTitle", "Contains", {"phish"});
    EXPECT_TRUE(holds(boolean("And", {high, vpn}), s));
    EXPECT_FALSE(holds(boolean("And", {high, phish}), s));
    EXPECT_TRUE(holds(boolean("Or", {low, vpn}), s));
    EXPECT_FALSE(holds(boolean("Or", {low, phish}), s));
    // (Low or (High and vpn)) and not-labelled-p1
    const auto nested = boolean("And", {boolean("Or", {low, boolean("And", {high, vpn})}),
                                        property("IncidentLabel", "NotEquals", {"p1"})});
    EXPECT_TRUE(holds(nested, s));
    // The top-level list is an And too.
    EXPECT_FALSE(conditions_hold(compiled(rule_json({high, phish})), s));
    EXPECT_TRUE(conditions_hold(compiled(rule_json({high, vpn})), s));
}

TEST(automation_rule_conditions, a_rule_without_conditions_holds) {
    EXPECT_TRUE(conditions_hold(compiled(rule_json(json::array())), titled("anything")));
}

rule_subject with_custom_details(json details) {
    auto s = titled("x");
    s.alerts = {alert("Tocsin Sensor"), alert("Other")};
    s.alerts[0].additional_data = {{"customDetails", std::move(details)}};
    // Sentinel's ExtendedProperties form: JSON text under "Custom Details".
    s.alerts[1].additional_data = {{"Custom Details", R"({"Region": ["EU"]})"}};
    return s;
}

TEST(automation_rule_conditions, any_and_all_custom_details) {
    const auto s = with_custom_details({{"Color", {"Red", "Blue"}}, {"Owner", "soc"}});
    const auto key_is = [](std::string key) {
        return property("IncidentCustomDetailsKey", "Equals", {std::move(key)});
    };
    const auto values_where = [](std::string any_or_all, std::string op, std::string v) {
        return property_array(
            "CustomDetailValues", std::move(any_or_all),
            json::array({property("IncidentCustomDetailsValue", std::move(op), {std::move(v)})}));
    };
    // Some key is Color and some of its values is red.
    EXPECT_TRUE(holds(property_array("CustomDetails", "AnyItem",
                                     {key_is("color"), values_where("AnyItem", "Equals", "RED")}),
                      s));
    // Color's values are not all red.
    EXPECT_FALSE(holds(property_array("CustomDetails", "AnyItem",
                                      {key_is("Color"), values_where("AllItems", "Equals", "Red")}),
                       s));
    // The value scope is the key in scope: Owner's only value is soc.
    EXPECT_TRUE(holds(property_array("CustomDetails", "AnyItem",
                                     {key_is("Owner"), values_where("AllItems", "Equals", "SOC")}),
                      s));
    EXPECT_FALSE(holds(property_array("CustomDetails", "AnyItem",
                                      {key_is("Owner"), values_where("AnyItem", "Equals", "Red")}),
                       s));
    // Keys from both alerts, in both forms.
    EXPECT_TRUE(
        holds(property_array("CustomDetails", "AnyItem", json::array({key_is("region")})), s));
    EXPECT_FALSE(
        holds(property_array("CustomDetails", "AllItems", json::array({key_is("Color")})), s));
    EXPECT_TRUE(holds(
        property_array("CustomDetails", "AllItems",
                       json::array({property("IncidentCustomDetailsKey", "NotEquals", {"Size"})})),
        s));
    // Outside a PropertyArray, the names cover every key and every value.
    EXPECT_TRUE(holds(property("IncidentCustomDetailsValue", "Equals", {"eu"}), s));
    EXPECT_TRUE(holds(values_where("AnyItem", "Equals", "blue"), s));
}

TEST(automation_rule_conditions, all_items_of_nothing_is_false_any_item_of_nothing_is_false) {
    const auto s = titled("No custom details");
    const auto not_size = property("IncidentCustomDetailsKey", "NotEquals", {"Size"});
    EXPECT_FALSE(holds(property_array("CustomDetails", "AllItems", json::array({not_size})), s));
    EXPECT_FALSE(holds(property_array("CustomDetails", "AnyItem", json::array({not_size})), s));
}

}  // namespace
}  // namespace tocsin::automation::test
