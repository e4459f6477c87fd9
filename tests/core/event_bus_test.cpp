#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include "engine/core/event_bus.hpp"

namespace tocsin {
namespace {

domain_event event_of(event_type type, std::string incident = "i1") {
    domain_event e;
    e.type = type;
    e.incident_name = std::move(incident);
    return e;
}

TEST(EventBus, DeliversOnlySubscribedTypes) {
    event_bus bus;
    std::vector<std::string> seen;
    bus.subscribe({event_type::incident_created},
                  [&](const auto& e) { seen.push_back(e->incident_name); });
    bus.publish(event_of(event_type::incident_created, "a"));
    bus.publish(event_of(event_type::alert_created, "b"));
    bus.publish(event_of(event_type::incident_created, "c"));
    EXPECT_EQ(seen, (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(bus.published_count(), 3u);
}

TEST(EventBus, ExecutorSubscribersRunOnTheirExecutorNotThePublisher) {
    event_bus bus;
    boost::asio::io_context io;
    std::thread::id handler_thread;
    int calls = 0;
    bus.subscribe(
        {},
        [&](const auto&) {
            handler_thread = std::this_thread::get_id();
            ++calls;
        },
        io.get_executor());
    std::thread publisher([&] { bus.publish(event_of(event_type::incident_updated)); });
    publisher.join();
    EXPECT_EQ(calls, 0);  // posted, not yet run
    io.run();
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(handler_thread, std::this_thread::get_id());
}

TEST(EventBus, UnsubscribeStopsDeliveryAndHandlersMaySubscribe) {
    event_bus bus;
    int first = 0, nested = 0;
    event_bus::subscription_id id = 0;
    id = bus.subscribe({}, [&](const auto&) {
        ++first;
        bus.subscribe({}, [&](const auto&) { ++nested; });  // must not deadlock
        bus.unsubscribe(id);
    });
    bus.publish(event_of(event_type::comment_added));
    bus.publish(event_of(event_type::comment_added));
    EXPECT_EQ(first, 1);
    EXPECT_EQ(nested, 1);
}

TEST(EventBus, ConcurrentPublishersLoseNothing) {
    event_bus bus;
    std::atomic<int> received{0};
    bus.subscribe({}, [&](const auto&) { ++received; });
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i)
                bus.publish(event_of(event_type::alert_created));
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(received.load(), 4000);
}

}  // namespace
}  // namespace tocsin
