// Routing, filters and observers through a real server and real sockets.

#include "engine/http/error_mapping.hpp"
#include "engine/http/url.hpp"
#include "tests/http/server_fixture.hpp"

#include <gtest/gtest.h>

#include <mutex>

namespace tocsin::test {
namespace {

using http::request;
using http::response;
using http::verb;

constexpr std::string_view incident_template =
    "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/"
    "{ws}/providers/Microsoft.SecurityInsights/incidents/{id}";

http::router arm_routes() {
    http::router r;
    const auto echo = [](request& req) {
        nlohmann::json params = nlohmann::json::object();
        for (const auto& [name, value] : req.params())
            params[name] = value;
        return response::json(200, {{"route", req.route()},
                                    {"method", req.method_name()},
                                    {"params", params},
                                    {"api_version", req.query_param("api-version").value_or("")},
                                    {"top", req.query_param("$top").value_or("")},
                                    {"filter", req.query_param("$filter").value_or("")}});
    };
    r.add(verb::get, incident_template, echo);
    r.add(verb::put, incident_template, echo);
    r.add(verb::get, "/items/count", [](request&) { return response::text(200, "count"); });
    r.add(verb::get, "/items/{id}",
          [](request& req) { return response::text(200, "item " + req.param("id")); });
    r.add(verb::get, "/next", [](request& req) {
        return response::json(
            200, {{"nextLink", http::absolute_url(
                                   req, "/next?$skipToken=" + http::encode_component("a b&c"))}});
    });
    return r;
}

TEST(HttpRouting, ArmPathMatchesWithAnyLiteralCaseAndKeepsParameterCase) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.get(
        "/SUBSCRIPTIONS/Sub-1/resourcegroups/RG-A/providers/microsoft.operationalinsights/"
        "workspaces/"
        "My-WS/providers/Microsoft.SecurityInsights/Incidents/Inc%201"
        "?API-Version=2023-02-01&%24top=5&$filter=properties%2Fstatus+eq+%27New%27");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("Content-Type"), "application/json; charset=utf-8");
    ASSERT_TRUE(reply.header("Date"));
    EXPECT_EQ(reply.header("Date")->size(), 29u) << *reply.header("Date");  // IMF-fixdate
    EXPECT_TRUE(reply.header("Date")->ends_with(" GMT"));
    const auto body = reply.json();
    EXPECT_EQ(body["route"], incident_template);
    EXPECT_EQ(body["params"],
              (nlohmann::json{{"sub", "Sub-1"}, {"rg", "RG-A"}, {"ws", "My-WS"}, {"id", "Inc 1"}}));
    EXPECT_EQ(body["api_version"], "2023-02-01");
    EXPECT_EQ(body["top"], "5");
    EXPECT_EQ(body["filter"], "properties/status eq 'New'");
}

TEST(HttpRouting, LiteralSegmentWinsOverCapture) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    EXPECT_EQ(client.get("/items/count").body, "count");
    EXPECT_EQ(client.get("/items/Count").body, "count");
    EXPECT_EQ(client.get("/items/42").body, "item 42");
}

TEST(HttpRouting, UnknownPathIs404WithArmError) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.get("/nope/nothing");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(reply.header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(arm_code(reply), "NotFound");
    EXPECT_NE(arm_message(reply).find("/nope/nothing"), std::string::npos);
}

TEST(HttpRouting, WrongMethodIs405WithAllowHeader) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    const auto reply =
        client.request("DELETE",
                       "/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/"
                       "workspaces/w/providers/Microsoft.SecurityInsights/incidents/i");
    EXPECT_EQ(reply.status, 405);
    EXPECT_EQ(reply.header("Allow"), "GET, HEAD, PUT");
    EXPECT_EQ(arm_code(reply), "MethodNotAllowed");
    EXPECT_EQ(client.request("BREW", "/items/1").status, 405);
}

TEST(HttpRouting, HeadAnswersLikeGetWithoutBody) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.request("HEAD", "/items/42");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("Content-Length"), "7");
    EXPECT_TRUE(reply.body.empty());
    EXPECT_EQ(client.get("/items/43").body, "item 43");  // the connection is still in step
}

TEST(HttpRouting, AbsoluteUrlsUseTheHostTheRequestCameIn) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    const auto port = std::to_string(server.local_endpoint().port);
    EXPECT_EQ(client.get("/next").json()["nextLink"],
              "http://127.0.0.1:" + port + "/next?$skipToken=a%20b%26c");
    EXPECT_EQ(client.get("/next", {{"Host", "tocsin.example:8443"}}).json()["nextLink"],
              "http://tocsin.example:8443/next?$skipToken=a%20b%26c");
}

TEST(HttpRouting, BadOrMissingHostIs400) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    const auto injected = client.get("/next", {{"Host", "evil.example/x?"}});
    EXPECT_EQ(injected.status, 400);
    EXPECT_EQ(arm_code(injected), "BadRequest");

    client.write_raw("GET /next HTTP/1.1\r\n\r\n");
    EXPECT_EQ(client.read_reply().status, 400);

    // HTTP/1.0 needs no Host: the local address stands in, and the connection closes.
    http_client old = client_for(server);
    old.write_raw("GET /next HTTP/1.0\r\n\r\n");
    const auto reply = old.read_reply();
    EXPECT_EQ(reply.status, 200);
    EXPECT_FALSE(reply.keep_alive);
    EXPECT_EQ(reply.json()["nextLink"].get<std::string>().rfind("http://127.0.0.1:", 0), 0u);
}

TEST(HttpRouting, MalformedTargetIs400) {
    http::server server(test_config(), arm_routes());
    server.start();
    auto client = client_for(server);
    const auto reply = client.get("/items/%zz");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(arm_code(reply), "BadRequest");
}

TEST(HttpFilters, FilterCanAnswerBeforeRoutingAndPassValuesToHandlers) {
    http::router r;
    r.add(verb::get, "/me", [](request& req) {
        return response::text(200, std::string(req.attributes().get("principal")));
    });
    r.add(verb::get, "/public", [](request&) { return response::text(200, "hello"); });
    http::server server(test_config(), std::move(r));
    server.add_filter([](request& req) -> std::optional<response> {
        if (req.route() == "/public")
            return std::nullopt;
        const auto auth = req.header("Authorization");
        if (!auth || auth != "Bearer good") {
            return http::error_response(
                {errc::unauthenticated, "A valid bearer token is required.", {}});
        }
        req.attributes().set("principal", "alice");
        return std::nullopt;
    });
    server.add_filter([](request& req) -> std::optional<response> {
        if (req.header("X-Flood"))
            throw http::http_error(429, errc::limit_exceeded, "Too many requests.");
        return std::nullopt;
    });
    server.start();
    auto client = client_for(server);

    EXPECT_EQ(client.get("/public").body, "hello");
    const auto denied = client.get("/me");
    EXPECT_EQ(denied.status, 401);
    EXPECT_EQ(arm_code(denied), "AuthenticationFailed");
    EXPECT_EQ(client.get("/unknown").status, 401);  // no route probing without credentials
    EXPECT_EQ(client.get("/me", {{"Authorization", "Bearer good"}}).body, "alice");
    const auto flooded = client.get("/me", {{"Authorization", "Bearer good"}, {"X-Flood", "1"}});
    EXPECT_EQ(flooded.status, 429);
    EXPECT_EQ(arm_code(flooded), "TooManyRequests");
}

TEST(HttpFilters, ObserverSeesRouteTemplateStatusAndLatency) {
    std::mutex mutex;
    std::vector<std::tuple<std::string, int, bool>> seen;
    http::server server(test_config(), arm_routes());
    server.add_observer([&](const http::exchange_record& record) {
        std::lock_guard lock(mutex);
        EXPECT_GE(record.latency.count(), 0);
        seen.emplace_back(std::string(record.route), record.status, record.written);
    });
    server.start();
    auto client = client_for(server);
    client.get("/items/7");
    client.get("/missing");
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(mutex);
        return seen.size() == 2;
    }));
    std::lock_guard lock(mutex);
    EXPECT_EQ(seen[0], std::make_tuple(std::string("/items/{id}"), 200, true));
    EXPECT_EQ(seen[1], std::make_tuple(std::string(), 404, true));
}

}  // namespace
}  // namespace tocsin::test
