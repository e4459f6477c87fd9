// `tocsin creation-rules …` and `tocsin automation-rules …` against a real server.

#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string unique(const std::string& workspace, const std::string& name) {
    return name + "-" + workspace.substr(workspace.rfind('/') + 1) + ".json";
}

TEST_F(cli_test, CreationRuleLifeFromFlags) {
    const auto created = tocsin({"creation-rules", "put", "edr-high", "--display-name", "EDR high",
                                 "--product", "Contoso EDR", "--severity", "high,Medium",
                                 "--include", "ransom", "--exclude", "test"});
    ASSERT_EQ(created.status, 0) << created.output;
    EXPECT_EQ(created.output, "Created creation rule edr-high (EDR high)\n");

    // One product is sent in Sentinel's form (a name), several as an array.
    const auto mail =
        tocsin_json({"creation-rules", "put", "mail-all", "--product", "Fabrikam Mail", "--product",
                     "Contoso EDR", "--disabled", "--description", "every mail alert"});
    EXPECT_EQ(mail["kind"], "MicrosoftSecurityIncidentCreation");
    EXPECT_EQ(mail["properties"]["displayName"], "mail-all");  // defaults to the name
    EXPECT_EQ(mail["properties"]["productFilter"], json({"Fabrikam Mail", "Contoso EDR"}));
    EXPECT_EQ(mail["properties"]["enabled"], false);
    EXPECT_EQ(mail["properties"]["severitiesFilter"], json::array());
    const auto shown_json = tocsin_json({"creation-rules", "show", "edr-high"});
    EXPECT_EQ(shown_json["properties"]["productFilter"], "Contoso EDR");
    EXPECT_EQ(shown_json["properties"]["severitiesFilter"], json({"High", "Medium"}));

    const auto listed = tocsin({"creation-rules", "list"});
    ASSERT_EQ(listed.status, 0) << listed.output;
    const auto rows = lines_of(listed.output);
    ASSERT_EQ(rows.size(), 3u) << listed.output;
    EXPECT_THAT(rows[0], StartsWith("NAME      ENABLED  PRODUCTS"));
    EXPECT_THAT(rows[1], StartsWith("edr-high  yes      Contoso EDR"));
    EXPECT_THAT(rows[1], HasSubstr("High, Medium"));
    EXPECT_THAT(rows[1], HasSubstr("ransom"));
    EXPECT_THAT(rows[1], HasSubstr("EDR high"));
    EXPECT_THAT(rows[2], StartsWith("mail-all  no       Fabrikam Mail, Contoso EDR"));
    EXPECT_THAT(rows[2], HasSubstr("any"));
    EXPECT_EQ(tocsin_json({"creation-rules", "list"})["value"].size(), 2u);

    const auto shown = tocsin({"creation-rules", "show", "edr-high"});
    ASSERT_EQ(shown.status, 0) << shown.output;
    const auto lines = lines_of(shown.output);
    ASSERT_GE(lines.size(), 6u) << shown.output;
    EXPECT_EQ(lines[0], "Creation rule edr-high: EDR high");
    EXPECT_EQ(lines[1], "  enabled         yes");
    EXPECT_EQ(lines[2], "  products        Contoso EDR");
    EXPECT_EQ(lines[3], "  severities      High, Medium");
    EXPECT_EQ(lines[4], "  include names   ransom");
    EXPECT_EQ(lines[5], "  exclude names   test");

    // put replaces the whole rule.
    const auto replaced =
        tocsin({"creation-rules", "put", "edr-high", "--product", "Contoso EDR", "--disabled"});
    ASSERT_EQ(replaced.status, 0) << replaced.output;
    EXPECT_EQ(replaced.output, "Updated creation rule edr-high (edr-high)\n");
    EXPECT_EQ(
        tocsin_json({"creation-rules", "show", "edr-high"})["properties"]["displayNamesFilter"],
        json::array());

    const auto deleted = tocsin({"creation-rules", "delete", "edr-high"});
    ASSERT_EQ(deleted.status, 0) << deleted.output;
    EXPECT_EQ(deleted.output, "Deleted creation rule edr-high.\n");
    const auto again = tocsin({"creation-rules", "delete", "edr-high"});
    EXPECT_EQ(again.status, 1);
    EXPECT_EQ(again.output, "tocsin: Creation rule edr-high doesn't exist.\n");
    const auto tolerant = tocsin({"creation-rules", "delete", "edr-high", "--if-exists"});
    EXPECT_EQ(tolerant.status, 0);
    EXPECT_EQ(tolerant.output, "Creation rule edr-high did not exist.\n");
    const auto missing = tocsin({"creation-rules", "show", "edr-high"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_EQ(missing.output, "tocsin: 404 NotFound: Alert rule edr-high doesn't exist.\n");
    EXPECT_EQ(tocsin({"creation-rules", "list"}).output.find("edr-high"), std::string::npos);
}

TEST_F(cli_test, CreationRulesFromFilesKeepEtags) {
    // The properties alone.
    const auto properties = write_file(unique(workspace_, "creation-props"),
                                       R"({"displayName": "From a file", "enabled": true,
                                           "productFilter": ["Contoso EDR"],
                                           "severitiesFilter": ["Low"]})");
    const auto created = tocsin({"creation-rules", "put", "from-file", "--file", properties});
    ASSERT_EQ(created.status, 0) << created.output;
    EXPECT_EQ(created.output, "Created creation rule from-file (From a file)\n");

    // The resource as show --json prints it, etag included: a second write with it is stale.
    auto resource = tocsin_json({"creation-rules", "show", "from-file"});
    resource["properties"]["displayName"] = "Edited";
    const auto edited = write_file(unique(workspace_, "creation-resource"), resource.dump());
    const auto first = tocsin({"creation-rules", "put", "from-file", "--file", edited});
    ASSERT_EQ(first.status, 0) << first.output;
    EXPECT_EQ(first.output, "Updated creation rule from-file (Edited)\n");
    const auto stale = tocsin({"creation-rules", "put", "from-file", "--file", edited});
    EXPECT_EQ(stale.status, 1);
    EXPECT_THAT(stale.output, StartsWith("tocsin: 409 Conflict: "));

    // Another kind is the server's to refuse, in one line.
    resource.erase("etag");
    resource["kind"] = "Scheduled";
    const auto scheduled = write_file(unique(workspace_, "creation-scheduled"), resource.dump());
    const auto refused = tocsin({"creation-rules", "put", "sched", "--file", scheduled});
    EXPECT_EQ(refused.status, 1);
    EXPECT_THAT(refused.output,
                StartsWith("tocsin: 400 BadRequest: Alert rule kind 'Scheduled' is not supported"));
    EXPECT_EQ(lines_of(refused.output).size(), 1u);
}

TEST_F(cli_test, CreationRuleUsageErrorsExitTwo) {
    const auto no_product = tocsin({"creation-rules", "put", "r-1"});
    EXPECT_EQ(no_product.status, 2);
    EXPECT_EQ(no_product.output,
              "tocsin: 'creation-rules put' needs --product (one or more) or --file\n");
    const auto bad_severity =
        tocsin({"creation-rules", "put", "r-1", "--product", "P", "--severity", "Urgent"});
    EXPECT_EQ(bad_severity.status, 2);
    EXPECT_EQ(bad_severity.output,
              "tocsin: --severity 'Urgent' is not one of High, Medium, Low, Informational\n");
    const auto both =
        tocsin({"creation-rules", "put", "r-1", "--file", "x.json", "--product", "P"});
    EXPECT_EQ(both.status, 2);
    EXPECT_THAT(both.output, StartsWith("tocsin: --product cannot be combined with --file"));
    EXPECT_EQ(tocsin({"creation-rules", "show"}).status, 2);
    EXPECT_EQ(tocsin({"creation-rules", "frobnicate"}).status, 2);
    // Blank names are refused by the server, whose reason comes back as one line.
    const auto blank = tocsin({"creation-rules", "put", "r-1", "--product", " "});
    EXPECT_EQ(blank.status, 1);
    EXPECT_EQ(blank.output,
              "tocsin: 400 BadRequest: 'properties.productFilter' must not be blank.\n");
    const auto help = tocsin({"creation-rules", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_THAT(help.output, HasSubstr("tocsin creation-rules put NAME --product P..."));
}

TEST_F(cli_test, AutomationRuleLifeFromFiles) {
    const json rule = {{"displayName", "Escalate VPN incidents"},
                       {"order", 2},
                       {"triggeringLogic",
                        {{"isEnabled", true},
                         {"triggersOn", "Incidents"},
                         {"triggersWhen", "Created"},
                         {"conditions",
                          {{{"conditionType", "Property"},
                            {"conditionProperties",
                             {{"propertyName", "IncidentTitle"},
                              {"operator", "Contains"},
                              {"propertyValues", {"VPN"}}}}}}}}},
                       {"actions",
                        {{{"order", 1},
                          {"actionType", "ModifyProperties"},
                          {"actionConfiguration", {{"severity", "High"}}}},
                         {{"order", 2},
                          {"actionType", "AddIncidentTask"},
                          {"actionConfiguration", {{"title", "Check the VPN logs"}}}}}}};
    const auto file = write_file(unique(workspace_, "automation"), rule.dump());
    const auto created = tocsin({"automation-rules", "put", "vpn-escalate", "--file", file});
    ASSERT_EQ(created.status, 0) << created.output;
    EXPECT_EQ(created.output, "Created automation rule vpn-escalate (Escalate VPN incidents)\n");
    auto first = rule;
    first["order"] = 1;
    first["displayName"] = "Runs first";
    const auto first_file = write_file(unique(workspace_, "automation-first"), first.dump());
    ASSERT_EQ(tocsin({"automation-rules", "put", "a-first", "--file", first_file}).status, 0);

    const auto listed = tocsin({"automation-rules", "list"});
    ASSERT_EQ(listed.status, 0) << listed.output;
    const auto rows = lines_of(listed.output);
    ASSERT_EQ(rows.size(), 3u) << listed.output;
    EXPECT_THAT(rows[0], StartsWith("ORDER  NAME"));
    EXPECT_THAT(rows[1], StartsWith("1      a-first"));
    EXPECT_THAT(rows[2], StartsWith("2      vpn-escalate  yes      Incidents    Created"));
    EXPECT_THAT(rows[2], HasSubstr("Escalate VPN incidents"));

    const auto shown = tocsin({"automation-rules", "show", "vpn-escalate"});
    ASSERT_EQ(shown.status, 0) << shown.output;
    EXPECT_THAT(shown.output, StartsWith("Automation rule vpn-escalate: Escalate VPN incidents\n"));
    EXPECT_THAT(shown.output, HasSubstr("  triggers        Incidents Created\n"));
    EXPECT_THAT(shown.output, HasSubstr("Actions (2)\n  1. ModifyProperties severity=High\n"
                                        "  2. AddIncidentTask Check the VPN logs\n"));
    EXPECT_EQ(tocsin_json({"automation-rules", "show", "vpn-escalate"})["properties"]["order"], 2);

    const auto again = tocsin({"automation-rules", "put", "vpn-escalate", "--file", file});
    EXPECT_EQ(again.output, "Updated automation rule vpn-escalate (Escalate VPN incidents)\n");
    const auto no_file = tocsin({"automation-rules", "put", "vpn-escalate"});
    EXPECT_EQ(no_file.status, 2);
    EXPECT_EQ(no_file.output, "tocsin: 'automation-rules put' needs --file: the rule as JSON\n");
    auto invalid = rule;
    invalid["order"] = 0;
    const auto invalid_file = write_file(unique(workspace_, "automation-bad"), invalid.dump());
    const auto refused = tocsin({"automation-rules", "put", "bad-rule", "--file", invalid_file});
    EXPECT_EQ(refused.status, 1);
    EXPECT_THAT(refused.output, StartsWith("tocsin: 400 BadRequest: "));

    EXPECT_EQ(tocsin({"automation-rules", "delete", "vpn-escalate"}).output,
              "Deleted automation rule vpn-escalate.\n");
    const auto gone = tocsin({"automation-rules", "delete", "vpn-escalate"});
    EXPECT_EQ(gone.status, 1);
    EXPECT_EQ(gone.output, "tocsin: Automation rule vpn-escalate doesn't exist.\n");
    EXPECT_EQ(tocsin_json({"automation-rules", "list"})["value"].size(), 1u);
}

}  // namespace
}  // namespace tocsin::test
