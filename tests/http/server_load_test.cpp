// Several I/O threads under concurrent load: every request answered, each with its own reply.

#include "engine/http/async.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <set>

namespace tocsin::test {
namespace {

using http::request;
using http::response;
using http::verb;
namespace asio = boost::asio;

TEST(HttpLoad, TwoIoThreadsAnswer200ConcurrentRequests) {
    constexpr int client_threads = 8;
    constexpr int connections_per_thread = 25;  // all open and in flight at once: 200 requests

    asio::thread_pool pool(2);
    std::mutex ids_mutex;
    std::set<std::thread::id> io_threads_seen;
    std::atomic<int> observed{0};

    http::router r;
    r.add(verb::post, "/work/{id}", [&](request& req) -> asio::awaitable<response> {
        {
            std::lock_guard lock(ids_mutex);
            io_threads_seen.insert(std::this_thread::get_id());
        }
        auto body = co_await http::offload(pool.get_executor(),
                                           [&req] { return req.param("id") + ":" + req.body(); });
        co_return response::text(200, std::move(body));
    });
    r.add(verb::get, "/sync/{id}",
          [](request& req) { return response::text(200, req.param("id")); });

    auto config = test_config();
    config.io_threads = 2;
    http::server server(config, std::move(r));
    server.add_observer([&](const http::exchange_record&) { ++observed; });
    server.start();

    std::atomic<int> answered{0};
    std::vector<std::string> failures;
    std::mutex failures_mutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < client_threads; ++t) {
        threads.emplace_back([&, t] {
            try {
                std::vector<http_client> clients;
                for (int c = 0; c < connections_per_thread; ++c) {
                    clients.push_back(client_for(server));
                    clients.back().send("POST",
                                        "/work/" + std::to_string(t) + "-" + std::to_string(c),
                                        "payload" + std::to_string(c));
                }
                for (int c = 0; c < connections_per_thread; ++c) {
                    const auto reply = clients[c].read_reply();
                    const auto expected = std::to_string(t) + "-" + std::to_string(c) + ":payload" +
                                          std::to_string(c);
                    if (reply.status == 200 && reply.body == expected) {
                        ++answered;
                    } else {
                        std::lock_guard lock(failures_mutex);
                        failures.push_back(expected + " -> " + std::to_string(reply.status) + " " +
                                           reply.body);
                    }
                    // and a second, synchronous request on the same keep-alive connection
                    if (clients[c].get("/sync/" + std::to_string(c)).body != std::to_string(c)) {
                        std::lock_guard lock(failures_mutex);
                        failures.push_back("sync " + std::to_string(c));
                    }
                }
            } catch (const std::exception& e) {
                std::lock_guard lock(failures_mutex);
                failures.push_back(e.what());
            }
        });
    }
    for (auto& t : threads)
        t.join();

    EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
    EXPECT_EQ(answered, client_threads * connections_per_thread);
    EXPECT_TRUE(
        eventually([&] { return observed == 2 * client_threads * connections_per_thread; }));
    server.stop();
    pool.join();
}

}  // namespace
}  // namespace tocsin::test
