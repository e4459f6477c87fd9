// The RAII layer over sqlite3: statements, the statement cache, transactions and savepoints,
// and the mapping of SQLite failures to errc.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/query_compiler.hpp"
#include "engine/store/sqlite/transaction.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using namespace store::sqlite;

class sqlite_layer_test : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = std::make_unique<connection>(dir_ / "layer.db", connection_options{});
        db_->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, at INTEGER)");
    }

    std::int64_t count() {
        auto st = db_->cached("SELECT COUNT(*) FROM t");
        st->step();
        return st->int64(0);
    }

    temp_dir dir_;
    std::unique_ptr<connection> db_;
};

TEST_F(sqlite_layer_test, binds_and_reads_every_type) {
    auto ins = db_->prepare("INSERT INTO t (name, at) VALUES (?, ?)");
    const time_point t{std::chrono::milliseconds{1735689600123}};
    ins.bind_all(std::string("o'hara; DROP TABLE t"), t);
    ins.run();
    ins.reset();
    ins.bind_all(nullptr, std::optional<time_point>{});
    ins.run();
    auto sel = db_->prepare("SELECT name, at FROM t ORDER BY id");
    ASSERT_TRUE(sel.step());
    EXPECT_EQ(sel.text(0), "o'hara; DROP TABLE t");
    EXPECT_EQ(sel.time(1), t);
    ASSERT_TRUE(sel.step());
    EXPECT_FALSE(sel.optional_text(0));
    EXPECT_FALSE(sel.optional_time(1));
    EXPECT_FALSE(sel.step());
}

TEST_F(sqlite_layer_test, a_transaction_rolls_back_unless_committed) {
    try {
        transaction txn(*db_, transaction::kind::immediate);
        db_->exec("INSERT INTO t (name) VALUES ('a')");
        throw std::runtime_error("abandon");
    } catch (const std::runtime_error&) {
    }
    EXPECT_FALSE(db_->in_transaction());
    EXPECT_EQ(count(), 0);
    {
        transaction txn(*db_, transaction::kind::immediate);
        db_->exec("INSERT INTO t (name) VALUES ('b')");
        txn.commit();
    }
    EXPECT_EQ(count(), 1);
}

TEST_F(sqlite_layer_test, a_savepoint_undoes_only_its_part) {
    transaction txn(*db_, transaction::kind::immediate);
    db_->exec("INSERT INTO t (name) VALUES ('kept')");
    {
        savepoint sp(*db_, "item");
        db_->exec("INSERT INTO t (name) VALUES ('dropped')");
    }
    {
        savepoint sp(*db_, "item");
        db_->exec("INSERT INTO t (name) VALUES ('released')");
        sp.release();
    }
    txn.commit();
    EXPECT_EQ(count(), 2);
}

TEST_F(sqlite_layer_test, failures_map_to_errc) {
    db_->exec("INSERT INTO t (name) VALUES ('dup')");
    try {
        db_->exec("INSERT INTO t (name) VALUES ('dup')");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::conflict);
        EXPECT_THAT(e.what(), ::testing::HasSubstr("UNIQUE"));
    }
    try {
        db_->prepare("SELEC nonsense");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::storage);
    }
    // A second writer waits busy_timeout, then reports a retryable error.
    connection_options impatient;
    impatient.busy_timeout = std::chrono::milliseconds(50);
    connection other(dir_ / "layer.db", impatient);
    transaction mine(*db_, transaction::kind::immediate);
    try {
        transaction theirs(other, transaction::kind::immediate);
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::unavailable);
        EXPECT_TRUE(e.info().retryable());
    }
}

TEST_F(sqlite_layer_test, nested_use_of_a_cached_statement_is_refused) {
    db_->exec("INSERT INTO t (name) VALUES ('x')");
    auto outer = db_->cached("SELECT name FROM t");
    ASSERT_TRUE(outer->step());
    try {
        auto inner = db_->cached("SELECT name FROM t");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::internal);
    }
}

TEST_F(sqlite_layer_test, a_read_only_connection_cannot_write) {
    connection_options ro;
    ro.read_only = true;
    connection reader(dir_ / "layer.db", ro);
    EXPECT_THROW(reader.exec("INSERT INTO t (name) VALUES ('no')"), error);
}

TEST(query_compiler_test, values_are_parameters_and_fields_come_from_the_whitelist) {
    using store::incident_field;
    using store::predicate;
    store::incident_query q;
    q.where = predicate::all_of(
        {predicate::compare(predicate::op::eq, incident_field::title, "'; DROP TABLE incidents --"),
         predicate::compare(predicate::op::contains, incident_field::labels, "50%_off")});
    q.order_by = {{incident_field::severity, true}};
    auto compiled = compile_incident_query(42, q);
    EXPECT_THAT(compiled.sql, ::testing::Not(::testing::HasSubstr("DROP")));
    EXPECT_THAT(compiled.sql, ::testing::Not(::testing::HasSubstr("50")));
    ASSERT_EQ(compiled.params.size(), 4u);  // workspace, title, label pattern, limit
    EXPECT_EQ(std::get<std::int64_t>(compiled.params[0]), 42);
    EXPECT_EQ(std::get<std::string>(compiled.params[1]), "'; DROP TABLE incidents --");
    EXPECT_EQ(std::get<std::string>(compiled.params[2]), "%50\\%\\_off%");
    EXPECT_EQ(std::get<std::int64_t>(compiled.params[3]), 51);
}

TEST(query_compiler_test, deep_or_huge_filters_are_refused) {
    using store::incident_field;
    using store::predicate;
    auto leaf = predicate::compare(predicate::op::eq, incident_field::status, "New");
    predicate deep = leaf;
    for (int n = 0; n < 40; ++n)
        deep = predicate::negate(deep);
    store::incident_query q;
    q.where = deep;
    EXPECT_THROW(compile_incident_query(1, q), error);
    q.where = predicate::any_of(std::vector<predicate>(600, leaf));
    try {
        compile_incident_query(1, q);
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::invalid_argument);
        EXPECT_EQ(e.field(), "$filter");
    }
}

}  // namespace
}  // namespace tocsin::test
