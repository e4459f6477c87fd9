// sqlite_store::write_batch: many writes, one transaction and one commit, each write still
// failing alone; reads inside see the batch; events after the commit; nothing kept when the
// batch fails.

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sqlite_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using sqlite_support::incident;
using sqlite_support::writes_per_commit;
using sqlite_support::ws;

// The incident names of incident_created events, as the bus delivers them.
class created_events {
  public:
    explicit created_events(event_bus& bus) : bus_(bus) {
        id_ = bus_.subscribe({event_type::incident_created},
                             [this](const std::shared_ptr<const domain_event>& ev) {
                                 std::lock_guard lock(mutex_);
                                 names_.push_back(ev->incident_name);
                             });
    }
    ~created_events() { bus_.unsubscribe(id_); }
    std::vector<std::string> names() {
        std::lock_guard lock(mutex_);
        return names_;
    }

  private:
    event_bus& bus_;
    event_bus::subscription_id id_;
    std::mutex mutex_;
    std::vector<std::string> names_;
};

class sqlite_write_batch_test : public ::testing::Test {
  protected:
    temp_dir dir_;
    event_bus bus_;
    store::sqlite_store store_{dir_ / "batch.db", bus_};
};

TEST_F(sqlite_write_batch_test, writes_share_one_commit_and_publish_after_it_in_order) {
    created_events events(bus_);
    const auto before = writes_per_commit();
    store_.write_batch([&] {
        for (int n = 0; n < 5; ++n)
            store_.put_incident(ws, incident("Batched", "inc-" + std::to_string(n)), {});
        EXPECT_TRUE(events.names().empty()) << "an event was published before the commit";
    });
    const auto after = writes_per_commit();
    EXPECT_EQ(after.count - before.count, 1u);
    EXPECT_EQ(after.sum - before.sum, 5);
    EXPECT_EQ(events.names(),
              (std::vector<std::string>{"inc-0", "inc-1", "inc-2", "inc-3", "inc-4"}));
    for (int n = 0; n < 5; ++n)
        EXPECT_TRUE(store_.find_incident(ws, "inc-" + std::to_string(n)));
}

TEST_F(sqlite_write_batch_test, reads_inside_see_the_batch_and_outside_threads_do_not) {
    store_.write_batch([&] {
        store_.put_incident(ws, incident("Inside", "inc-inside"), {});
        const auto seen = store_.find_incident(ws, "inc-inside");
        ASSERT_TRUE(seen);
        EXPECT_EQ(seen->title, "Inside");
        EXPECT_EQ(seen->number, 1);
        // Another thread reads committed data only.
        std::optional<model::incident> from_outside;
        std::thread([&] { from_outside = store_.find_incident(ws, "inc-inside"); }).join();
        EXPECT_FALSE(from_outside);
        // The next write numbers on from the batch's own.
        EXPECT_EQ(store_.put_incident(ws, incident("Second", "inc-second"), {}).value.number, 2);
    });
}

TEST_F(sqlite_write_batch_test, a_failing_write_fails_alone_and_its_caller_sees_the_error) {
    created_events events(bus_);
    store_.write_batch([&] {
        store_.put_incident(ws, incident("Kept", "inc-kept"), {});
        sqlite_support::expect_untitled_incident_refused(store_, "inc-untitled");
        try {
            store::write_context stale;
            stale.if_match = "not-the-etag";
            store_.update_incident(
                ws, "inc-kept", [](model::incident& i) { i.title = "Overwritten"; }, stale);
            ADD_FAILURE() << "a stale etag was accepted";
        } catch (const error& e) {
            EXPECT_EQ(e.code(), errc::conflict);
        }
        store_.put_incident(ws, incident("Also kept", "inc-also"), {});
    });
    EXPECT_EQ(store_.find_incident(ws, "inc-kept")->title, "Kept");
    EXPECT_TRUE(store_.find_incident(ws, "inc-also"));
    EXPECT_FALSE(store_.find_incident(ws, "inc-untitled"));
    EXPECT_EQ(events.names(), (std::vector<std::string>{"inc-kept", "inc-also"}));
}

TEST_F(sqlite_write_batch_test, a_batch_that_throws_keeps_nothing_and_publishes_nothing) {
    created_events events(bus_);
    EXPECT_THROW(store_.write_batch([&] {
        store_.put_incident(ws, incident("Lost", "inc-lost"), {});
        throw error(errc::unavailable, "the caller gave up");
    }),
                 error);
    EXPECT_FALSE(store_.find_incident(ws, "inc-lost"));
    EXPECT_TRUE(events.names().empty());
    // The store goes on as before.
    store_.put_incident(ws, incident("After", "inc-after"), {});
    EXPECT_EQ(store_.find_incident(ws, "inc-after")->number, 1);
}

TEST_F(sqlite_write_batch_test, a_batch_inside_a_batch_joins_it) {
    const auto before = writes_per_commit();
    store_.write_batch([&] {
        store_.put_incident(ws, incident("Outer", "inc-outer"), {});
        store_.write_batch([&] { store_.put_incident(ws, incident("Inner", "inc-inner"), {}); });
    });
    const auto after = writes_per_commit();
    EXPECT_EQ(after.count - before.count, 1u);
    EXPECT_TRUE(store_.find_incident(ws, "inc-inner"));
}

TEST_F(sqlite_write_batch_test, writers_on_other_threads_wait_and_commit_after_it) {
    created_events events(bus_);
    std::thread other;
    store_.write_batch([&] {
        store_.put_incident(ws, incident("First", "inc-first"), {});
        other = std::thread([&] { store_.put_incident(ws, incident("Later", "inc-later"), {}); });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        store_.put_incident(ws, incident("Second", "inc-second"), {});
    });
    other.join();
    EXPECT_EQ(events.names(), (std::vector<std::string>{"inc-first", "inc-second", "inc-later"}));
    EXPECT_EQ(store_.find_incident(ws, "inc-later")->number, 3);
}

TEST_F(sqlite_write_batch_test, calls_that_take_the_writer_alone_are_refused_inside) {
    store_.write_batch([&] {
        try {
            store_.revoke_token("tok", default_clock().now());
            ADD_FAILURE() << "revoke_token ran inside a batch";
        } catch (const error& e) {
            EXPECT_EQ(e.code(), errc::internal);
        }
        EXPECT_THROW(store_.close(), error);
    });
}

}  // namespace
}  // namespace tocsin::test
