// The WAL-append VFS (engine/store/sqlite/wal_append_vfs.hpp): a commit reaches the WAL in one
// write, and nothing a reader, a reopen or a rollback sees differs from SQLite's own VFS.

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <string>

#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/wal_append_vfs.hpp"
#include "tests/store/sqlite_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using store::sqlite::connection;
using store::sqlite::connection_options;
using store::sqlite::synchronous_mode;
using store::sqlite::wal_append_totals;

// Text of `size` characters that differs with `seed`, so a row read back proves its own bytes.
std::string row_text(int seed, std::size_t size) {
    std::string text(size, ' ');
    unsigned state = static_cast<unsigned>(seed) * 2654435761u + 1;
    for (auto& c : text) {
        state = state * 1103515245u + 12345u;
        c = static_cast<char>('a' + (state >> 16) % 26);
    }
    return text;
}

connection_options coalescing() {
    connection_options options;
    options.coalesce_wal_writes = true;
    return options;
}

std::string vfs_name(connection& db) {
    sqlite3_vfs* vfs = nullptr;
    sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_VFS_POINTER, &vfs);
    return vfs != nullptr ? vfs->zName : "";
}

std::int64_t scalar(connection& db, const char* sql) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.step()) << sql;
    return st.int64(0);
}

void insert_rows(connection& db, int first, int count, std::size_t size) {
    auto st = db.prepare("INSERT INTO t (id, body) VALUES (?, ?)");
    for (int id = first; id < first + count; ++id) {
        st.bind_all(id, row_text(id, size));
        st.run();
        st.reset();
    }
}

// Every row holds row_text(id, size), read through a fresh default-VFS connection.
void expect_rows(const std::filesystem::path& file, int count, std::size_t size) {
    connection reader(file, {});
    EXPECT_EQ(scalar(reader, "SELECT count(*) FROM t"), count);
    auto st = reader.prepare("SELECT id, body FROM t ORDER BY id");
    int seen = 0;
    while (st.step()) {
        const auto id = static_cast<int>(st.int64(0));
        ASSERT_EQ(st.text(1), row_text(id, size)) << "row " << id;
        ++seen;
    }
    EXPECT_EQ(seen, count);
    auto check = reader.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.text(0), "ok");
}

class sqlite_wal_append_test : public ::testing::Test {
  protected:
    void SetUp() override {
        connection setup(file_, {});
        setup.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    }

    temp_dir dir_;
    std::filesystem::path file_ = dir_ / "wal.db";
};

TEST_F(sqlite_wal_append_test, only_a_writer_that_syncs_each_commit_uses_it) {
    connection writer(file_, coalescing());
    EXPECT_EQ(vfs_name(writer), store::sqlite::wal_append_vfs());

    auto normal = coalescing();
    normal.synchronous = synchronous_mode::normal;
    connection relaxed(file_, normal);
    EXPECT_EQ(vfs_name(relaxed), "unix");

    auto reader = coalescing();
    reader.read_only = true;
    connection read_only(file_, reader);
    EXPECT_EQ(vfs_name(read_only), "unix");

    connection plain(file_, {});
    EXPECT_EQ(vfs_name(plain), "unix");

    const auto before = wal_append_totals();
    relaxed.exec("BEGIN");
    insert_rows(relaxed, 1, 50, 500);
    relaxed.exec("COMMIT");
    EXPECT_EQ(wal_append_totals().appends, before.appends);
}

TEST_F(sqlite_wal_append_test, each_commit_reaches_the_wal_in_one_write) {
    connection writer(file_, coalescing());
    // The first commit of a WAL also writes and syncs the WAL's header, a write of its own.
    insert_rows(writer, 1000, 1, 300);
    for (int commit = 0; commit < 5; ++commit) {
        const auto before = wal_append_totals();
        writer.exec("BEGIN");
        insert_rows(writer, commit * 100 + 1, 100, 300);  // ~30 KB: several pages, one block
        writer.exec("COMMIT");
        const auto after = wal_append_totals();
        // SQLite appends a header and a page per frame; all of them went out together.
        EXPECT_GE(after.appends - before.appends, 2 * 8u) << "commit " << commit;
        EXPECT_EQ(after.writes - before.writes, 1u) << "commit " << commit;
    }
    expect_rows(file_, 501, 300);
}

TEST_F(sqlite_wal_append_test, another_connection_reads_each_commit_as_soon_as_it_returns) {
    connection writer(file_, coalescing());
    connection_options read_only;
    read_only.read_only = true;
    connection reader(file_, read_only);
    for (int id = 1; id <= 100; ++id) {
        insert_rows(writer, id, 1, 2000);
        auto st = reader.prepare("SELECT body FROM t WHERE id = ?");
        st.bind(1, id);
        ASSERT_TRUE(st.step()) << "row " << id << " not visible after its commit";
        ASSERT_EQ(st.text(0), row_text(id, 2000));
    }
}

TEST_F(sqlite_wal_append_test, a_transaction_larger_than_its_page_cache_and_a_block_reads_back) {
    auto small_cache = coalescing();
    small_cache.cache_kib = 64;  // pages spill to the WAL long before the commit
    const int rows = 3000;
    const std::size_t size = 4000;  // ~12 MB: many blocks
    {
        connection writer(file_, small_cache);
        const auto before = wal_append_totals();
        writer.exec("BEGIN");
        insert_rows(writer, 1, rows, size);
        // Changing rows whose pages already spilled makes SQLite read its own frames back.
        writer.exec("UPDATE t SET body = body WHERE id <= 100");
        EXPECT_EQ(scalar(writer, "SELECT count(*) FROM t"), rows);
        writer.exec("COMMIT");
        EXPECT_GE(wal_append_totals().writes - before.writes, 90u);
    }
    expect_rows(file_, rows, size);
}

TEST_F(sqlite_wal_append_test, a_rolled_back_transaction_leaves_nothing_behind) {
    auto small_cache = coalescing();
    small_cache.cache_kib = 64;
    {
        connection writer(file_, small_cache);
        writer.exec("BEGIN");
        insert_rows(writer, 1, 500, 4000);  // spills frames that the rollback abandons
        writer.exec("ROLLBACK");
        writer.exec("BEGIN");
        insert_rows(writer, 1, 20, 4000);
        writer.exec("COMMIT");
    }
    expect_rows(file_, 20, 4000);
}

TEST_F(sqlite_wal_append_test, the_store_coalesces_unless_told_not_to) {
    event_bus bus;
    const auto first = wal_append_totals();
    {
        store::sqlite_store coalesced(dir_ / "on.db", bus);
        coalesced.put_incident(sqlite_support::ws, sqlite_support::incident("On", "inc-on"), {});
    }
    const auto second = wal_append_totals();
    EXPECT_GT(second.writes, first.writes);
    EXPECT_GT(second.appends - first.appends, second.writes - first.writes);

    store::sqlite_options options;
    options.coalesce_wal_writes = false;
    {
        store::sqlite_store direct(dir_ / "off.db", bus, options);
        direct.put_incident(sqlite_support::ws, sqlite_support::incident("Off", "inc-off"), {});
    }
    EXPECT_EQ(wal_append_totals().appends, second.appends);
}

}  // namespace
}  // namespace tocsin::test
