// sqlite_store::write_together: several writes of one caller as one write of the group commit:
// one commit for all of them, each write still failing alone, events after the commit, nothing
// kept when the caller's function throws.

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sqlite_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using sqlite_support::incident;
using sqlite_support::running_run;
using sqlite_support::writes_per_commit;
using sqlite_support::ws;

store::journal_entry seed_of(const std::string& run_id) {
    return {run_id, 1, "clock", {{"read", "seed"}, {"value", 42}}};
}

class sqlite_write_together_test : public ::testing::Test {
  protected:
    temp_dir dir_;
    event_bus bus_;
    store::sqlite_store store_{dir_ / "together.db", bus_};
};

TEST_F(sqlite_write_together_test, a_run_record_and_its_journal_entry_share_one_commit) {
    const auto before = writes_per_commit();
    store_.write_together([&] {
        store_.put_run(running_run("run-1"));
        store_.append_journal(seed_of("run-1"));
    });
    const auto after = writes_per_commit();
    EXPECT_EQ(after.count - before.count, 1u) << "the two writes were committed apart";
    ASSERT_TRUE(store_.find_run("run-1"));
    const auto journal = store_.journal_of("run-1");
    ASSERT_EQ(journal.size(), 1u);
    EXPECT_EQ(journal[0].data["value"], 42);
}

TEST_F(sqlite_write_together_test, events_are_published_after_the_commit_in_order) {
    std::vector<std::string> names;
    std::mutex mutex;
    const auto id = bus_.subscribe({event_type::incident_created},
                                   [&](const std::shared_ptr<const domain_event>& ev) {
                                       std::lock_guard lock(mutex);
                                       names.push_back(ev->incident_name);
                                   });
    store_.write_together([&] {
        store_.put_incident(ws, incident("First", "inc-first"), {});
        store_.put_incident(ws, incident("Second", "inc-second"), {});
        std::lock_guard lock(mutex);
        EXPECT_TRUE(names.empty()) << "an event was published before the commit";
    });
    bus_.unsubscribe(id);
    std::lock_guard lock(mutex);
    EXPECT_EQ(names, (std::vector<std::string>{"inc-first", "inc-second"}));
}

TEST_F(sqlite_write_together_test, a_failing_write_fails_alone_and_the_function_sees_its_error) {
    store_.write_together([&] {
        store_.put_incident(ws, incident("Kept", "inc-kept"), {});
        sqlite_support::expect_untitled_incident_refused(store_, "inc-untitled");
        store_.append_journal(seed_of("run-kept"));
    });
    EXPECT_TRUE(store_.find_incident(ws, "inc-kept"));
    EXPECT_FALSE(store_.find_incident(ws, "inc-untitled"));
    EXPECT_EQ(store_.journal_of("run-kept").size(), 1u);
}

TEST_F(sqlite_write_together_test, a_function_that_throws_keeps_nothing) {
    EXPECT_THROW(store_.write_together([&] {
        store_.put_run(running_run("run-lost"));
        throw error(errc::unavailable, "the caller gave up");
    }),
                 error);
    EXPECT_FALSE(store_.find_run("run-lost"));
    // The store goes on as before.
    store_.put_run(running_run("run-after"));
    EXPECT_TRUE(store_.find_run("run-after"));
}

TEST_F(sqlite_write_together_test, inside_a_batch_it_joins_the_batch) {
    const auto before = writes_per_commit();
    store_.write_batch([&] {
        store_.put_incident(ws, incident("Outer", "inc-outer"), {});
        store_.write_together([&] { store_.put_run(running_run("run-inner")); });
    });
    EXPECT_EQ(writes_per_commit().count - before.count, 1u);
    EXPECT_TRUE(store_.find_run("run-inner"));
}

TEST_F(sqlite_write_together_test, callers_on_many_threads_all_commit_with_unique_numbers) {
    // The function runs on whichever thread commits the group; every caller's writes land.
    constexpr int threads = 8;
    constexpr int rounds = 20;
    std::vector<std::thread> callers;
    for (int t = 0; t < threads; ++t)
        callers.emplace_back([&, t] {
            for (int r = 0; r < rounds; ++r) {
                const auto name = "inc-" + std::to_string(t) + "-" + std::to_string(r);
                store_.write_together([&] {
                    store_.put_incident(ws, incident("Concurrent", name), {});
                    store_.put_run(running_run("run-" + name));
                });
            }
        });
    for (auto& c : callers)
        c.join();
    std::set<std::int64_t> numbers;
    for (int t = 0; t < threads; ++t)
        for (int r = 0; r < rounds; ++r) {
            const auto name = "inc-" + std::to_string(t) + "-" + std::to_string(r);
            const auto found = store_.find_incident(ws, name);
            ASSERT_TRUE(found) << name;
            numbers.insert(found->number);
            EXPECT_TRUE(store_.find_run("run-" + name)) << name;
        }
    EXPECT_EQ(numbers.size(), static_cast<std::size_t>(threads * rounds));
}

}  // namespace
}  // namespace tocsin::test
