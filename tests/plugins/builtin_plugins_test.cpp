// The built-in plugins through Lua against a real SQLite store: each action's happy path, schema
// rejections (raise, field named) and operational errors (nil, err with code/message/retryable).

#include "tests/runner/runner_fixture.hpp"

namespace tocsin::runner::test {
namespace {

class Plugins : public ::testing::Test {
  protected:
    store::run_record ok(const std::string& body) {
        auto r = fx.run(body);
        EXPECT_EQ(r.status, "succeeded") << r.error;
        return r;
    }
    // The error message of a run that raised.
    std::string raised(const std::string& body) {
        auto r = fx.run(body);
        EXPECT_EQ(r.status, "failed");
        return r.error;
    }
    runner_fixture fx;
};

TEST_F(Plugins, IncidentsLifecycle) {
    const auto r = ok(R"(
local inc = tocsin.incidents.create{ title = 'Phish', description = 'd', severity = 'Low',
                                     labels = { 'a' } }
local up = tocsin.incidents.update{ incident = inc.name, severity = 'High', status = 'Active' }
local lab = tocsin.incidents.add_labels{ incident = inc.name, labels = { 'a', 'b' } }
local own = tocsin.incidents.assign{ incident = inc.name, owner = { email = 'ann@contoso.com' } }
local c = tocsin.incidents.add_comment{ incident = inc.name, message = 'looked at it' }
local t = tocsin.incidents.add_task{ incident = inc.name, title = 'reset password' }
local closed = tocsin.incidents.close{ incident = inc.name, classification = 'TruePositive',
                                       reason = 'SuspiciousActivity', comment = 'confirmed' }
local high = tocsin.incidents.list{ severity = 'High' }
local new = tocsin.incidents.list{ status = 'New' }
return { up.severity, up.status, #lab.labels, own.owner.email, c.message, t.title,
         closed.status, closed.classification, #high, #new, inc.incidentNumber }
)");
    EXPECT_EQ(r.result, json::parse(R"(["High","Active",2,"ann@contoso.com","looked at it",
        "reset password","Closed","TruePositive",1,0,1])"));
    const auto names = fx.store().list_incidents(test_workspace(), {}).items;
    ASSERT_EQ(names.size(), 1u);
    const auto activity = fx.store().activity_of_incident(test_workspace(), names[0].name);
    ASSERT_FALSE(activity.empty());
    for (const auto& a : activity) {
        EXPECT_EQ(a.actor.type, model::principal::kind::playbook) << a.action;
        EXPECT_EQ(a.actor.id, r.id);
        EXPECT_EQ(a.actor.name, "test");
    }
}

TEST_F(Plugins, IncidentsErrors) {
    EXPECT_NE(raised("tocsin.incidents.create{ description = 'x' }").find("'title' is required"),
              std::string::npos);
    EXPECT_NE(raised("tocsin.incidents.create{ title = 5 }").find("'title' must be a string"),
              std::string::npos);
    EXPECT_NE(raised("tocsin.incidents.list{ top = 'ten' }").find("'top'"), std::string::npos);
    const auto r = ok(R"(
local inc = tocsin.incidents.create{ title = 'x' }
local _, bad_reason = tocsin.incidents.close{ incident = inc.name, classification = 'FalsePositive',
                                             reason = 'SuspiciousActivity' }
local _, no_reason = tocsin.incidents.close{ incident = inc.name, classification = 'TruePositive' }
local _, gone = tocsin.incidents.update{ incident = 'missing', title = 'y' }
local _, top = tocsin.incidents.list{ top = 0 }
local deleted = tocsin.incidents.delete{ incident = inc.name }
local _, again = tocsin.incidents.delete{ incident = inc.name }
local _, comment = tocsin.incidents.add_comment{ incident = inc.name, message = 'x' }
return { bad_reason.code, no_reason.code, gone.code, top.code, deleted.deleted == inc.name,
         again.code, comment.code, again.retryable }
)");
    // A verdict that takes reasons without one is the domain's missing_field.
    EXPECT_EQ(r.result, json::parse(R"(["invalid_argument","missing_field","not_found",
        "invalid_argument",true,"not_found","not_found",false])"));
}

TEST_F(Plugins, AlertsRelationsAndEntitiesEndToEnd) {
    const auto r = ok(R"(
local made = tocsin.alerts.create{
  title = 'Manual: beacon', severity = 'High', category = 'C2', techniques = { 'T1071' },
  description = 'seen by analyst', recommended_actions = { 'isolate' },
  entities = { { kind = 'Ip', address = '10.1.2.3' }, { kind = 'Account', accountName = 'ann' } },
  evidence = { pcap = 'x.pcap' } }
local other = tocsin.incidents.create{ title = 'Campaign' }
local rel = tocsin.relations.add{ incident = other.name, alert = made.alert.name }
local dup = tocsin.relations.add{ incident = other.name, alert = made.alert.name,
                                  relation_name = rel.name }
local list = tocsin.relations.list{ incident = other.name }
local ents = tocsin.entities.get{ incident = other.name }
local ips = tocsin.entities.get{ alert = made.alert.name, kind = 'ips' }
local incs = tocsin.alerts.get_incidents{ alert = made.alert.name }
local got = tocsin.alerts.get{ alert = made.alert.name }
local all = tocsin.alerts.list{}
local closed = tocsin.incidents.close{ incident = other.name, classification = 'BenignPositive',
                                       reason = 'SuspiciousButExpected' }
local removed = tocsin.relations.remove{ incident = other.name, alert = made.alert.name }
local after = tocsin.relations.list{ incident = other.name }
return { made.incident.title, made.incident.additionalData.alertsCount, rel.created,
         dup.created, #list, #ents, #ips, ips[1].properties.address, #incs,
         got.alertDisplayName, #all, closed.status, removed.removed == rel.name, #after }
)");
    EXPECT_EQ(r.result, json::parse(R"(["Manual: beacon",1,true,false,1,2,1,"10.1.2.3",2,
        "Manual: beacon",1,"Closed",true,0])"));
    const auto alerts = fx.store().list_alerts(test_workspace(), {}).items;
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].detection_source, "Manual");
    EXPECT_EQ(alerts[0].additional_data["evidence"]["pcap"], "x.pcap");
}

TEST_F(Plugins, AlertsRelationsEntitiesErrors) {
    EXPECT_NE(raised("tocsin.alerts.create{ title = 'x' }").find("'entities' is required"),
              std::string::npos);
    EXPECT_NE(raised("tocsin.relations.add{ incident = 'x' }").find("'alert' is required"),
              std::string::npos);
    EXPECT_NE(raised("tocsin.entities.get{ kind = 'planets' }").find("'kind' must be one of"),
              std::string::npos);
    const auto r = ok(R"(
local _, none = tocsin.alerts.create{ title = 'x', entities = json.empty_array }
local _, badtech = tocsin.alerts.create{ title = 'x', techniques = { 'nope' },
                                         entities = { { kind = 'Ip', address = '1.2.3.4' } } }
local _, noinc = tocsin.alerts.create{ title = 'x', incident = 'missing',
                                       entities = { { kind = 'Ip', address = '1.2.3.4' } } }
local inc = tocsin.incidents.create{ title = 'i' }
local _, noalert = tocsin.relations.add{ incident = inc.name, alert = 'missing' }
local _, norel = tocsin.relations.remove{ incident = inc.name, relation_name = 'nothing-here' }
local _, both = tocsin.entities.get{}
local _, getmissing = tocsin.alerts.get{ alert = 'missing' }
local alerts = tocsin.alerts.list{}
return { none.code, none.field, badtech.code, noinc.code, noalert.code, norel.code, both.code,
         getmissing.code, #alerts }
)");
    EXPECT_EQ(r.result[0], "invalid_argument");
    EXPECT_EQ(r.result[1], "entities");
    EXPECT_EQ(r.result[2], "invalid_argument");
    EXPECT_EQ(r.result[3], "not_found");
    EXPECT_EQ(r.result[4], "not_found");
    EXPECT_EQ(r.result[5], "not_found");
    EXPECT_EQ(r.result[6], "invalid_argument");
    EXPECT_EQ(r.result[7], "not_found");
    EXPECT_EQ(r.result[8], 0);  // nothing half-written by the failed creates
}

TEST_F(Plugins, ExplicitWorkspaceIsolatesData) {
    const auto r = ok(R"(
local ws = { subscription = 'other-sub', resourceGroup = 'rg', name = 'ws2' }
local inc = tocsin.incidents.create{ title = 'elsewhere', workspace = ws }
local here = tocsin.incidents.list{}
local there = tocsin.incidents.list{ workspace = ws }
return { #here, #there, there[1].name == inc.name }
)");
    EXPECT_EQ(r.result, json::parse("[0,1,true]"));
    EXPECT_NE(raised("tocsin.incidents.list{ workspace = { name = 'x' } }")
                  .find("'workspace.subscription' is required"),
              std::string::npos);
}

TEST_F(Plugins, Util) {
    const auto r = ok(R"(
local enc = tocsin.util.json_encode{ value = { a = 1 } }
local dec = tocsin.util.json_decode{ text = '{"b":[1,2]}' }
local _, bad = tocsin.util.json_decode{ text = '{' }
local id = tocsin.util.uuid{}
local t = tocsin.util.time_format{ time = 1700000000 }
local p = tocsin.util.time_parse{ text = '2023-11-14T22:13:20Z' }
local _, badtime = tocsin.util.time_parse{ text = 'yesterday' }
local m = tocsin.util.regex_match{ pattern = '(\\d+)\\.(\\d+)', text = 'v 10.25' }
local i = tocsin.util.regex_match{ pattern = 'ABC', text = 'xabcx', ignore_case = true }
local _, badre = tocsin.util.regex_match{ pattern = '(', text = 'x' }
local slept = tocsin.util.sleep{ ms = 1 }
return { enc, dec.b[2], bad.code, #id, t, p, badtime.code, m.matched, m.groups[2], m.groups[3],
         i.matched, badre.code, badre.field, slept }
)");
    EXPECT_EQ(r.result, json::parse(R"(["{\"a\":1}",2,"invalid_argument",36,
        "2023-11-14T22:13:20Z",1700000000,"invalid_argument",true,"10","25",true,
        "invalid_argument","pattern",true])"));
    EXPECT_NE(raised("tocsin.util.regex_match{ pattern = 'x', text = string.rep('a', 20000) }")
                  .find("'text'"),
              std::string::npos);
}

}  // namespace
}  // namespace tocsin::runner::test
