#pragma once
// Hands committed domain events to the event bus in commit order.
//
// A writer enqueues its transaction's events while it still holds the store's writer lock (so
// the queue order is the commit order) and calls drain() after releasing it. Exactly one thread
// drains at a time; a thread that finds another draining leaves its events to it. This keeps
// events ordered without publishing under the writer lock, and an inline subscriber that writes
// to the store from inside publish() cannot deadlock: its events queue behind the current ones.
// Thread-safety: all members may be called from any thread.

#include <deque>
#include <mutex>
#include <vector>

#include "engine/core/event_bus.hpp"
#include "engine/core/events.hpp"

namespace tocsin::store {

class event_outbox {
  public:
    explicit event_outbox(event_bus& bus) : bus_(bus) {}

    // Call only after the transaction that produced `events` has committed.
    void enqueue(std::vector<domain_event> events);
    // Publishes everything queued unless another thread is already doing so. A subscriber that
    // throws is logged and does not stop the others: the write it reports has committed.
    void drain();

  private:
    event_bus& bus_;
    std::mutex mutex_;
    std::deque<domain_event> queue_;
    bool draining_ = false;
};

}  // namespace tocsin::store
