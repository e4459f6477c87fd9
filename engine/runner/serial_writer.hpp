#pragma once
// Blocking store writes of one run, on the blocking pool, one at a time and in the order they
// were posted. Durable runs depend on that order: the run record is stored before any journal
// entry of the run, and journal entries in sequence order, so that whatever survives a crash is
// a prefix of what the run did.
//
// A writer may be created held: jobs then queue without running until start() puts its job at
// the head of the queue and begins (the scheduler holds a run's writer until the run's state
// is built, because building it journals the random seed, and the record must still go first).
//
// Given a store, jobs found queued together are written together (store::write_together): one
// commit for all of them instead of one each, in the same order, so a crash still leaves a
// prefix. A job's `then` runs once its write is committed, or has failed.
//
// Thread-safety: post() and start() may be called from any thread. A job's `write` may throw:
// its `then` gets the error (without a `then`, it is logged).

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/core/blocking_pool.hpp"
#include "engine/error.hpp"
#include "engine/store/store.hpp"

namespace tocsin::runner {

class serial_writer : public std::enable_shared_from_this<serial_writer> {
  public:
    using write_fn = std::function<void()>;
    // After the write: success once it is committed, else why it failed.
    using then_fn = std::function<void(const result<void>&)>;

    // `together`: the store the jobs write to, to commit queued jobs together; null writes
    // them one by one (jobs that are not plain store writes).
    serial_writer(blocking_pool& pool, bool held, store::store* together = nullptr);

    void post(write_fn write, then_fn then = {});
    // Releases a held writer with this job ahead of everything queued. Once only.
    void start(write_fn write, then_fn then = {});

  private:
    struct job {
        write_fn write;
        then_fn then;
    };
    // At most this many jobs share a commit (a run seldom has more than two queued).
    static constexpr std::size_t max_together = 16;

    void schedule_locked();  // mutex_ held
    void drain();
    void run_jobs(std::vector<job>& jobs);

    blocking_pool& pool_;
    store::store* together_;
    std::mutex mutex_;
    std::deque<job> jobs_;  // guarded by mutex_
    bool held_;             // guarded by mutex_
    bool busy_ = false;     // guarded by mutex_: a drain is posted or running
};

}  // namespace tocsin::runner
