// `tocsin incidents …` against a real server: the life of an incident, listing and filters.

#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string number_of(const json& incident) {
    return std::to_string(incident["properties"]["incidentNumber"].get<long>());
}

TEST_F(cli_test, IncidentLifeFromCreateToDelete) {
    const auto created =
        create_incident("Brute force on vpn-gw",
                        {"--severity", "high", "--description", "Many failed logins", "--owner",
                         "alice@example.com", "--label", "vpn", "--label", "triage"});
    ASSERT_TRUE(created.is_object());
    const auto name = created["name"].get<std::string>();
    const auto number = number_of(created);
    EXPECT_EQ(created["properties"]["severity"], "High");
    EXPECT_EQ(created["properties"]["status"], "New");
    EXPECT_EQ(created["properties"]["owner"]["email"], "alice@example.com");
    EXPECT_EQ(created["properties"]["labels"].size(), 2u);

    // The table: a header and one row with the number, name and title.
    const auto table = tocsin({"incidents", "list"});
    ASSERT_EQ(table.status, 0) << table.output;
    const auto rows = lines_of(table.output);
    ASSERT_EQ(rows.size(), 2u) << table.output;
    EXPECT_THAT(rows[0], StartsWith("NUMBER"));
    EXPECT_THAT(rows[0], HasSubstr("TITLE"));
    EXPECT_THAT(rows[1], StartsWith(number + " "));
    EXPECT_THAT(rows[1], HasSubstr(name));
    EXPECT_THAT(rows[1], HasSubstr("alice@example.com"));
    EXPECT_THAT(rows[1], HasSubstr("Brute force on vpn-gw"));
    // Columns line up: the title starts at the same offset in the header and the row.
    EXPECT_EQ(rows[0].find("TITLE"), rows[1].find("Brute force"));

    const auto listed = tocsin_json({"incidents", "list"});
    ASSERT_EQ(listed["value"].size(), 1u);
    EXPECT_EQ(listed["value"][0]["name"], name);

    // By number and by name alike.
    const auto shown = tocsin({"incidents", "show", number});
    ASSERT_EQ(shown.status, 0) << shown.output;
    EXPECT_THAT(shown.output, HasSubstr("Incident #" + number + ": Brute force on vpn-gw"));
    EXPECT_THAT(shown.output, HasSubstr("Many failed logins"));
    EXPECT_THAT(shown.output, HasSubstr("vpn, triage"));
    EXPECT_THAT(shown.output, HasSubstr("Alerts (0)"));
    EXPECT_THAT(shown.output, HasSubstr("Comments (0)"));
    const auto by_name = tocsin_json({"incidents", "show", name});
    EXPECT_EQ(by_name["properties"]["incidentNumber"], created["properties"]["incidentNumber"]);
    EXPECT_TRUE(by_name["alerts"].is_array());
    EXPECT_TRUE(by_name["comments"].is_array());

    const auto updated =
        tocsin_json({"incidents", "update", number, "--status", "active", "--severity", "Low",
                     "--owner", "bob@example.com", "--add-label", "escalated", "--remove-label",
                     "TRIAGE", "--title", "Brute force on vpn-gw (confirmed)"});
    EXPECT_EQ(updated["properties"]["status"], "Active");
    EXPECT_EQ(updated["properties"]["severity"], "Low");
    EXPECT_EQ(updated["properties"]["owner"]["email"], "bob@example.com");
    EXPECT_EQ(updated["properties"]["title"], "Brute force on vpn-gw (confirmed)");
    std::vector<std::string> labels;
    for (const auto& l : updated["properties"]["labels"])
        labels.push_back(l["labelName"]);
    EXPECT_EQ(labels, (std::vector<std::string>{"vpn", "escalated"}));
    EXPECT_EQ(updated["properties"]["description"], "Many failed logins");

    const auto closed = tocsin({"incidents", "close", number, "--classification", "TruePositive",
                                "--reason", "SuspiciousActivity", "--comment", "blocked the IP"});
    ASSERT_EQ(closed.status, 0) << closed.output;
    EXPECT_EQ(closed.output, "Closed incident #" + number + " (" + name +
                                 ") as TruePositive (SuspiciousActivity)\n");
    const auto after = tocsin_json({"incidents", "show", number});
    EXPECT_EQ(after["properties"]["status"], "Closed");
    EXPECT_EQ(after["properties"]["classification"], "TruePositive");
    EXPECT_EQ(after["properties"]["classificationReason"], "SuspiciousActivity");
    EXPECT_EQ(after["properties"]["classificationComment"], "blocked the IP");

    const auto deleted = tocsin({"incidents", "delete", number});
    ASSERT_EQ(deleted.status, 0) << deleted.output;
    EXPECT_EQ(deleted.output, "Deleted incident " + name + ".\n");
    const auto gone = tocsin({"incidents", "show", name});
    EXPECT_EQ(gone.status, 1);
    EXPECT_EQ(gone.output, "tocsin: 404 NotFound: Incident " + name + " doesn't exist.\n");
    const auto again = tocsin({"incidents", "delete", name});
    EXPECT_EQ(again.status, 1);
    EXPECT_EQ(again.output, "tocsin: Incident " + name + " doesn't exist.\n");
    EXPECT_EQ(tocsin({"incidents", "delete", name, "--if-exists"}).status, 0);
}

TEST_F(cli_test, ListFiltersAndFollowsNextLink) {
    create_incident("first", {"--severity", "High"});
    create_incident("second", {"--severity", "Low", "--owner", "carol@example.com"});
    create_incident("third", {"--severity", "High"});

    EXPECT_EQ(tocsin_json({"incidents", "list", "--severity", "High"})["value"].size(), 2u);
    EXPECT_EQ(tocsin_json({"incidents", "list", "--severity", "high,low"})["value"].size(), 3u);
    const auto owned = tocsin_json({"incidents", "list", "--owner", "carol@example.com"});
    ASSERT_EQ(owned["value"].size(), 1u);
    EXPECT_EQ(owned["value"][0]["properties"]["title"], "second");
    const auto filtered = tocsin_json(
        {"incidents", "list", "--severity", "High", "--filter", "properties/title eq 'third'"});
    ASSERT_EQ(filtered["value"].size(), 1u);
    EXPECT_EQ(filtered["value"][0]["properties"]["title"], "third");
    EXPECT_EQ(tocsin_json({"incidents", "list", "--status", "Closed"})["value"].size(), 0u);

    // One page of one, with the link to the next; --all follows the links to the end.
    const auto page = tocsin_json({"incidents", "list", "--top", "1"});
    EXPECT_EQ(page["value"].size(), 1u);
    EXPECT_TRUE(page.contains("nextLink"));
    const auto all = tocsin_json({"incidents", "list", "--all", "--top", "1"});
    EXPECT_EQ(all["value"].size(), 3u);
    EXPECT_FALSE(all.contains("nextLink"));

    // The table says when more incidents match than it shows.
    const auto table = tocsin({"incidents", "list", "--top", "2"});
    EXPECT_EQ(table.status, 0);
    EXPECT_THAT(table.output, HasSubstr("--all lists every one"));

    const auto empty = tocsin({"incidents", "list", "--status", "Closed"});
    EXPECT_EQ(empty.output, "No incidents.\n");
}

TEST_F(cli_test, ServerValidationComesBackAsOneLine) {
    const auto created = create_incident("to close");
    const auto number = number_of(created);
    // TruePositive takes SuspiciousActivity only: the server refuses, the CLI relays it.
    const auto refused = tocsin({"incidents", "close", number, "--classification", "TruePositive",
                                 "--reason", "InaccurateData"});
    EXPECT_EQ(refused.status, 1);
    ASSERT_EQ(lines_of(refused.output).size(), 1u) << refused.output;
    EXPECT_THAT(refused.output, StartsWith("tocsin: 400 BadRequest: Classification reason "
                                           "InaccurateData does not belong to classification "
                                           "TruePositive"));
    EXPECT_EQ(tocsin_json({"incidents", "show", number})["properties"]["status"], "New");
}

TEST_F(cli_test, IncidentUsageErrorsExitTwo) {
    const auto no_title = tocsin({"incidents", "create"});
    EXPECT_EQ(no_title.status, 2);
    EXPECT_EQ(no_title.output, "tocsin: 'incidents create' needs --title\n");

    const auto bad_severity = tocsin({"incidents", "create", "--title", "x", "--severity", "huge"});
    EXPECT_EQ(bad_severity.status, 2);
    EXPECT_EQ(bad_severity.output,
              "tocsin: --severity 'huge' is not one of High, Medium, Low, Informational\n");

    const auto no_class = tocsin({"incidents", "close", "1"});
    EXPECT_EQ(no_class.status, 2);
    EXPECT_THAT(no_class.output, StartsWith("tocsin: 'incidents close' needs --classification"));

    const auto close_by_update = tocsin({"incidents", "update", "1", "--status", "Closed"});
    EXPECT_EQ(close_by_update.status, 2);
    EXPECT_THAT(close_by_update.output, HasSubstr("tocsin incidents close 1 --classification"));

    const auto nothing = tocsin({"incidents", "update", "1"});
    EXPECT_EQ(nothing.status, 2);
    EXPECT_THAT(nothing.output, StartsWith("tocsin: nothing to update"));

    const auto missing = tocsin({"incidents", "show"});
    EXPECT_EQ(missing.status, 2);
    EXPECT_EQ(missing.output,
              "tocsin: missing arguments for 'tocsin incidents show'; usage: "
              "tocsin incidents show ID|NUMBER [--json]\n");

    const auto extra = tocsin({"incidents", "show", "1", "2"});
    EXPECT_EQ(extra.status, 2);
    EXPECT_THAT(extra.output, StartsWith("tocsin: unexpected argument '2'"));

    const auto unknown_flag = tocsin({"incidents", "list", "--colour"});
    EXPECT_EQ(unknown_flag.status, 2);
    EXPECT_EQ(unknown_flag.output, "tocsin: unknown option --colour for 'incidents list'\n");

    const auto unknown_sub = tocsin({"incidents", "frobnicate"});
    EXPECT_EQ(unknown_sub.status, 2);
    EXPECT_EQ(unknown_sub.output,
              "tocsin: unknown subcommand 'frobnicate' for 'tocsin incidents' "
              "(try 'tocsin incidents --help')\n");

    const auto bad_top = tocsin({"incidents", "list", "--top", "0"});
    EXPECT_EQ(bad_top.status, 2);
    EXPECT_EQ(bad_top.output, "tocsin: --top expects a number from 1 to 1000, got '0'\n");
}

TEST_F(cli_test, HelpAtBothLevels) {
    const auto group = tocsin({"incidents", "--help"});
    EXPECT_EQ(group.status, 0);
    for (const auto* sub : {"list", "show", "create", "update", "close", "delete"})
        EXPECT_THAT(group.output, HasSubstr("tocsin incidents " + std::string(sub))) << sub;

    const auto list = tocsin({"incidents", "list", "--help"});
    EXPECT_EQ(list.status, 0);
    EXPECT_THAT(list.output, StartsWith("usage: tocsin incidents list"));
    for (const auto* flag : {"--status S", "--all", "--server URL", "--token TOKEN",
                             "--workspace SUB/RG/WS", "--insecure", "--json"})
        EXPECT_THAT(list.output, HasSubstr(flag)) << flag;

    const auto top = run_tocsin({"--help"});
    EXPECT_EQ(top.status, 0);
    for (const auto* cmd :
         {"incidents", "alerts", "relate", "unrelate", "comments", "runs", "playbooks"})
        EXPECT_THAT(top.output, HasSubstr("  " + std::string(cmd) + " ")) << cmd;

    // No subcommand: the group's usage on stderr, exit 2.
    EXPECT_EQ(tocsin({"runs"}).status, 2);
}

}  // namespace
}  // namespace tocsin::test
