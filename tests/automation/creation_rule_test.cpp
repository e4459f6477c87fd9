// Incident creation rules: reading stored rules, matching alerts, and the incident an alert
// becomes.

#include "engine/automation/creation_rule.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/api/arm_alert_rules.hpp"
#include "engine/error.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::test {
namespace {

using automation::creation_rule;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

store::alert_rule stored(std::string name, json properties) {
    store::alert_rule r;
    r.name = std::move(name);
    r.properties = std::move(properties);
    return r;
}

creation_rule rule(std::string name, std::vector<std::string> products) {
    creation_rule r;
    r.name = std::move(name);
    r.display_name = "Rule " + r.name;
    r.enabled = true;
    r.products = std::move(products);
    return r;
}

model::alert alert(std::string display_name, std::string product = "Contoso EDR",
                   model::severity severity = model::severity::high) {
    model::alert a;
    a.system_alert_id = "a-1";
    a.display_name = std::move(display_name);
    a.product_name = std::move(product);
    a.severity = severity;
    a.time_generated = time_point{std::chrono::milliseconds{1735689600000}};
    return a;
}

std::string field_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const error& e) {
        return e.field();
    }
    return "<no error>";
}

TEST(creation_rule_parse, reads_every_property) {
    const auto r = automation::parse_creation_rule(
        stored("edr", {{"displayName", "EDR high"},
                       {"enabled", true},
                       {"productFilter", {"Contoso EDR", "Fabrikam Mail"}},
                       {"severitiesFilter", {"High", "Medium"}},
                       {"displayNamesFilter", {"ransom"}},
                       {"displayNamesExcludeFilter", {"test"}},
                       {"alertRuleTemplateName", "tmpl-1"}}));
    EXPECT_EQ(r.name, "edr");
    EXPECT_EQ(r.display_name, "EDR high");
    EXPECT_TRUE(r.enabled);
    EXPECT_THAT(r.products, ElementsAre("Contoso EDR", "Fabrikam Mail"));
    EXPECT_THAT(r.severities, ElementsAre(model::severity::high, model::severity::medium));
    EXPECT_THAT(r.include_names, ElementsAre("ransom"));
    EXPECT_THAT(r.exclude_names, ElementsAre("test"));
    EXPECT_EQ(r.template_name, "tmpl-1");
}

TEST(creation_rule_parse, a_single_product_name_is_sentinels_form) {
    const auto r = automation::parse_creation_rule(
        stored("mcas", {{"displayName", "Cloud apps"},
                        {"enabled", false},
                        {"productFilter", "Microsoft Cloud App Security"}}));
    EXPECT_THAT(r.products, ElementsAre("Microsoft Cloud App Security"));
    EXPECT_FALSE(r.enabled);
    EXPECT_THAT(r.severities, IsEmpty());
    EXPECT_THAT(r.include_names, IsEmpty());
    EXPECT_THAT(r.exclude_names, IsEmpty());
}

TEST(creation_rule_parse, unreadable_rules_are_errors_naming_the_property) {
    const json valid = {{"displayName", "x"}, {"enabled", true}, {"productFilter", "P"}};
    const auto field = [&](const std::function<void(json&)>& edit) {
        json p = valid;
        edit(p);
        return field_of([&] { automation::parse_creation_rule(stored("r", p)); });
    };
    EXPECT_EQ(field([](json&) {}), "<no error>");
    EXPECT_EQ(field([](json& p) { p.erase("enabled"); }), "properties.enabled");
    EXPECT_EQ(field([](json& p) { p["enabled"] = "yes"; }), "properties.enabled");
    EXPECT_EQ(field([](json& p) { p.erase("productFilter"); }), "properties.productFilter");
    EXPECT_EQ(field([](json& p) { p["productFilter"] = json::array(); }),
              "properties.productFilter");
    EXPECT_EQ(field([](json& p) { p["productFilter"] = {1}; }), "properties.productFilter");
    // An unknown severity is not dropped (which would widen the filter to every severity).
    EXPECT_EQ(field([](json& p) {
                  p["severitiesFilter"] = {"High", "Severe"};
              }),
              "properties.severitiesFilter");
    EXPECT_EQ(field([](json& p) { p["displayNamesFilter"] = "ransom"; }),
              "properties.displayNamesFilter");
    EXPECT_EQ(field_of([] { automation::parse_creation_rule(stored("r", json::array())); }),
              "properties");

    try {
        json p = valid;
        p["severitiesFilter"] = {"Severe"};
        automation::parse_creation_rule(stored("edr-rule", p));
        FAIL() << "accepted";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::invalid_argument);
        EXPECT_STREQ(e.what(),
                     "Stored alert rule 'edr-rule' has an unreadable properties.severitiesFilter: "
                     "'Severe' is not a severity.");
    }
}

TEST(creation_rule_match, product_compares_ignoring_case) {
    const auto r = rule("edr", {"Contoso EDR", "Fabrikam Mail"});
    EXPECT_TRUE(automation::matches(r, alert("Ransomware", "contoso edr")));
    EXPECT_TRUE(automation::matches(r, alert("Ransomware", "FABRIKAM MAIL")));
    EXPECT_FALSE(automation::matches(r, alert("Ransomware", "Contoso EDR 2")));
    EXPECT_FALSE(automation::matches(r, alert("Ransomware", "")));
}

TEST(creation_rule_match, disabled_rules_never_match) {
    auto r = rule("edr", {"Contoso EDR"});
    r.enabled = false;
    EXPECT_FALSE(automation::matches(r, alert("Ransomware")));
}

TEST(creation_rule_match, severities_filter_or_any) {
    auto r = rule("edr", {"Contoso EDR"});
    for (auto s : {model::severity::high, model::severity::medium, model::severity::low,
                   model::severity::informational})
        EXPECT_TRUE(automation::matches(r, alert("x", "Contoso EDR", s)));
    r.severities = {model::severity::high, model::severity::medium};
    EXPECT_TRUE(automation::matches(r, alert("x", "Contoso EDR", model::severity::high)));
    EXPECT_TRUE(automation::matches(r, alert("x", "Contoso EDR", model::severity::medium)));
    EXPECT_FALSE(automation::matches(r, alert("x", "Contoso EDR", model::severity::low)));
    EXPECT_FALSE(automation::matches(r, alert("x", "Contoso EDR", model::severity::informational)));
}

TEST(creation_rule_match, display_name_includes_any_and_excludes_all) {
    auto r = rule("edr", {"Contoso EDR"});
    r.include_names = {"Ransom", "credential DUMP"};
    EXPECT_TRUE(automation::matches(r, alert("Possible RANSOMWARE activity")));
    EXPECT_TRUE(automation::matches(r, alert("Credential dump from lsass")));
    EXPECT_FALSE(automation::matches(r, alert("Suspicious sign-in")));

    r.exclude_names = {"test", "SIMULATION"};
    EXPECT_FALSE(automation::matches(r, alert("Ransomware simulation")));
    EXPECT_FALSE(automation::matches(r, alert("TEST: ransomware")));
    EXPECT_TRUE(automation::matches(r, alert("Ransomware on fs-01")));

    // Exclusions alone: every name but those.
    r.include_names.clear();
    EXPECT_TRUE(automation::matches(r, alert("Suspicious sign-in")));
    EXPECT_FALSE(automation::matches(r, alert("Attack simulation training")));
}

TEST(creation_rule_match, matching_rule_ids_are_the_sorted_names_of_matches) {
    auto high_only = rule("b-high", {"Contoso EDR"});
    high_only.severities = {model::severity::high};
    auto disabled = rule("a-disabled", {"Contoso EDR"});
    disabled.enabled = false;
    const std::vector<creation_rule> rules = {rule("Z-edr", {"Contoso EDR"}), high_only,
                                              rule("mail", {"Fabrikam Mail"}), disabled,
                                              rule("a-edr", {"contoso edr"})};
    EXPECT_THAT(automation::matching_rule_ids(rules, alert("Ransomware")),
                ElementsAre("a-edr", "b-high", "Z-edr"));
    EXPECT_THAT(automation::matching_rule_ids(
                    rules, alert("Ransomware", "Contoso EDR", model::severity::low)),
                ElementsAre("a-edr", "Z-edr"));
    EXPECT_THAT(automation::matching_rule_ids(rules, alert("Ransomware", "Other")), IsEmpty());
    EXPECT_THAT(automation::matching_rule_ids({}, alert("Ransomware")), IsEmpty());
}

TEST(creation_rule_match, rules_as_the_api_stores_them_match_as_written) {
    // The API's normalisation and the matcher agree: the stored form is what the matcher reads.
    const auto properties = api::normalize_alert_rule(
        {{"kind", "MicrosoftSecurityIncidentCreation"},
         {"properties",
          {{"displayName", "EDR ransomware"},
           {"enabled", true},
           {"productFilter", {" Contoso EDR ", "contoso edr", "Fabrikam Mail"}},
           {"severitiesFilter", {"high", "HIGH", "medium"}},
           {"displayNamesFilter", {"ransom"}},
           {"displayNamesExcludeFilter", {"test"}}}}});
    const auto r = automation::parse_creation_rule(stored("edr-ransom", properties));
    EXPECT_THAT(r.products, ElementsAre("Contoso EDR", "Fabrikam Mail"));
    EXPECT_THAT(r.severities, ElementsAre(model::severity::high, model::severity::medium));
    EXPECT_TRUE(automation::matches(r, alert("Ransomware on fs-01", "CONTOSO EDR")));
    EXPECT_FALSE(automation::matches(r, alert("Ransomware test", "Contoso EDR")));
    EXPECT_FALSE(automation::matches(
        r, alert("Ransomware on fs-01", "Contoso EDR", model::severity::informational)));
}

TEST(creation_rule_incident, built_from_the_alert) {
    auto a = alert("Ransomware on fs-01", "Contoso EDR", model::severity::high);
    a.description = "Files encrypted on fs-01.";
    a.tactics = {"Impact"};
    a.techniques = {"T1486"};
    a.start_time = time_point{std::chrono::milliseconds{1735689000000}};
    a.end_time = time_point{std::chrono::milliseconds{1735689300000}};
    const auto incident = automation::incident_from_alert(a, {"edr-high", "edr-ransom"});
    EXPECT_EQ(incident.title, "Ransomware on fs-01");
    EXPECT_EQ(incident.description, "Files encrypted on fs-01.");
    EXPECT_EQ(incident.severity, model::severity::high);
    EXPECT_EQ(incident.status, model::incident_status::new_);
    EXPECT_EQ(incident.provider_name, "Tocsin");
    EXPECT_TRUE(incident.is_own());
    EXPECT_THAT(incident.related_analytic_rule_ids, ElementsAre("edr-high", "edr-ransom"));
    EXPECT_EQ(incident.first_activity, a.start_time);
    EXPECT_EQ(incident.last_activity, a.end_time);
    EXPECT_THAT(incident.summary.tactics, ElementsAre("Impact"));
    EXPECT_THAT(incident.summary.techniques, ElementsAre("T1486"));
    EXPECT_THAT(incident.summary.alert_product_names, ElementsAre("Contoso EDR"));
    EXPECT_TRUE(incident.name.empty());  // the store names it
    EXPECT_NO_THROW(model::validate(incident));
}

TEST(creation_rule_incident, activity_times_fall_back_to_the_generation_time) {
    auto a = alert("Ransomware");
    auto incident = automation::incident_from_alert(a, {});
    EXPECT_EQ(incident.first_activity, a.time_generated);
    EXPECT_EQ(incident.last_activity, a.time_generated);
    EXPECT_THAT(incident.related_analytic_rule_ids, IsEmpty());

    // A start after the generation time (clock skew) still gives last ≥ first.
    a.start_time = a.time_generated + std::chrono::minutes(5);
    incident = automation::incident_from_alert(a, {});
    EXPECT_EQ(incident.first_activity, a.start_time);
    EXPECT_EQ(incident.last_activity, a.start_time);
    EXPECT_NO_THROW(model::validate(incident));
}

TEST(creation_rule_incident, long_or_missing_names_still_make_a_valid_incident) {
    std::string long_name;
    for (int i = 0; i < 300; ++i)
        long_name += "\xC3\xA9";  // é: two bytes, one character
    auto incident = automation::incident_from_alert(alert(long_name), {});
    EXPECT_EQ(incident.title.size(), 2 * model::max_title_length);
    EXPECT_EQ(incident.title.substr(0, 2), "\xC3\xA9");
    EXPECT_NO_THROW(model::validate(incident));

    auto blank = alert("   ");
    blank.system_alert_id = "a-blank";
    incident = automation::incident_from_alert(blank, {});
    EXPECT_EQ(incident.title, "Alert a-blank");
    EXPECT_NO_THROW(model::validate(incident));
}

}  // namespace
}  // namespace tocsin::test
