// Automation rules at work against a real server: the typical uses (tag by product, assign High
// incidents, suppress noise, run a playbook when severity changes to High), the activity entry
// naming the rule, and the bound on rules triggering one another.

#include <cctype>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "tests/api/api_fixture.hpp"
#include "tests/support/documented_trigger.hpp"
#include "tests/support/source_file.hpp"

namespace tocsin::test {
namespace {

// Adds the label given as a parameter to the incident that triggered it.
constexpr std::string_view escalation_playbook = R"lua(
return {
  name = "mark-escalated",
  version = "1.0.0",
  description = "Labels the incident an automation rule ran it for",
  -- Run by automation rules only: the filter keeps incident events from starting it.
  triggers = { { kind = "incident", filter = { title = "started by rules only" } } },
  params = { label = { type = "string", default = "unset" } },
  run = function(ctx)
    local _, err = tocsin.incidents.add_labels{ incident = ctx.trigger.incident.name,
                                                labels = { ctx.params.label } }
    if err then error(err.message) end
    return { rule = ctx.trigger.automationRule.name }
  end,
}
)lua";

json condition(std::string_view property, std::string_view op, json values) {
    return {{"conditionType", "Property"},
            {"conditionProperties",
             {{"propertyName", property}, {"operator", op}, {"propertyValues", values}}}};
}

json changed_to(std::string_view property, std::string_view value) {
    return {{"conditionType", "PropertyChanged"},
            {"conditionProperties",
             {{"propertyName", property},
              {"changeType", "ChangedTo"},
              {"operator", "Equals"},
              {"propertyValues", {value}}}}};
}

json modify(json configuration) {
    return {{"order", 1},
            {"actionType", "ModifyProperties"},
            {"actionConfiguration", std::move(configuration)}};
}

json rule(std::string_view name, int order, std::string_view when, json conditions, json actions) {
    return {{"properties",
             {{"displayName", name},
              {"order", order},
              {"triggeringLogic",
               {{"isEnabled", true},
                {"triggersOn", "Incidents"},
                {"triggersWhen", when},
                {"conditions", std::move(conditions)}}},
              {"actions", std::move(actions)}}}};
}

// A rule of docs/automation.md's recipes, which quotes these files.
json recipe(std::string_view name) {
    std::ifstream in(std::string(TOCSIN_SOURCE_DIR) + "/tests/api/fixtures/automation-rules/" +
                     std::string(name) + ".json");
    return json::parse(in);
}

bool has_label(const json& incident, std::string_view label) {
    for (const auto& l : incident["properties"]["labels"])
        if (l["labelName"] == label)
            return true;
    return false;
}

class automation_run : public api_test {
  protected:
    static void SetUpTestSuite() {
        start_server(
            {.route_alerts = true,
             .playbooks = {{"mark-escalated.lua", std::string(escalation_playbook)},
                           // Quoted by docs/triggers.md and docs/templates.md.
                           {"incident-updated.lua",
                            source_file("tests/api/fixtures/playbooks/incident-updated.lua")},
                           {"alert-created.lua",
                            source_file("tests/api/fixtures/playbooks/alert-created.lua")}}});
    }

    void put_rule(std::string_view name, const json& body) {
        const auto reply = put("automationRules/" + std::string(name), body);
        ASSERT_EQ(reply.status, 201) << reply.body;
    }

    json incident_once(std::string_view name, const std::function<bool(const json&)>& done) {
        return wait_for("incidents/" + std::string(name), done);
    }

    // The first finished run of `playbook` whose trigger payload is in this test's workspace.
    json run_in_this_workspace(const std::string& playbook) {
        std::string lower_workspace = workspace_;  // workspace names are stored lower-case
        for (auto& c : lower_workspace)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (int attempt = 0; attempt < 500; ++attempt) {
            const auto list = client().get("/api/v1/runs?playbook=" + playbook);
            const auto runs = list.json()["value"];
            for (const auto& summary : runs) {
                if (summary["status"] == "running")
                    continue;
                auto run = client().get("/api/v1/runs/" + summary["id"].get<std::string>()).json();
                if (run["trigger"]["payload"]["workspace"]["name"] == lower_workspace)
                    return run;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const auto runs = client().get("/api/v1/runs?playbook=" + playbook).json()["value"];
        ADD_FAILURE()
            << "no finished run of " << playbook << " in " << workspace_ << "; runs: "
            << (runs.empty()
                    ? std::string("none")
                    : client().get("/api/v1/runs/" + runs[0]["id"].get<std::string>()).body);
        return nullptr;
    }

    // Activity entries of the incident made by automation rules.
    std::vector<json> rule_entries(std::string_view incident) {
        std::vector<json> out;
        const auto body = get("incidents/" + std::string(incident) + "/activities").json();
        for (const auto& e : body["value"])
            if (e["actor"]["kind"] == "automationRule")
                out.push_back(e);
        return out;
    }
};

TEST_F(automation_run, TagsEveryIncidentFromAProduct) {
    put_rule("tag-mde", recipe("tag-endpoint-incidents"));
    const auto reply = ingest({{"systemAlertId", "mde-1"},
                               {"alertDisplayName", "Ransomware behaviour"},
                               {"severity", "High"},
                               {"productName", "Microsoft Defender for Endpoint"},
                               {"timeGenerated", "2024-05-01T10:00:00Z"},
                               {"entities", {{{"kind", "Host"}, {"hostName", "ws-1"}}}}});
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto list = wait_for("incidents", [](const json& body) {
        return body["value"].size() == 1 && has_label(body["value"][0], "endpoint");
    });
    const auto name = list["value"][0]["name"].get<std::string>();
    // One write, one activity entry naming the rule.
    const auto entries = rule_entries(name);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0]["actor"]["objectId"], "tag-mde");
    EXPECT_EQ(entries[0]["actor"]["name"], "Tag endpoint incidents");
    EXPECT_EQ(entries[0]["detail"]["automationRule"], "tag-mde");
}

TEST_F(automation_run, AssignsHighSeverityIncidentsToAnOwner) {
    put_rule("assign-high", rule("Assign High to the on-call lead", 1, "Created",
                                 {condition("IncidentSeverity", "Equals", {"High"})},
                                 {modify({{"owner",
                                           {{"objectId", "2046feea-040d-4a46-9e2b-91c2941bfa70"},
                                            {"email", "lead@contoso.com"},
                                            {"assignedTo", "SOC Lead"}}}})}));
    put_incident("high-1", {{"title", "Exfiltration"}, {"severity", "High"}, {"status", "New"}});
    put_incident("low-1", {{"title", "Port scan"}, {"severity", "Low"}, {"status", "New"}});
    incident_once("high-1", [](const json& i) {
        return i["properties"]["owner"].value("assignedTo", "") == "SOC Lead";
    });
    // The Low one was evaluated too (its event came first) and left alone.
    put_incident("sync-1", {{"title", "Sync"}, {"severity", "High"}, {"status", "New"}});
    incident_once("sync-1", [](const json& i) {
        return i["properties"]["owner"].value("assignedTo", "") == "SOC Lead";
    });
    const auto low = get("incidents/low-1").json();
    EXPECT_EQ(low["properties"]["owner"].value("assignedTo", ""), "");
}

TEST_F(automation_run, SuppressesKnownBenignNoise) {
    put_rule("suppress-scanner", recipe("close-scanner-noise"));
    put_incident("noise-1", {{"title", "Port sweep from Qualys scan appliance"},
                             {"severity", "Low"},
                             {"status", "New"}});
    const auto closed = incident_once(
        "noise-1", [](const json& i) { return i["properties"]["status"] == "Closed"; });
    EXPECT_EQ(closed["properties"]["classification"], "BenignPositive");
    EXPECT_EQ(closed["properties"]["classificationReason"], "SuspiciousButExpected");
    EXPECT_EQ(closed["properties"]["classificationComment"], "Authorised scanner; closed by rule.");
}

TEST_F(automation_run, RunsAPlaybookWhenSeverityChangesToHigh) {
    put_rule("on-high", recipe("escalate-when-high"));
    put_incident("esc-1", {{"title", "Odd login"}, {"severity", "Medium"}, {"status", "New"}});
    auto current = get("incidents/esc-1").json();
    EXPECT_FALSE(has_label(current, "escalated"));
    current["properties"]["severity"] = "High";
    ASSERT_EQ(put("incidents/esc-1", current).status, 200);
    incident_once("esc-1", [](const json& i) { return has_label(i, "escalated"); });
}

// docs/triggers.md's ctx.trigger of the incident "updated" event and of the alert trigger are what
// runs receive for the changes the page describes.
TEST_F(automation_run, DocumentedStoreEventTriggersAreWhatRunsReceive) {
    put_incident(
        "vpn-brute-force",
        {{"title", "Brute force on vpn-gw"}, {"severity", "Medium"}, {"status", "Active"}});
    auto current = get("incidents/vpn-brute-force").json();
    current["properties"]["severity"] = "High";
    ASSERT_EQ(put("incidents/vpn-brute-force", current).status, 200);
    const auto updated = run_in_this_workspace("incident-updated");
    ASSERT_FALSE(updated.is_null());
    ASSERT_EQ(updated["status"], "succeeded") << updated.dump(2);
    EXPECT_EQ(documented_trigger_difference(
                  updated["result"], updated["trigger"]["payload"],
                  {"/workspace/name", "/incident/incidentNumber", "/incident/providerIncidentId",
                   "/incident/createdTimeUtc", "/incident/lastModifiedTimeUtc"}),
              "")
        << "docs/triggers.md (tests/api/fixtures/playbooks/incident-updated.lua) shows another "
           "ctx.trigger than the run received:\n"
        << updated["trigger"]["payload"].dump(2);

    ASSERT_EQ(ingest({{"systemAlertId", "c1d2e3f4-aaaa-4bbb-8ccc-000000000001"},
                      {"alertDisplayName", "Impossible travel for j.doe"},
                      {"severity", "Medium"},
                      {"productName", "Contoso Identity Protection"},
                      {"timeGenerated", "2024-05-01T10:00:00Z"},
                      {"entities", {{{"kind", "Account"}, {"accountName", "j.doe"}}}}})
                  .status,
              201);
    const auto alert = run_in_this_workspace("alert-created");
    ASSERT_FALSE(alert.is_null());
    ASSERT_EQ(alert["status"], "succeeded") << alert.dump(2);
    EXPECT_EQ(documented_trigger_difference(alert["result"], alert["trigger"]["payload"],
                                            {"/workspace/name"}),
              "")
        << "docs/triggers.md (tests/api/fixtures/playbooks/alert-created.lua) shows another "
           "ctx.trigger than the run received:\n"
        << alert["trigger"]["payload"].dump(2);
}

TEST_F(automation_run, RulesTriggeringEachOtherStopAtTheChainBound) {
    put_rule("down",
             rule("High back to Low", 1, "Updated", {changed_to("IncidentSeverity", "High")},
                  {modify({{"severity", "Low"}})}));
    put_rule("raise-up",
             rule("Low back to High", 2, "Updated", {changed_to("IncidentSeverity", "Low")},
                  {modify({{"severity", "High"}})}));
    put_incident("loop-1", {{"title", "Ping-pong"}, {"severity", "Medium"}, {"status", "New"}});
    auto current = get("incidents/loop-1").json();
    current["properties"]["severity"] = "High";
    ASSERT_EQ(put("incidents/loop-1", current).status, 200);
    // automation.max_chain is 5: five rule writes (depths 0..4), then no rule runs.
    wait_for("incidents/loop-1/activities",
             [&](const json&) { return rule_entries("loop-1").size() >= 5; });
    // A later change goes through the same queue, so once its rule has acted, the chain is over.
    put_rule("sync",
             rule("Comment marker", 3, "Updated",
                  {{{"conditionType", "PropertyArrayChanged"},
                    {"conditionProperties", {{"arrayType", "Comments"}, {"changeType", "Added"}}}}},
                  {modify({{"labels", {{{"labelName", "synced"}}}}})}));
    ASSERT_EQ(
        put("incidents/loop-1/comments/comment-1", {{"properties", {{"message", "look"}}}}).status,
        201);
    incident_once("loop-1", [](const json& i) { return has_label(i, "synced"); });
    std::size_t severity_writes = 0;
    for (const auto& e : rule_entries("loop-1"))
        severity_writes += e["actor"]["objectId"] != "sync";
    EXPECT_EQ(severity_writes, 5u);
}

}  // namespace
}  // namespace tocsin::test
