// `tocsin alerts …`, `tocsin relate/unrelate` and `tocsin comments …` against a real server.

#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

json alert(const std::string& id, const std::string& severity = "Medium") {
    return {{"systemAlertId", id},
            {"alertDisplayName", "Suspicious sign-in " + id},
            {"severity", severity},
            {"productName", "CLI Test"},
            {"timeGenerated", "2024-05-01T10:00:00Z"},
            {"entities", json::array({{{"kind", "Ip"}, {"address", "203.0.113.7"}}})}};
}

TEST_F(cli_test, IngestsOneAlertAndBatchesFromFiles) {
    const auto one = write_file("one-" + workspace_.substr(workspace_.rfind('/') + 1) + ".json",
                                alert("cli-alert-1").dump());
    const auto first = tocsin({"alerts", "ingest", one});
    ASSERT_EQ(first.status, 0) << first.output;
    EXPECT_EQ(first.output, "Created alert cli-alert-1 (Suspicious sign-in cli-alert-1)\n");
    const auto again = tocsin({"alerts", "ingest", one});
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(again.output, "Alert already stored: cli-alert-1 (Suspicious sign-in cli-alert-1)\n");

    // A batch with one bad item: the others are stored, the bad one is reported, exit 1.
    const json batch = {
        {"alerts",
         {alert("cli-alert-2"), alert("cli-alert-3", "Catastrophic"), alert("cli-alert-1")}}};
    const auto file =
        write_file("batch-" + workspace_.substr(workspace_.rfind('/') + 1) + ".json", batch.dump());
    const auto result = tocsin({"alerts", "ingest", file});
    EXPECT_EQ(result.status, 1) << result.output;
    const auto rows = lines_of(result.output);
    ASSERT_EQ(rows.size(), 5u) << result.output;
    EXPECT_THAT(rows[0], StartsWith("#  STATUS  ALERT ID"));
    EXPECT_THAT(rows[1], HasSubstr("201"));
    EXPECT_THAT(rows[1], HasSubstr("cli-alert-2"));
    EXPECT_THAT(rows[1], HasSubstr("created"));
    EXPECT_THAT(rows[2], HasSubstr("400"));
    EXPECT_THAT(rows[2], HasSubstr("BadRequest: "));
    EXPECT_THAT(rows[2], HasSubstr("Catastrophic"));
    EXPECT_THAT(rows[3], HasSubstr("already stored"));
    EXPECT_EQ(rows[4], "tocsin: 1 of 3 alerts were refused");

    // A bare array is a batch too; --json gives the server's per-item answers.
    const auto array = write_file("array-" + workspace_.substr(workspace_.rfind('/') + 1) + ".json",
                                  json::array({alert("cli-alert-4")}).dump());
    const auto answers = tocsin_json({"alerts", "ingest", array});
    ASSERT_EQ(answers["value"].size(), 1u);
    EXPECT_EQ(answers["value"][0]["status"], 201);
    EXPECT_EQ(answers["value"][0]["alert"]["name"], "cli-alert-4");

    const auto not_json = write_file("bad.json", "{ not json");
    const auto bad = tocsin({"alerts", "ingest", not_json});
    EXPECT_EQ(bad.status, 1);
    EXPECT_THAT(bad.output, StartsWith("tocsin: " + not_json + " is not JSON: "));
    const auto missing = tocsin({"alerts", "ingest", "/nonexistent/alerts.json"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_EQ(missing.output,
              "tocsin: cannot read /nonexistent/alerts.json: No such file or directory\n");
}

TEST_F(cli_test, RelatesAndUnrelatesAlerts) {
    const auto file = write_file("relate-" + workspace_.substr(workspace_.rfind('/') + 1) + ".json",
                                 json{{"alerts", {alert("rel-a"), alert("rel-b", "High")}}}.dump());
    ASSERT_EQ(tocsin({"alerts", "ingest", file}).status, 0);
    const auto incident = create_incident("Sign-ins from a TOR exit");
    const auto number = std::to_string(incident["properties"]["incidentNumber"].get<long>());

    const auto related = tocsin({"relate", number, "rel-a"});
    ASSERT_EQ(related.status, 0) << related.output;
    EXPECT_THAT(related.output, StartsWith("Related alert rel-a to incident " + number));
    // Relating again is harmless: the default relation name depends on the pair only.
    EXPECT_EQ(tocsin({"relate", number, "rel-a"}).status, 0);
    const auto named = tocsin_json({"relate", number, "rel-b", "--name", "second-alert"});
    EXPECT_EQ(named["name"], "second-alert");
    EXPECT_EQ(named["properties"]["relatedResourceName"], "rel-b");

    const auto listed = tocsin({"alerts", "list", number});
    ASSERT_EQ(listed.status, 0) << listed.output;
    const auto rows = lines_of(listed.output);
    ASSERT_EQ(rows.size(), 3u) << listed.output;
    EXPECT_THAT(rows[0], StartsWith("ALERT ID"));
    EXPECT_THAT(listed.output, HasSubstr("rel-a"));
    EXPECT_THAT(listed.output, HasSubstr("rel-b"));

    const auto shown = tocsin({"alerts", "show", "rel-b"});
    ASSERT_EQ(shown.status, 0) << shown.output;
    EXPECT_THAT(shown.output, StartsWith("Alert rel-b: Suspicious sign-in rel-b\n"));
    EXPECT_THAT(shown.output, HasSubstr("  severity: High\n"));
    EXPECT_THAT(shown.output, HasSubstr("  in incident " + number + " ("));
    const auto not_there = tocsin({"alerts", "show", "rel-z"});
    EXPECT_EQ(not_there.status, 1);
    EXPECT_EQ(not_there.output, "tocsin: 404 NotFound: Alert rel-z doesn't exist.\n");
    // Without an incident: the workspace's newest alerts.
    const auto newest = tocsin_json({"alerts", "list"});
    ASSERT_EQ(newest["value"].size(), 2u);
    EXPECT_EQ(newest["value"][0]["name"], "rel-b");

    EXPECT_THAT(tocsin({"incidents", "show", number}).output, HasSubstr("Alerts (2)"));
    EXPECT_EQ(
        tocsin_json({"incidents", "show", number})["properties"]["additionalData"]["alertsCount"],
        2);

    // By the alert's id or by the relation's name.
    const auto by_alert = tocsin({"unrelate", number, "rel-a"});
    ASSERT_EQ(by_alert.status, 0) << by_alert.output;
    EXPECT_THAT(by_alert.output, StartsWith("Removed relation "));
    EXPECT_EQ(tocsin({"unrelate", number, "second-alert"}).status, 0);
    EXPECT_EQ(tocsin({"alerts", "list", number}).output, "No alerts.\n");
    const auto twice = tocsin({"unrelate", number, "rel-a"});
    EXPECT_EQ(twice.status, 1);
    EXPECT_EQ(twice.output,
              "tocsin: Incident " + number +
                  " has no relation named rel-a and no related alert with that id.\n");

    // An alert the workspace does not have: the server's refusal, on one line.
    const auto unknown = tocsin({"relate", number, "no-such-alert"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_EQ(lines_of(unknown.output).size(), 1u) << unknown.output;
    EXPECT_THAT(unknown.output, StartsWith("tocsin: 404 NotFound: "));
}

TEST_F(cli_test, AddsAndListsComments) {
    const auto incident = create_incident("Phishing wave");
    const auto number = std::to_string(incident["properties"]["incidentNumber"].get<long>());
    EXPECT_EQ(tocsin({"comments", "list", number}).output, "No comments.\n");

    const auto added = tocsin({"comments", "add", number, "--message", "Blocked the sender"});
    ASSERT_EQ(added.status, 0) << added.output;
    EXPECT_THAT(added.output, StartsWith("Added comment "));
    const auto json_added = tocsin_json({"comments", "add", number, "--message", "Second"});
    EXPECT_EQ(json_added["properties"]["message"], "Second");

    const auto table = tocsin({"comments", "list", number});
    ASSERT_EQ(table.status, 0) << table.output;
    const auto rows = lines_of(table.output);
    ASSERT_EQ(rows.size(), 3u) << table.output;
    EXPECT_THAT(rows[0], StartsWith("CREATED (UTC)"));
    EXPECT_THAT(table.output, HasSubstr("Blocked the sender"));
    EXPECT_EQ(tocsin_json({"comments", "list", number})["value"].size(), 2u);

    EXPECT_THAT(tocsin({"incidents", "show", number}).output, HasSubstr("Comments (2)"));
    EXPECT_THAT(tocsin({"incidents", "show", number}).output, HasSubstr(": Blocked the sender"));

    const auto no_message = tocsin({"comments", "add", number});
    EXPECT_EQ(no_message.status, 2);
    EXPECT_EQ(no_message.output, "tocsin: 'comments add' needs --message\n");
}

TEST_F(cli_test, CreatesManualAlertsInANewOrAnExistingIncident) {
    const auto created =
        tocsin_json({"alerts", "create", "--title", "User reported a phishing mail", "--severity",
                     "High", "--technique", "T1566.001", "--tactic", "InitialAccess", "--action",
                     "Purge the mail", "--asset", "Mailbox:mailboxPrimaryAddress=jdoe@contoso.com",
                     "--asset", R"({"kind":"Url","url":"https://login.contoso-sso.example/"})",
                     "--evidence", R"({"reportedBy":"jdoe"})"});
    ASSERT_TRUE(created.is_object());
    const auto& alert = created["alert"]["properties"];
    EXPECT_EQ(alert["alertDisplayName"], "User reported a phishing mail");
    EXPECT_EQ(alert["techniques"], json({"T1566.001"}));
    const auto number =
        std::to_string(created["incident"]["properties"]["incidentNumber"].get<long>());
    EXPECT_EQ(created["incident"]["properties"]["severity"], "High");

    // A second alert joins that incident by its number.
    const auto second =
        tocsin({"alerts", "create", "--title", "Same sender again", "--asset",
                "Mailbox:mailboxPrimaryAddress=amy@contoso.com", "--incident", number});
    ASSERT_EQ(second.status, 0) << second.output;
    EXPECT_THAT(second.output,
                HasSubstr(" in incident " + number + " (User reported a phishing mail)"));
    EXPECT_EQ(tocsin_json({"alerts", "list", number})["value"].size(), 2u);

    const auto no_asset = tocsin({"alerts", "create", "--title", "Nothing impacted"});
    EXPECT_EQ(no_asset.status, 1);
    EXPECT_THAT(no_asset.output, StartsWith("tocsin: 400 "));
    EXPECT_THAT(no_asset.output, HasSubstr("impactedAssets"));
    const auto bad_asset = tocsin({"alerts", "create", "--title", "x", "--asset", "Host"});
    EXPECT_EQ(bad_asset.status, 2);
}

}  // namespace
}  // namespace tocsin::test
