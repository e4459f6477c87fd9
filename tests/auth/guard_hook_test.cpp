// The server's guard hook (http::server::set_guard) on a bare HTTP server: where it runs, what it
// sees, and that it may suspend.
#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>

#include "engine/http/async.hpp"
#include "engine/http/server.hpp"
#include "tests/support/http_client.hpp"

namespace tocsin::http {
namespace {

TEST(GuardHook, RunsBeforeRoutingAnswersAndSeesTheRoutePermission) {
    router routes;
    routes.add(verb::get, "/open", [](request&) { return response::text(200, "open"); },
               {.permission = std::string(public_access)});
    routes.add(verb::get, "/items/{id}",
               [](request& req) {
                   return response::text(200, std::string(req.attributes().get("caller")));
               },
               {.permission = "items.read"});

    boost::asio::thread_pool pool(1);
    server_config config;
    config.io_threads = 1;
    server srv(config, std::move(routes));
    srv.set_guard([&pool](request& req,
                          const route* target) -> boost::asio::awaitable<std::optional<response>> {
        if (target && target->options.permission == public_access)
            co_return std::nullopt;
        // Suspends on another executor and resumes on the connection, as a store lookup does.
        const auto who = co_await offload(pool.get_executor(), [&req] {
            return std::string(req.header("X-Caller").value_or(""));
        });
        if (who.empty())
            co_return response::error(401, "AuthenticationFailed", "who are you?");
        if (!target)
            co_return std::nullopt;  // 404 / 405 follow for an authenticated caller
        if (target->options.permission != "items.read")
            co_return response::error(403, "AuthorizationFailed", "no");
        req.attributes().set("caller", who);
        co_return std::nullopt;
    });
    srv.start();

    test::http_client client("127.0.0.1", srv.local_endpoint().port);
    EXPECT_EQ(client.get("/open").status, 200);
    EXPECT_EQ(client.get("/items/1").status, 401);
    EXPECT_EQ(client.get("/nowhere").status, 401);  // not 404: nothing leaks to strangers
    const auto served = client.get("/items/1", {{"X-Caller", "alice"}});
    EXPECT_EQ(served.status, 200);
    EXPECT_EQ(served.body, "alice");  // attributes set by the guard reach the handler
    EXPECT_EQ(client.get("/nowhere", {{"X-Caller", "alice"}}).status, 404);
    EXPECT_EQ(client.request("DELETE", "/items/1", {}, {{"X-Caller", "alice"}}).status, 405);
    srv.stop();
    pool.join();
}

TEST(GuardHook, SetAfterStartIsALogicError) {
    server srv(server_config{}, router{});
    srv.start();
    EXPECT_THROW(srv.set_guard({}), std::logic_error);
    srv.stop();
}

}  // namespace
}  // namespace tocsin::http
