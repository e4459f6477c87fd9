#pragma once
// Blocking store writes of one run, on the blocking pool, one at a time and in the order they
// were posted. Durable runs depend on that order: the run record is stored before any journal
// entry of the run, and journal entries in sequence order, so that whatever survives a crash is
// a prefix of what the run did.
//
// A writer may be created held: jobs then queue without running until start(first) puts `first`
// at the head of the queue and begins (the scheduler holds a run's writer until the run's state
// is built, because building it journals the random seed, and the record must still go first).
//
// Thread-safety: post() and start() may be called from any thread. Jobs must not throw; one
// that does is logged and the next job runs.

#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "engine/core/blocking_pool.hpp"

namespace tocsin::runner {

class serial_writer : public std::enable_shared_from_this<serial_writer> {
  public:
    serial_writer(blocking_pool& pool, bool held);

    void post(std::function<void()> job);
    // Releases a held writer with `first` ahead of everything queued. Once only.
    void start(std::function<void()> first);

  private:
    void schedule_locked();  // mutex_ held
    void drain();

    blocking_pool& pool_;
    std::mutex mutex_;
    std::deque<std::function<void()>> jobs_;  // guarded by mutex_
    bool held_;                               // guarded by mutex_
    bool busy_ = false;                       // guarded by mutex_: a drain is posted or running
};

}  // namespace tocsin::runner
