// SQLite-specific behaviour of sqlite_store: the file, pragmas, schema migrations, the
// append-only activity log, and index use on the correlation path.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "engine/metrics/registry.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/migrations.hpp"
#include "engine/store/sqlite/query_compiler.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sqlite_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using store::sqlite::connection;
using store::sqlite::connection_options;
using ::testing::HasSubstr;

using sqlite_support::incident;
using sqlite_support::writes_per_commit;
using sqlite_support::ws;

std::string pragma_text(connection& db, const char* sql) {
    auto st = db.prepare(sql);
    return st.step() ? st.text(0) : std::string{};
}

class sqlite_store_test : public ::testing::Test {
  protected:
    temp_dir dir_;
    event_bus bus_;
};

TEST_F(sqlite_store_test, creates_the_file_and_its_directories_in_wal_mode) {
    const auto file = dir_ / "nested" / "deeper" / "tocsin.db";
    {
        store::sqlite_store s(file, bus_);
        EXPECT_TRUE(std::filesystem::exists(file));
        EXPECT_EQ(s.schema_version(), store::sqlite::latest_schema_version());
        s.put_incident(ws, incident("Hello", "inc-1"), {});
    }
    connection raw(file, {});
    EXPECT_EQ(pragma_text(raw, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragma_text(raw, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(pragma_text(raw, "PRAGMA synchronous"), "2");  // FULL by default
    connection_options normal;
    normal.synchronous = store::sqlite::synchronous_mode::normal;
    connection relaxed(file, normal);
    EXPECT_EQ(pragma_text(relaxed, "PRAGMA synchronous"), "1");
    EXPECT_EQ(pragma_text(raw, "PRAGMA cache_size"), "-2000");  // SQLite's default
    connection_options big_cache;
    big_cache.cache_kib = 65536;
    connection cached(file, big_cache);
    EXPECT_EQ(pragma_text(cached, "PRAGMA cache_size"), "-65536");
}

TEST_F(sqlite_store_test, reopening_keeps_data_and_schema_version) {
    const auto file = dir_ / "tocsin.db";
    std::string etag;
    int version = 0;
    {
        store::sqlite_store s(file, bus_);
        etag = s.put_incident(ws, incident("Kept", "inc-kept"), {}).value.etag;
        version = s.schema_version();
        s.close();
    }
    store::sqlite_store again(file, bus_);
    EXPECT_EQ(again.schema_version(), version);
    auto found = again.find_incident(ws, "inc-kept");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->etag, etag);
    connection raw(file, {});
    auto st = raw.prepare("SELECT COUNT(*) FROM schema_migrations");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), store::sqlite::latest_schema_version());  // each applied once
}

TEST_F(sqlite_store_test, an_older_database_is_migrated_in_place) {
    const auto file = dir_ / "old.db";
    {
        connection raw(file, {});
        EXPECT_EQ(store::sqlite::migrate(raw, time_point{}, 1), 1);
        // Data written by a version-1 build.
        raw.exec(
            "INSERT INTO workspaces (id, key, subscription, resource_group, name, "
            "next_incident_number, created_ms) VALUES (1, 'sub/rg/ws', 'sub', 'rg', 'ws', 8, 0);"
            "INSERT INTO incidents (workspace_id, name, number, title, severity, severity_rank, "
            "status, provider_name, provider_incident_id, created_ms, last_modified_ms, etag) "
            "VALUES (1, 'inc-v1', 7, 'From v1', 'High', 3, 'New', 'Tocsin', '7', 0, 0, 'e1');");
        EXPECT_EQ(store::sqlite::schema_version_of(raw), 1);
    }
    store::sqlite_store s(file, bus_);
    EXPECT_EQ(s.schema_version(), store::sqlite::latest_schema_version());
    auto found = s.find_incident(ws, "inc-v1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->title, "From v1");
    EXPECT_EQ(found->severity, model::severity::high);
    EXPECT_EQ(s.put_incident(ws, incident("New", ""), {}).value.number, 8);
    s.close();

    connection raw(file, {});
    auto st = raw.prepare(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = 'alerts_by_generated'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);
}

TEST_F(sqlite_store_test, a_database_from_a_newer_release_is_refused) {
    const auto file = dir_ / "future.db";
    { store::sqlite_store s(file, bus_); }
    {
        connection raw(file, {});
        auto st = raw.prepare(
            "INSERT INTO schema_migrations (version, description, applied_at_ms) VALUES (?, ?, 0)");
        st.bind_all(store::sqlite::latest_schema_version() + 1, "from the future");
        st.run();
    }
    try {
        store::sqlite_store s(file, bus_);
        FAIL() << "a newer schema was accepted";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::storage);
        EXPECT_THAT(e.what(),
                    HasSubstr("is at schema version " +
                              std::to_string(store::sqlite::latest_schema_version() + 1)));
        EXPECT_THAT(e.what(), HasSubstr("newer than this build of Tocsin supports"));
    }
}

TEST_F(sqlite_store_test, a_file_that_is_not_a_database_is_a_storage_error) {
    const auto file = dir_ / "garbage.db";
    {
        std::FILE* f = std::fopen(file.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::fputs("this is not an SQLite database, just some text padded out to a page.........",
                   f);
        std::fclose(f);
    }
    try {
        store::sqlite_store s(file, bus_);
        FAIL() << "garbage accepted";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::storage) << e.what();
    }
}

TEST_F(sqlite_store_test, the_activity_log_is_append_only) {
    const auto file = dir_ / "audit.db";
    {
        store::sqlite_store s(file, bus_);
        s.put_incident(ws, incident("Audited", "inc-audit"), {});
    }
    connection raw(file, {});
    try {
        raw.exec("UPDATE activity SET action = 'forged'");
        FAIL() << "activity updated";
    } catch (const error& e) {
        EXPECT_THAT(e.what(), HasSubstr("append-only"));
    }
    EXPECT_THROW(raw.exec("DELETE FROM activity"), error);
}

// The correlation path (entity → alerts → incidents) and the other lookups are index walks.
TEST_F(sqlite_store_test, lookups_use_indexes) {
    const auto file = dir_ / "plan.db";
    { store::sqlite_store s(file, bus_); }
    connection raw(file, {});
    auto plan_of = [&](const std::string& sql) {
        auto st = raw.prepare("EXPLAIN QUERY PLAN " + sql);
        std::string plan;
        while (st.step())
            plan += st.text(3) + "\n";
        return plan;
    };
    const std::vector<std::string> queries{
        // entity → alerts → incidents
        "SELECT i.name FROM entities e JOIN alert_entities ae ON ae.entity_id = e.id "
        "JOIN relations r ON r.alert_id = ae.alert_id JOIN incidents i ON i.id = r.incident_id "
        "WHERE e.workspace_id = 1 AND e.identity_key = 'host|x'",
        "SELECT id FROM alerts WHERE system_alert_id = 'a' AND workspace_id <> 1",
        "SELECT * FROM incidents WHERE workspace_id = 1 AND name = 'x'",
        "SELECT * FROM activity WHERE workspace_id = 1 AND incident_name = 'x' ORDER BY id",
        "SELECT * FROM relations WHERE incident_id = 1 AND name = 'x'",
        "SELECT * FROM comments WHERE incident_id = 1 ORDER BY created_ms",
        "SELECT * FROM incidents i WHERE i.workspace_id = 1 ORDER BY i.created_ms DESC, i.id DESC "
        "LIMIT 10",
        "SELECT * FROM alerts a WHERE a.workspace_id = 1 AND a.product_name = 'p' "
        "ORDER BY a.time_generated_ms DESC, a.id DESC LIMIT 10",
    };
    for (const auto& q : queries) {
        const auto plan = plan_of(q);
        EXPECT_THAT(plan, ::testing::Not(HasSubstr("SCAN"))) << q << "\n" << plan;
    }
}

// The incident lists the API serves by default (newest first) and by modification time walk
// an index in order: no full sort of the workspace's incidents per page.
TEST_F(sqlite_store_test, incident_lists_by_time_walk_an_index) {
    const auto file = dir_ / "list-plan.db";
    { store::sqlite_store s(file, bus_); }
    connection raw(file, {});
    for (const auto field :
         {store::incident_field::created_time, store::incident_field::last_modified_time}) {
        store::incident_query query;
        query.order_by = {{field, /*descending=*/true}};
        const auto compiled = store::sqlite::compile_incident_query(1, query);
        auto st = raw.prepare("EXPLAIN QUERY PLAN " + compiled.sql);
        store::sqlite::bind_params(st, compiled.params);
        std::string plan;
        while (st.step())
            plan += st.text(3) + "\n";
        EXPECT_THAT(plan, HasSubstr("USING INDEX")) << compiled.sql << "\n" << plan;
        EXPECT_THAT(plan, ::testing::Not(HasSubstr("TEMP B-TREE"))) << compiled.sql << "\n" << plan;
    }
}

TEST_F(sqlite_store_test, close_is_final_and_idempotent) {
    store::sqlite_store s(dir_ / "closing.db", bus_);
    s.close();
    s.close();
    try {
        s.put_incident(ws, incident("Late", "inc-late"), {});
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::unavailable);
    }
    // The WAL was checkpointed into the database on close.
    EXPECT_FALSE(std::filesystem::exists(dir_ / "closing.db-wal"));
}

// Runs `waiting` incident creations that start while one slow update holds the writer, so they
// queue behind it; returns how the commits of all of them were grouped.
metrics::histogram::snapshot writes_queued_behind_a_slow_one(store::sqlite_store& s, int waiting) {
    s.put_incident(ws, incident("Slow", "inc-slow"), {});
    const auto before = writes_per_commit();
    std::atomic<int> started{0};
    std::thread slow([&] {
        s.update_incident(ws, "inc-slow",
                          [&](model::incident& i) {
                              for (int n = 0; n < 500 && started.load() < waiting; ++n)
                                  std::this_thread::sleep_for(std::chrono::milliseconds(10));
                              std::this_thread::sleep_for(std::chrono::milliseconds(100));
                              i.title = "Slow, done";
                          },
                          {});
    });
    std::vector<std::thread> writers;
    for (int n = 0; n < waiting; ++n)
        writers.emplace_back([&s, &started, n] {
            ++started;
            s.put_incident(ws, incident("Queued", "inc-queued-" + std::to_string(n)), {});
        });
    slow.join();
    for (auto& t : writers)
        t.join();
    for (int n = 0; n < waiting; ++n)
        EXPECT_TRUE(s.find_incident(ws, "inc-queued-" + std::to_string(n)));
    auto after = writes_per_commit();
    after.count -= before.count;
    after.sum -= before.sum;
    for (std::size_t b = 0; b < after.cumulative.size(); ++b)
        after.cumulative[b] -= before.cumulative[b];
    return after;
}

TEST_F(sqlite_store_test, writes_waiting_for_the_writer_commit_together) {
    store::sqlite_store s(dir_ / "grouped.db", bus_);
    const auto commits = writes_queued_behind_a_slow_one(s, 6);
    EXPECT_EQ(commits.sum, 7);  // every write counted once: the slow one and the six behind it
    EXPECT_LT(commits.count, 7u) << "no two writes shared a transaction";
    EXPECT_LT(commits.cumulative[0], commits.count) << "every commit held one write";
}

TEST_F(sqlite_store_test, group_commit_max_of_one_commits_each_write_alone) {
    store::sqlite_options opts;
    opts.group_commit_max = 1;
    store::sqlite_store s(dir_ / "alone.db", bus_, opts);
    const auto commits = writes_queued_behind_a_slow_one(s, 6);
    EXPECT_EQ(commits.sum, 7);
    EXPECT_EQ(commits.count, 7u);
    EXPECT_EQ(commits.cumulative[0], 7u);  // all of them in the "1 write" bucket
}

// Each waiter has its own wake-up: a commit wakes the writers it finished and the next leader.
// With groups smaller than the queue, a leader may commit others' writes before its own, and
// the waiter at the front must then lead: a lost wake-up would leave a thread waiting forever.
TEST_F(sqlite_store_test, every_queued_write_returns_when_groups_are_smaller_than_the_queue) {
    store::sqlite_options opts;
    opts.group_commit_max = 3;
    store::sqlite_store s(dir_ / "small-groups.db", bus_, opts);
    const auto before = writes_per_commit();
    constexpr int threads = 16;
    constexpr int each = 25;
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t)
        writers.emplace_back([&s, t] {
            for (int n = 0; n < each; ++n)
                s.put_incident(
                    ws, incident("Queued", "inc-" + std::to_string(t) + "-" + std::to_string(n)),
                    {});
        });
    for (auto& w : writers)
        w.join();
    const auto after = writes_per_commit();
    EXPECT_EQ(after.sum - before.sum, threads * each);
    EXPECT_LT(after.count - before.count, static_cast<std::uint64_t>(threads * each))
        << "no two writes shared a transaction";
    for (int t = 0; t < threads; ++t)
        for (int n = 0; n < each; ++n)
            ASSERT_TRUE(s.find_incident(ws, "inc-" + std::to_string(t) + "-" + std::to_string(n)));
}

}  // namespace
}  // namespace tocsin::test
