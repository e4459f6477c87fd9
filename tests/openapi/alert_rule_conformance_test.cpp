// Alert rules (incident creation rules) against the served document: every answer of every
// route, in both forms of productFilter, and Microsoft's operationIds.

#include <set>

#include "tests/openapi/openapi_fixture.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

class openapi_alert_rules : public openapi_test {};

TEST_F(openapi_alert_rules, every_answer_matches_its_schema) {
    const json rule = {{"kind", "MicrosoftSecurityIncidentCreation"},
                       {"properties",
                        {{"displayName", "Create incidents from Contoso EDR"},
                         {"description", "High EDR alerts"},
                         {"enabled", true},
                         {"productFilter", "Contoso EDR"},
                         {"severitiesFilter", {"High"}},
                         {"displayNamesFilter", {"ransom"}},
                         {"displayNamesExcludeFilter", {"test"}},
                         {"alertRuleTemplateName", "tmpl-edr"}}}};
    EXPECT_EQ(call("PUT", arm("alertRules/rule-one"), rule).status, 201);
    // Sent back as read, read-only fields included.
    const auto read = call("GET", arm("alertRules/rule-one"));
    ASSERT_EQ(read.status, 200);
    auto whole = read.json();
    whole["properties"]["enabled"] = false;
    EXPECT_EQ(call("PUT", arm("alertRules/rule-one"), whole).status, 200);

    const json several = {{"kind", "MicrosoftSecurityIncidentCreation"},
                          {"properties",
                           {{"displayName", "Mail and EDR"},
                            {"enabled", true},
                            {"productFilter", {"Contoso EDR", "Fabrikam Mail"}}}}};
    EXPECT_EQ(call("PUT", arm("alertRules/rule-two"), several).status, 201);
    const auto list = call("GET", arm("alertRules"));
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.json()["value"].size(), 2u);

    auto scheduled = rule;
    scheduled["kind"] = "Scheduled";
    EXPECT_EQ(call("PUT", arm("alertRules/rule-three"), scheduled, /*check_request=*/false).status,
              400);
    EXPECT_EQ(call("GET", arm("alertRules/rule-three")).status, 404);
    EXPECT_EQ(call("DELETE", arm("alertRules/rule-one")).status, 200);
    EXPECT_EQ(call("DELETE", arm("alertRules/rule-one")).status, 204);
}

TEST_F(openapi_alert_rules, operations_keep_microsoft_operation_ids) {
    std::set<std::string> ids;
    for (const auto& [path, item] : document().at("paths").items())
        for (const auto& [method, op] : item.items())
            if (method != "parameters")
                ids.insert(op.value("operationId", ""));
    for (const char* id :
         {"AlertRules_List", "AlertRules_Get", "AlertRules_CreateOrUpdate", "AlertRules_Delete"})
        EXPECT_TRUE(ids.contains(id)) << id;
}

}  // namespace
}  // namespace tocsin::test
