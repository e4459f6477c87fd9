// Handlers: errors thrown, JSON bodies, and async handlers that wait on other executors.

#include "engine/http/async.hpp"
#include "engine/http/error_mapping.hpp"
#include "engine/http/json_body.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>
#include <boost/asio/thread_pool.hpp>

#include <future>
#include <stdexcept>

namespace tocsin::test {
namespace {

using http::request;
using http::response;
using http::verb;
namespace asio = boost::asio;

http::router failing_routes() {
    http::router r;
    r.add(verb::get, "/incidents/{id}", [](request& req) -> response {
        throw tocsin::error(errc::not_found, "Incident '" + req.param("id") + "' was not found.");
    });
    r.add(verb::get, "/boom", [](request&) -> response {
        throw std::runtime_error("connection string postgres://admin:hunter2@db");
    });
    r.add(verb::get, "/storage", [](request&) -> response {
        throw tocsin::error(errc::storage, "sqlite: database disk image is malformed");
    });
    r.add(verb::get, "/async-boom", [](request&) -> asio::awaitable<response> {
        throw tocsin::error(errc::conflict, "The etag does not match.");
        co_return response::no_content();
    });
    r.add(verb::get, "/field", [](request&) -> response {
        throw tocsin::error(errc::invalid_argument, "severity must be one of High, Medium, Low",
                            "properties.severity");
    });
    r.add(verb::get, "/bad-header", [](request&) {
        auto res = response::text(200, "x");
        res.headers.add("Location", "/a\r\nSet-Cookie: pwned=1");
        return res;
    });
    r.add(verb::get, "/bad-status", [](request&) { return response::text(99, "x"); });
    r.add(verb::get, "/no-content", [](request&) { return response::no_content(); });
    r.add(verb::put, "/json",
          [](request& req) {
              return response::json(200, {{"received", http::parse_json_body(req)}});
          },
          {.require_json = true});
    r.add(verb::post, "/parse-only",
          [](request& req) { return response::json(200, http::parse_json_body(req)); });
    return r;
}

TEST(HttpHandlers, TocsinErrorMapsToArmError) {
    http::server server(test_config(), failing_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.get("/incidents/Inc-7");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(reply.header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(
        reply.json(),
        (nlohmann::json{
            {"error", {{"code", "NotFound"}, {"message", "Incident 'Inc-7' was not found."}}}}));

    const auto field = client.get("/field");
    EXPECT_EQ(field.status, 400);
    EXPECT_EQ(field.json()["error"]["target"], "properties.severity");

    const auto conflict = client.get("/async-boom");
    EXPECT_EQ(conflict.status, 409);
    EXPECT_EQ(arm_code(conflict), "Conflict");
}

TEST(HttpHandlers, UnexpectedExceptionsAre500WithoutDetail) {
    http::server server(test_config(), failing_routes());
    server.start();
    auto client = client_for(server);
    for (const char* path : {"/boom", "/storage"}) {
        const auto reply = client.get(path);
        EXPECT_EQ(reply.status, 500) << path;
        EXPECT_EQ(arm_code(reply), "InternalServerError") << path;
        EXPECT_EQ(reply.body.find("hunter2"), std::string::npos) << reply.body;
        EXPECT_EQ(reply.body.find("sqlite"), std::string::npos) << reply.body;
    }
    // The server and even the connection survive.
    EXPECT_EQ(client.get("/incidents/1").status, 404);
}

TEST(HttpHandlers, ResponsesThatCannotBeSentAsGivenBecome500) {
    http::server server(test_config(), failing_routes());
    server.start();
    auto client = client_for(server);
    const auto injected = client.get("/bad-header");
    EXPECT_EQ(injected.status, 500);
    EXPECT_FALSE(injected.header("Set-Cookie"));
    EXPECT_EQ(client.get("/bad-status").status, 500);
    const auto empty = client.get("/no-content");
    EXPECT_EQ(empty.status, 204);
    EXPECT_TRUE(empty.body.empty());
}

TEST(HttpHandlers, JsonRoutesRefuseOtherMediaTypesWith415) {
    http::server server(test_config(), failing_routes());
    server.start();
    auto client = client_for(server);
    const auto text = client.request("PUT", "/json", "{}", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(text.status, 415);
    EXPECT_EQ(arm_code(text), "UnsupportedMediaType");
    EXPECT_NE(arm_message(text).find("text/plain"), std::string::npos);
    EXPECT_EQ(client.request("PUT", "/json", "{}").status, 415);  // body without Content-Type
    EXPECT_EQ(client.request("POST", "/parse-only", "{}", {{"Content-Type", "text/xml"}}).status,
              415);

    const auto good = client.send_json("PUT", "/json", {{"title", "Phish"}});
    EXPECT_EQ(good.status, 200);
    EXPECT_EQ(good.json()["received"]["title"], "Phish");
    EXPECT_EQ(
        client.request("PUT", "/json", "{}", {{"Content-Type", "application/json; charset=utf-8"}})
            .status,
        200);
}

TEST(HttpHandlers, MalformedJsonIs400SayingWhere) {
    http::server server(test_config(), failing_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.request("PUT", "/json", "{\n  \"title\": \"x\",\n  oops\n}",
                                      {{"Content-Type", "application/json"}});
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(arm_code(reply), "BadRequest");
    EXPECT_NE(arm_message(reply).find("line 3, column"), std::string::npos) << arm_message(reply);
}

TEST(HttpHandlers, AsyncHandlerOffloadsToAnotherPoolAndResumesOnItsConnection) {
    asio::thread_pool pool(2);
    http::router r;
    r.add(verb::get, "/double/{n}", [&pool](request& req) -> asio::awaitable<response> {
        const auto io_thread = std::this_thread::get_id();
        const auto [value, worker] = co_await http::offload(pool.get_executor(), [&req] {
            return std::pair{std::stoi(req.param("n")) * 2, std::this_thread::get_id()};
        });
        co_return response::json(
            200, {{"value", value},
                  {"offloaded", worker != io_thread},
                  {"resumed_on_io_thread", std::this_thread::get_id() == io_thread}});
    });
    r.add(verb::get, "/fail", [&pool](request&) -> asio::awaitable<response> {
        co_await http::offload(pool.get_executor(),
                               [] { throw tocsin::error(errc::unavailable, "store down"); });
        co_return response::no_content();
    });
    http::server server(test_config(), std::move(r));  // one I/O thread
    server.start();
    auto client = client_for(server);
    EXPECT_EQ(client.get("/double/21").json(),
              (nlohmann::json{{"value", 42}, {"offloaded", true}, {"resumed_on_io_thread", true}}));
    const auto failed = client.get("/fail");
    EXPECT_EQ(failed.status, 503);
    EXPECT_EQ(arm_code(failed), "ServiceUnavailable");
    server.stop();
    pool.join();
}

TEST(HttpHandlers, SuspendedHandlerDoesNotBlockTheIoThread) {
    asio::thread_pool pool(1);
    std::promise<void> started;
    std::promise<void> release;
    auto released = release.get_future().share();
    http::router r;
    r.add(verb::get, "/wait", [&](request&) -> asio::awaitable<response> {
        co_await http::offload(pool.get_executor(), [&] {
            started.set_value();
            released.wait();
        });
        co_return response::text(200, "released");
    });
    r.add(verb::get, "/ping", [](request&) { return response::text(200, "pong"); });
    http::server server(test_config(), std::move(r));  // one I/O thread
    server.start();

    auto waiting = client_for(server);
    waiting.send("GET", "/wait");
    started.get_future().wait();
    // With the only I/O thread blocked this would time out.
    EXPECT_EQ(client_for(server).get("/ping").body, "pong");
    release.set_value();
    EXPECT_EQ(waiting.read_reply().body, "released");
    server.stop();
    pool.join();
}

TEST(HttpHandlers, AwaitCallbackBridgesCallbackApis) {
    asio::thread_pool pool(1);
    // A callback-style API that completes on its own thread.
    const auto lookup = [&pool](std::string id, std::function<void(result<std::string>)> done) {
        asio::post(pool, [id = std::move(id), done = std::move(done)] {
            if (id == "missing") {
                done(error_info{errc::not_found, "Incident 'missing' was not found.", {}});
            } else {
                done(std::string("incident ") + id);
            }
        });
    };
    http::router r;
    r.add(verb::get, "/incidents/{id}", [&](request& req) -> asio::awaitable<response> {
        auto found = co_await http::await_callback<result<std::string>>(
            [&](auto done) { lookup(req.param("id"), done); });
        if (!found)
            throw tocsin::error(found.error());
        co_return response::text(200, *found);
    });
    r.add(verb::get, "/dropped", [](request&) -> asio::awaitable<response> {
        co_await http::await_callback<int>([](auto) {});  // never calls back
        co_return response::no_content();
    });
    http::server server(test_config(), std::move(r));
    server.start();
    auto client = client_for(server);
    EXPECT_EQ(client.get("/incidents/7").body, "incident 7");
    EXPECT_EQ(client.get("/incidents/missing").status, 404);
    EXPECT_EQ(client.get("/dropped").status, 500);
    server.stop();
    pool.join();
}

}  // namespace
}  // namespace tocsin::test
