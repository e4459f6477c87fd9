// serial_writer: a run's store writes in posting order; jobs queued together committed together
// (one commit) when the writer has a store; each job's `then` after its commit, with its own
// failure.

#include "engine/runner/serial_writer.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "engine/core/event_bus.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sqlite_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::runner::test {
namespace {

using tocsin::test::temp_dir;
using tocsin::test::sqlite_support::running_run;
using tocsin::test::sqlite_support::writes_per_commit;

// What the jobs' `then`s saw, in the order they ran.
class completions {
  public:
    serial_writer::then_fn note(std::string what) {
        return [this, what = std::move(what)](const result<void>& written) {
            std::lock_guard lock(mutex_);
            seen_.push_back(what + (written ? "" : ": " + written.error().message));
            changed_.notify_all();
        };
    }
    std::vector<std::string> wait_for(std::size_t count) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::seconds(10), [&] { return seen_.size() >= count; });
        return seen_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> seen_;
};

store::journal_entry entry(const std::string& run_id, std::uint64_t sequence) {
    return {run_id, sequence, "clock", {{"read", "now"}, {"value", sequence}}};
}

class serial_writer_test : public ::testing::Test {
  protected:
    temp_dir dir_;
    event_bus bus_;
    store::sqlite_store store_{dir_ / "writer.db", bus_};
    blocking_pool pool_{2};
    completions done_;
};

TEST_F(serial_writer_test, jobs_queued_while_held_go_record_first_and_share_one_commit) {
    const auto before = writes_per_commit();
    auto writer = std::make_shared<serial_writer>(pool_, true, &store_);
    writer->post([&] { store_.append_journal(entry("run-1", 1)); }, done_.note("seed"));
    writer->post([&] { store_.append_journal(entry("run-1", 2)); }, done_.note("clock"));
    writer->start([&] { store_.put_run(running_run("run-1")); }, done_.note("record"));
    EXPECT_EQ(done_.wait_for(3), (std::vector<std::string>{"record", "seed", "clock"}));
    EXPECT_EQ(writes_per_commit().count - before.count, 1u) << "the three jobs committed apart";
    ASSERT_TRUE(store_.find_run("run-1"));
    EXPECT_EQ(store_.journal_of("run-1").size(), 2u);
}

TEST_F(serial_writer_test, a_failing_job_gets_its_own_error_and_the_others_are_kept) {
    auto writer = std::make_shared<serial_writer>(pool_, true, &store_);
    writer->post([&] { store_.append_journal(entry("run-2", 1)); }, done_.note("first"));
    writer->post([] { throw error(errc::conflict, "this write is refused"); },
                 done_.note("refused"));
    writer->post([&] { store_.append_journal(entry("run-2", 2)); }, done_.note("second"));
    writer->start([&] { store_.put_run(running_run("run-2")); }, done_.note("record"));
    EXPECT_EQ(
        done_.wait_for(4),
        (std::vector<std::string>{"record", "first", "refused: this write is refused", "second"}));
    EXPECT_TRUE(store_.find_run("run-2"));
    EXPECT_EQ(store_.journal_of("run-2").size(), 2u);
}

TEST_F(serial_writer_test, without_a_store_each_job_commits_alone_in_order) {
    const auto before = writes_per_commit();
    auto writer = std::make_shared<serial_writer>(pool_, true);
    writer->post([&] { store_.append_journal(entry("run-3", 1)); }, done_.note("seed"));
    writer->start([&] { store_.put_run(running_run("run-3")); }, done_.note("record"));
    EXPECT_EQ(done_.wait_for(2), (std::vector<std::string>{"record", "seed"}));
    EXPECT_EQ(writes_per_commit().count - before.count, 2u);
}

TEST_F(serial_writer_test, jobs_posted_to_a_running_writer_still_run_in_order) {
    auto writer = std::make_shared<serial_writer>(pool_, false, &store_);
    writer->post([&] { store_.put_run(running_run("run-4")); }, done_.note("record"));
    for (std::uint64_t n = 1; n <= 20; ++n)
        writer->post([&, n] { store_.append_journal(entry("run-4", n)); },
                     done_.note("entry " + std::to_string(n)));
    const auto seen = done_.wait_for(21);
    ASSERT_EQ(seen.size(), 21u);
    EXPECT_EQ(seen.front(), "record");
    for (std::size_t n = 1; n <= 20; ++n)
        EXPECT_EQ(seen[n], "entry " + std::to_string(n));
    const auto journal = store_.journal_of("run-4");
    ASSERT_EQ(journal.size(), 20u);
    for (std::size_t n = 0; n < journal.size(); ++n)
        EXPECT_EQ(journal[n].sequence, n + 1);
}

}  // namespace
}  // namespace tocsin::runner::test
