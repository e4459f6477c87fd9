#pragma once
// In-process, asynchronous publish/subscribe for domain events.
//
// publish() never runs a handler on the caller's thread when the subscriber gave an executor: it
// posts to that executor, so the store can publish right after commit without being held up by
// rules or triggers. Subscribers without an executor are called inline (tests, metrics).
// Thread-safety: subscribe, unsubscribe and publish may be called from any thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "engine/core/events.hpp"

namespace tocsin {

class event_bus {
  public:
    using handler = std::function<void(const std::shared_ptr<const domain_event>&)>;
    using subscription_id = std::uint64_t;

    // `types` empty means every type.
    subscription_id subscribe(std::vector<event_type> types, handler fn,
                              std::optional<boost::asio::any_io_executor> executor = {});
    void unsubscribe(subscription_id id);

    void publish(domain_event event);
    void publish(std::shared_ptr<const domain_event> event);

    std::uint64_t published_count() const { return published_.load(); }

  private:
    struct subscriber {
        subscription_id id;
        std::vector<event_type> types;
        std::shared_ptr<handler> fn;
        std::optional<boost::asio::any_io_executor> executor;
    };

    mutable std::mutex mutex_;
    std::vector<subscriber> subscribers_;
    subscription_id next_id_ = 1;
    std::atomic<std::uint64_t> published_{0};
};

}  // namespace tocsin
