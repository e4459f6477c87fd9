// `tocsin playbooks …` and `tocsin runs …` against a real server with one manual playbook.

#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST_F(cli_test, ListsPlaybooks) {
    const auto table = tocsin({"playbooks", "list"});
    ASSERT_EQ(table.status, 0) << table.output;
    const auto rows = lines_of(table.output);
    ASSERT_EQ(rows.size(), 2u) << table.output;
    EXPECT_THAT(rows[0], StartsWith("NAME      VERSION  TRIGGERS  DESCRIPTION"));
    EXPECT_EQ(rows[1], "cli-echo  1.2.0    manual    echoes its parameters");
    const auto listed = tocsin_json({"playbooks", "list"});
    ASSERT_EQ(listed["value"].size(), 1u);
    EXPECT_EQ(listed["value"][0]["name"], "cli-echo");
}

TEST_F(cli_test, RunsAPlaybookAndFollowsTheRun) {
    // Typed as the playbook declares: count is an integer, note stays text.
    const auto started =
        tocsin_json({"playbooks", "run", "cli-echo", "--param", "count=3", "--param", "note=42"});
    ASSERT_TRUE(started.contains("runId")) << started.dump();
    const auto id = started["runId"].get<std::string>();
    const auto run = wait_for_run(id);
    EXPECT_EQ(run["status"], "succeeded") << run.dump();
    EXPECT_EQ(run["result"], (json{{"count", 3}, {"note", "42"}}));

    const auto shown = tocsin({"runs", "show", id});
    ASSERT_EQ(shown.status, 0) << shown.output;
    EXPECT_THAT(shown.output, StartsWith("Run " + id + "\n"));
    EXPECT_THAT(shown.output, HasSubstr("  playbook   cli-echo 1.2.0\n"));
    EXPECT_THAT(shown.output, HasSubstr("  status     succeeded\n"));
    EXPECT_THAT(shown.output, HasSubstr("  params     {\"count\":3,\"note\":\"42\"}\n"));
    EXPECT_THAT(shown.output, HasSubstr("info  echo 42"));

    const auto listed = tocsin({"runs", "list", "--playbook", "cli-echo"});
    ASSERT_EQ(listed.status, 0) << listed.output;
    EXPECT_THAT(lines_of(listed.output)[0], StartsWith("ID"));
    EXPECT_THAT(listed.output, HasSubstr(id));
    const auto json_list = tocsin_json({"runs", "list", "--status", "succeeded", "--top", "5"});
    bool found = false;
    for (const auto& r : json_list["value"])
        found = found || r["id"] == id;
    EXPECT_TRUE(found) << json_list.dump();
    EXPECT_EQ(tocsin({"runs", "list", "--playbook", "no-such-playbook"}).output, "No runs.\n");

    // A run that has ended cannot be cancelled: the server's 409, on one line.
    const auto cancel = tocsin({"runs", "cancel", id});
    EXPECT_EQ(cancel.status, 1);
    EXPECT_EQ(cancel.output,
              "tocsin: 409 Conflict: Run " + id + " has already ended as succeeded.\n");

    const auto unknown = tocsin({"runs", "show", "no-such-run"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_EQ(unknown.output, "tocsin: 404 NotFound: Run no-such-run doesn't exist.\n");
}

TEST_F(cli_test, RunsAPlaybookOnAnIncidentAnAlertOrAnEntity) {
    const auto incident = create_incident("Run a playbook on me");
    const auto number = std::to_string(incident["properties"]["incidentNumber"].get<int>());
    const auto on_incident = tocsin_json(
        {"playbooks", "run", "cli-echo", "--incident", number, "--param", "note=on-incident"});
    const auto incident_run = wait_for_run(on_incident["runId"].get<std::string>());
    EXPECT_EQ(incident_run["status"], "succeeded") << incident_run.dump();
    EXPECT_EQ(incident_run["result"]["incident"], incident["name"]);
    EXPECT_EQ(incident_run["result"]["note"], "on-incident");

    const json alert = {{"systemAlertId", "run-on-alert-1"},
                        {"alertDisplayName", "Beacon to a rare domain"},
                        {"severity", "High"},
                        {"productName", "CLI Test"},
                        {"timeGenerated", "2024-05-01T10:00:00Z"},
                        {"entities", json::array({{{"kind", "Ip"}, {"address", "198.51.100.9"}}})}};
    ASSERT_EQ(tocsin({"alerts", "ingest", write_file("run-on-alert.json", alert.dump())}).status,
              0);
    const auto on_alert = tocsin({"playbooks", "run", "cli-echo", "--alert", "run-on-alert-1"});
    ASSERT_EQ(on_alert.status, 0) << on_alert.output;
    const auto alert_run_id = on_alert.output.substr(12, on_alert.output.find(' ', 12) - 12);
    EXPECT_EQ(wait_for_run(alert_run_id)["result"]["alert"], "run-on-alert-1") << on_alert.output;

    const auto shown = tocsin_json({"alerts", "show", "run-on-alert-1"});
    ASSERT_FALSE(shown["entities"].empty()) << shown.dump();
    const auto entity = shown["entities"][0]["name"].get<std::string>();
    const auto on_entity = tocsin_json(
        {"playbooks", "run", "cli-echo", "--entity", entity, "--incident", incident["name"]});
    const auto entity_run = wait_for_run(on_entity["runId"].get<std::string>());
    EXPECT_EQ(entity_run["result"]["entity"], entity) << entity_run.dump();
    EXPECT_EQ(entity_run["result"]["incident"], incident["name"]);

    const auto both = tocsin({"playbooks", "run", "cli-echo", "--alert", "x", "--incident", "1"});
    EXPECT_EQ(both.status, 2);
    EXPECT_EQ(both.output,
              "tocsin: --alert runs on an alert alone: leave out --incident and --entity\n");
    const auto missing = tocsin({"playbooks", "run", "cli-echo", "--alert", "no-such-alert"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_EQ(missing.output, "tocsin: 404 NotFound: Alert no-such-alert doesn't exist.\n");
}

TEST_F(cli_test, PlaybookRunErrors) {
    const auto bad_type = tocsin({"playbooks", "run", "cli-echo", "--param", "count=many"});
    EXPECT_EQ(bad_type.status, 2);
    EXPECT_EQ(bad_type.output, "tocsin: --param count: 'many' is not an integer\n");
    const auto bad_form = tocsin({"playbooks", "run", "cli-echo", "--param", "count"});
    EXPECT_EQ(bad_form.status, 2);
    EXPECT_EQ(bad_form.output, "tocsin: --param expects NAME=VALUE, got 'count'\n");
    const auto unknown = tocsin({"playbooks", "run", "no-such-playbook"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_EQ(unknown.output,
              "tocsin: 404 NotFound: No loaded playbook is named 'no-such-playbook'.\n");
}

}  // namespace
}  // namespace tocsin::test
