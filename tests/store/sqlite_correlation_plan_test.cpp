// The correlation lookup of the SQLite store is an index walk from the entity keys outwards —
// entities → alert_entities_by_entity → alerts PK → relations_by_alert → incidents PK — with no
// scan of a table that grows with the workspace, before and after ANALYZE gives the planner
// statistics. (With statistics, SQLite rightly scans a table of a row or two instead of seeking
// into it, so the seeded data keeps a real workspace's proportions: an incident per alert.)

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/correlation_repo.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using store::sqlite::connection;
using ::testing::HasSubstr;

std::vector<std::string> plan_of(connection& db, std::string_view sql) {
    auto st = db.prepare("EXPLAIN QUERY PLAN " + std::string(sql));
    std::vector<std::string> lines;
    while (st.step())
        lines.push_back(st.text(3));
    return lines;
}

// The plan lines that scan one of the tables (or their aliases in the query) whose size grows
// with the workspace. Old SQLite spells it "SCAN TABLE x", newer "SCAN x".
std::vector<std::string> scans_of_big_tables(const std::vector<std::string>& plan) {
    static const std::set<std::string> big{
        "alerts", "a", "relations", "r", "incidents", "i", "alert_entities", "ae", "entities", "e"};
    std::vector<std::string> out;
    for (const auto& line : plan) {
        std::istringstream words(line);
        std::string word;
        words >> word;
        if (word != "SCAN")
            continue;
        while (words >> word) {
            if (big.count(word) != 0) {
                out.push_back(line);
                break;
            }
        }
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

void expect_index_walk(connection& db) {
    const auto plan = plan_of(db, store::sqlite::correlation_candidates_sql);
    const auto text = joined(plan);
    EXPECT_THAT(scans_of_big_tables(plan), ::testing::IsEmpty()) << text;
    EXPECT_THAT(text, HasSubstr("(workspace_id=? AND identity_key=?)")) << text;
    EXPECT_THAT(text, HasSubstr("alert_entities_by_entity")) << text;
    EXPECT_THAT(text, HasSubstr("relations_by_alert")) << text;
    EXPECT_THAT(text, HasSubstr("SEARCH a USING INTEGER PRIMARY KEY")) << text;
    EXPECT_THAT(text, HasSubstr("SEARCH i USING INTEGER PRIMARY KEY")) << text;
}

TEST(sqlite_correlation_plan, candidates_are_an_index_walk) {
    temp_dir dir;
    event_bus bus;
    const auto file = dir.path() / "plan.db";
    const model::workspace_ref ws{"sub", "rg", "ws"};
    {
        store::sqlite_store s(file, bus);
        // Enough rows for ANALYZE to have something to say about every table on the path: a
        // few hosts named by many alerts, each alert in an incident of its own.
        for (int n = 0; n < 30; ++n) {
            model::alert a;
            a.system_alert_id = "plan-" + std::to_string(n);
            a.display_name = "Plan";
            model::entity e;
            e.kind = model::entity_kind::host;
            e.properties = {{"hostName", "host-" + std::to_string(n % 3)}};
            a.entities = {e};
            s.create_alert(ws, a, {});
            model::incident i;
            i.title = "Plan " + std::to_string(n);
            s.create_incident_with_alerts(ws, i, {a.system_alert_id}, {});
        }
    }
    connection raw(file, {});
    expect_index_walk(raw);
    raw.exec("ANALYZE");
    expect_index_walk(raw);
}

TEST(sqlite_correlation_plan, the_scan_detector_sees_a_scan) {
    temp_dir dir;
    event_bus bus;
    const auto file = dir.path() / "detector.db";
    { store::sqlite_store s(file, bus); }
    connection raw(file, {});
    const auto plan = plan_of(raw, "SELECT * FROM alerts a WHERE a.display_name = 'x'");
    EXPECT_EQ(scans_of_big_tables(plan).size(), 1u) << joined(plan);
}

}  // namespace
}  // namespace tocsin::test
