#include "engine/store/event_outbox.hpp"

#include <spdlog/spdlog.h>

namespace tocsin::store {

void event_outbox::enqueue(std::vector<domain_event> events) {
    if (events.empty())
        return;
    std::lock_guard lock(mutex_);
    for (auto& e : events)
        queue_.push_back(std::move(e));
}

void event_outbox::drain() {
    std::unique_lock lock(mutex_);
    if (draining_)
        return;
    draining_ = true;
    while (!queue_.empty()) {
        auto event = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
            bus_.publish(std::move(event));
        } catch (const std::exception& e) {
            spdlog::error("store: an event subscriber failed: {}", e.what());
        } catch (...) {
            spdlog::error("store: an event subscriber failed with an unknown exception");
        }
        lock.lock();
    }
    draining_ = false;
}

}  // namespace tocsin::store
