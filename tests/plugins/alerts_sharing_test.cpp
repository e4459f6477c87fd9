// alerts.incidents_sharing_entities on a real SQLite store: which incidents an alert's entities
// lead to (open, recent, not already holding the alert), by kind, and its errors.

#include "tests/runner/runner_fixture.hpp"

namespace tocsin::runner::test {
namespace {

// Two correlatable alerts naming 10.1.2.3, each in an incident of its own, and a third alert
// elsewhere; the Lua prelude of every case below.
constexpr const char* prelude = R"(
local function alert(title, entities)
  return tocsin.alerts.create{ title = title, correlate = true, entities = entities }.alert
end
local a1 = alert('Beacon', { { kind = 'Ip', address = '10.1.2.3' } })
local a2 = alert('Scan', { { kind = 'Ip', address = '10.1.2.3' }, { kind = 'Account', accountName = 'ann' } })
local a3 = alert('Other', { { kind = 'Ip', address = '192.0.2.9' }, { kind = 'Account', accountName = 'ann' } })
local i1 = tocsin.incidents.create{ title = 'Beacon' }
local i2 = tocsin.incidents.create{ title = 'Scan' }
local i3 = tocsin.incidents.create{ title = 'Other' }
tocsin.relations.add{ incident = i1.name, alert = a1.name }
tocsin.relations.add{ incident = i2.name, alert = a2.name }
tocsin.relations.add{ incident = i3.name, alert = a3.name }
)";

TEST(AlertsSharingEntities, FindsOpenIncidentsSharingAnIpButNotTheAlertsOwn) {
    runner_fixture fx;
    const auto r = fx.run(std::string(prelude) + R"(
local found = tocsin.alerts.incidents_sharing_entities{ alert = a2.name, kind = 'ips' }
local from_a1 = tocsin.alerts.incidents_sharing_entities{ alert = a1.name, kind = 'ips', hours = 1 }
local by_account = tocsin.alerts.incidents_sharing_entities{ alert = a2.name, kind = 'accounts' }
local none = tocsin.alerts.incidents_sharing_entities{ alert = a3.name, kind = 'ips' }
tocsin.incidents.close{ incident = i1.name, classification = 'Undetermined' }
local after_close = tocsin.alerts.incidents_sharing_entities{ alert = a2.name, kind = 'ips' }
return { #found, found[1].incident == i1.name, found[1].incidentNumber == i1.incidentNumber,
         found[1].entity.kind, found[1].entity.friendlyName, found[1].sharedWithAlert == a1.name,
         found[1].alertsCount, #from_a1, from_a1[1].incident == i2.name,
         #by_account, by_account[1].incident == i3.name, #none, #after_close }
)");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result, json::parse(R"([1,true,true,"Ip","10.1.2.3",true,1,1,true,1,true,0,0])"));
}

TEST(AlertsSharingEntities, Errors) {
    runner_fixture fx;
    const auto r = fx.run(std::string(prelude) + R"(
local _, missing = tocsin.alerts.incidents_sharing_entities{ alert = 'missing' }
local _, zero = tocsin.alerts.incidents_sharing_entities{ alert = a1.name, hours = 0 }
local _, long = tocsin.alerts.incidents_sharing_entities{ alert = a1.name, hours = 721 }
return { missing.code, missing.field, zero.code, zero.field, long.code }
)");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(
        r.result,
        json::parse(R"(["not_found","alert","invalid_argument","hours","invalid_argument"])"));
    const auto bad =
        fx.run("tocsin.alerts.incidents_sharing_entities{ alert = 'a', kind = 'planets' }");
    EXPECT_EQ(bad.status, "failed");
    EXPECT_NE(bad.error.find("'kind' must be one of"), std::string::npos) << bad.error;
}

}  // namespace
}  // namespace tocsin::runner::test
