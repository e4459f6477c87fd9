// Starting on an ephemeral port, graceful and forced shutdown.

#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <future>

namespace tocsin::test {
namespace {

using http::request;
using http::response;
using http::verb;
namespace asio = boost::asio;

// A handler that signals when it starts and then takes `duration` on a timer (not a thread).
http::router slow_routes(std::promise<void>& started, std::chrono::milliseconds duration) {
    http::router r;
    r.add(verb::get, "/slow", [&started, duration](request&) -> asio::awaitable<response> {
        started.set_value();
        asio::steady_timer timer(co_await asio::this_coro::executor, duration);
        co_await timer.async_wait(asio::use_awaitable);
        co_return response::text(200, "finished");
    });
    r.add(verb::get, "/fast", [](request&) { return response::text(200, "fast"); });
    return r;
}

TEST(HttpLifecycle, ListensOnAnEphemeralPort) {
    http::router r;
    r.add(verb::get, "/", [](request&) { return response::text(200, "root"); });
    http::server server(test_config(), std::move(r));
    EXPECT_FALSE(server.running());
    server.start();
    EXPECT_TRUE(server.running());
    EXPECT_EQ(server.local_endpoint().address, "127.0.0.1");
    EXPECT_NE(server.local_endpoint().port, 0);
    EXPECT_EQ(server.base_url(),
              "http://127.0.0.1:" + std::to_string(server.local_endpoint().port));
    EXPECT_EQ(client_for(server).get("/").body, "root");
    EXPECT_THROW(server.start(), std::logic_error);
    EXPECT_THROW(server.add_filter([](request&) { return std::optional<response>(); }),
                 std::logic_error);
}

TEST(HttpLifecycle, BindFailureIsAConfigError) {
    http::server first(test_config(), http::router{});
    first.start();
    auto config = test_config();
    config.port = first.local_endpoint().port;
    http::server second(config, http::router{});
    try {
        second.start();
        FAIL() << "second bind succeeded";
    } catch (const tocsin::error& e) {
        EXPECT_EQ(e.code(), errc::config);
    }
    config.address = "not an address";
    http::server third(config, http::router{});
    EXPECT_THROW(third.start(), tocsin::error);
}

TEST(HttpLifecycle, GracefulStopLetsTheRequestInFlightFinish) {
    std::promise<void> started;
    http::server server(test_config(), slow_routes(started, 300ms));
    server.start();
    const auto port = server.local_endpoint().port;

    auto idle = client_for(server);
    EXPECT_EQ(idle.get("/fast").status, 200);  // then idle on keep-alive
    auto busy = client_for(server);
    busy.send("GET", "/slow");
    started.get_future().wait();

    std::thread stopper([&] { server.stop(); });
    const auto reply = busy.read_reply();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "finished");
    EXPECT_FALSE(reply.keep_alive);  // "Connection: close" while stopping
    EXPECT_TRUE(idle.wait_closed(3s));
    stopper.join();

    EXPECT_FALSE(server.running());
    EXPECT_EQ(server.open_connections(), 0u);
    http_client late("127.0.0.1", port);
    EXPECT_THROW(late.get("/fast"), std::runtime_error);  // refused
    server.stop();                                        // idempotent
}

TEST(HttpLifecycle, StopClosesWhatOutlastsTheGracePeriod) {
    std::promise<void> started;
    auto config = test_config();
    config.shutdown_grace = 200ms;
    http::server server(config, slow_routes(started, 60s));
    server.start();
    auto busy = client_for(server);
    busy.send("GET", "/slow");
    started.get_future().wait();
    server.stop();
    EXPECT_FALSE(server.running());
    EXPECT_TRUE(busy.wait_closed(3s));
}

TEST(HttpLifecycle, StopWithoutStartAndDestructorStopAreHarmless) {
    {
        http::server never_started(test_config(), http::router{});
        never_started.stop();
    }
    {
        http::server running(test_config(), http::router{});
        running.start();
        auto client = client_for(running);
        EXPECT_EQ(client.get("/").status, 404);
    }  // destructor stops
}

}  // namespace
}  // namespace tocsin::test
