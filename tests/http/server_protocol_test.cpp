// HTTP/1.1 behaviour of a session: keep-alive, pipelining, limits, deadlines, malformed input.

#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tocsin::test {
namespace {

using http::request;
using http::response;
using http::verb;
namespace asio = boost::asio;

http::router protocol_routes() {
    http::router r;
    r.add(verb::get, "/echo/{word}",
          [](request& req) { return response::text(200, req.param("word")); });
    // Answers later than a plain echo, so that in-order pipelined replies are not luck.
    r.add(verb::get, "/slow-echo/{word}", [](request& req) -> asio::awaitable<response> {
        asio::steady_timer timer(co_await asio::this_coro::executor, 100ms);
        co_await timer.async_wait(asio::use_awaitable);
        co_return response::text(200, req.param("word"));
    });
    r.add(verb::get, "/peer",
          [](request& req) { return response::text(200, std::to_string(req.remote().port)); });
    r.add(verb::post, "/size",
          [](request& req) { return response::text(200, std::to_string(req.body().size())); });
    return r;
}

http::server_config limited_config() {
    auto config = test_config();
    config.body_limit = 1024;
    config.header_limit = 1024;
    return config;
}

TEST(HttpProtocol, KeepAliveServesSeveralRequestsOnOneConnection) {
    http::server server(test_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    const auto first = client.get("/peer");
    ASSERT_EQ(first.status, 200);
    EXPECT_TRUE(first.keep_alive);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(client.get("/peer").body, first.body);
    EXPECT_EQ(server.open_connections(), 1u);
}

TEST(HttpProtocol, PipelinedRequestsAreAnsweredInOrder) {
    http::server server(test_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    client.write_raw(
        "GET /slow-echo/one HTTP/1.1\r\nHost: a\r\n\r\n"
        "GET /echo/two HTTP/1.1\r\nHost: a\r\n\r\n"
        "POST /size HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
    EXPECT_EQ(client.read_reply().body, "one");
    EXPECT_EQ(client.read_reply().body, "two");
    EXPECT_EQ(client.read_reply().body, "5");
}

TEST(HttpProtocol, ConnectionCloseIsHonoured) {
    http::server server(test_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.get("/echo/x", {{"Connection", "close"}});
    EXPECT_EQ(reply.status, 200);
    EXPECT_FALSE(reply.keep_alive);
    EXPECT_TRUE(client.wait_closed(3s));
}

TEST(HttpProtocol, BodyOverTheLimitIs413AndClosesTheConnection) {
    http::server server(limited_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    EXPECT_EQ(client.request("POST", "/size", std::string(1024, 'x')).body, "1024");

    const auto reply = client.request("POST", "/size", std::string(64 * 1024, 'x'));
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(reply.header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(arm_code(reply), "RequestEntityTooLarge");
    EXPECT_NE(arm_message(reply).find("1024"), std::string::npos);
    EXPECT_FALSE(reply.keep_alive);
    EXPECT_TRUE(client.wait_closed(3s));
}

TEST(HttpProtocol, ChunkedBodyOverTheLimitIs413) {
    http::server server(limited_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    const std::string chunk(600, 'y');
    client.write_raw(
        "POST /size HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        "258\r\n" +
        chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
    const auto reply = client.read_reply();
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(arm_code(reply), "RequestEntityTooLarge");
}

TEST(HttpProtocol, HeadersOverTheLimitAre431) {
    http::server server(limited_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.get("/echo/x", {{"X-Padding", std::string(4096, 'p')}});
    EXPECT_EQ(reply.status, 431);
    EXPECT_EQ(arm_code(reply), "RequestHeaderFieldsTooLarge");
    EXPECT_TRUE(client.wait_closed(3s));
}

TEST(HttpProtocol, ExpectContinueGetsAnInterimResponse) {
    http::server server(test_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    client.write_raw(
        "POST /size HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(client.read_reply().status, 100);
    client.write_raw("abc");
    EXPECT_EQ(client.read_reply().body, "3");
}

TEST(HttpProtocol, MalformedRequestIs400WithArmError) {
    http::server server(test_config(), protocol_routes());
    server.start();
    auto client = client_for(server);
    client.write_raw("GET /echo/x HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n");
    const auto reply = client.read_reply();
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(arm_code(reply), "BadRequest");
    EXPECT_TRUE(client.wait_closed(3s));
}

TEST(HttpProtocol, ReadDeadlineClosesIdleAndSlowConnections) {
    auto config = test_config();
    config.read_timeout = 200ms;
    http::server server(config, protocol_routes());
    server.start();

    auto silent = client_for(server);
    silent.connect();
    auto slow = client_for(server);
    slow.write_raw("GET /echo/x HTTP/1.1\r\nHost: a\r\n");  // headers never finished
    auto idle = client_for(server);
    EXPECT_EQ(idle.get("/echo/x").status, 200);  // then stays idle on keep-alive

    EXPECT_TRUE(silent.wait_closed(5s));
    EXPECT_TRUE(slow.wait_closed(5s));
    EXPECT_TRUE(idle.wait_closed(5s));
    EXPECT_TRUE(eventually([&] { return server.open_connections() == 0; }));
}

TEST(HttpProtocol, ActiveConnectionIsNotCutByTheReadDeadline) {
    auto config = test_config();
    config.read_timeout = 300ms;
    http::server server(config, protocol_routes());
    server.start();
    auto client = client_for(server);
    // The deadline covers one request at a time, not the connection's lifetime.
    const auto first = client.get("/peer");
    for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(100ms);
        EXPECT_EQ(client.get("/peer").body, first.body);
    }
}

}  // namespace
}  // namespace tocsin::test
