// http.request / http.get / http.post_json through Lua and the runner against real loopback
// HTTP(S) servers: responses (5xx included) are results; transport failures are nil, err with
// the right code and retryable flag; instance settings, secrets and redaction.

#include <fstream>
#include <optional>
#include <thread>

#include <boost/beast/http.hpp>

#include "engine/runner/run_record_json.hpp"

#include "tests/plugins/configured_runner.hpp"
#include "tests/plugins/loopback_http_server.hpp"

namespace tocsin::runner::test {
namespace {

namespace bhttp = boost::beast::http;
using tocsin::test::loopback_http_server;
using tocsin::test::make_response;

json result_of(runner_fixture& fx, const std::string& body) {
    const auto r = fx.run(body);
    EXPECT_EQ(r.status, "succeeded") << r.error;
    return r.result;
}

std::string header_of(const tocsin::test::http_request_msg& req, std::string_view name) {
    const auto it = req.find(name);
    return it == req.end() ? std::string() : std::string(it->value());
}

TEST(HttpPlugin, GetReturnsStatusHeadersBodyAndParsedJson) {
    loopback_http_server server([](const auto&) {
        auto res = make_response(200, R"({"verdict":"malicious","score":97})", "application/json");
        res.set("X-Reply", "one");
        return res;
    });
    runner_fixture fx;
    const auto out =
        result_of(fx, "return tocsin.http.request{ url = " + lua_text(server.url("/v1/ip")) +
                          ", query = { q = '1.2.3.4 x', page = 2 },"
                          " headers = { ['X-Test'] = 'yes' } }");
    EXPECT_EQ(out["status"], 200);
    EXPECT_EQ(out["ok"], true);
    EXPECT_EQ(out["headers"]["x-reply"], "one");
    EXPECT_EQ(out["json"]["verdict"], "malicious");
    EXPECT_EQ(out["body"], R"({"verdict":"malicious","score":97})");
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method(), bhttp::verb::get);
    EXPECT_EQ(std::string(seen[0].target()), "/v1/ip?page=2&q=1.2.3.4%20x");
    EXPECT_EQ(header_of(seen[0], "X-Test"), "yes");
    EXPECT_NE(header_of(seen[0], "User-Agent").find("tocsin/"), std::string::npos);
}

TEST(HttpPlugin, TableBodiesAreSentAsJsonAndStringBodiesAsIs) {
    loopback_http_server server(
        [](const auto& req) { return make_response(201, std::string(req.body()), "text/plain"); });
    runner_fixture fx;
    const auto out = result_of(
        fx, "local a = tocsin.http.request{ method = 'POST', url = " + lua_text(server.url("/a")) +
                ", body = { ioc = 'evil.example', tags = { 'x' } } }\n"
                "local b = tocsin.http.request{ method = 'put', url = " +
                lua_text(server.url("/b")) +
                ", body = 'raw text', headers = { ['Content-Type'] = "
                "'text/plain' } }\n"
                "local c = tocsin.http.post_json{ url = " +
                lua_text(server.url("/c")) +
                ", body = { n = 1 } }\n"
                "return { a = a, b = b, c = c }");
    EXPECT_EQ(out["a"]["status"], 201);
    EXPECT_FALSE(out["a"].contains("json"));  // text/plain: no parse
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].method(), bhttp::verb::post);
    EXPECT_EQ(header_of(seen[0], "Content-Type"), "application/json");
    EXPECT_EQ(json::parse(seen[0].body()), json({{"ioc", "evil.example"}, {"tags", {"x"}}}));
    EXPECT_EQ(seen[1].method(), bhttp::verb::put);
    EXPECT_EQ(header_of(seen[1], "Content-Type"), "text/plain");
    EXPECT_EQ(seen[1].body(), "raw text");
    EXPECT_EQ(seen[2].method(), bhttp::verb::post);
    EXPECT_EQ(header_of(seen[2], "Content-Type"), "application/json");
    EXPECT_EQ(json::parse(seen[2].body()), json({{"n", 1}}));
}

TEST(HttpPlugin, ServerErrorsAreResponsesNotErrors) {
    loopback_http_server server([](const auto&) { return make_response(503, "busy"); });
    runner_fixture fx;
    const auto out =
        result_of(fx, "local r, err = tocsin.http.get{ url = " + lua_text(server.url()) +
                          " }\nreturn { r = r, err = err }");
    EXPECT_FALSE(out.contains("err"));
    EXPECT_EQ(out["r"]["status"], 503);
    EXPECT_EQ(out["r"]["ok"], false);
    EXPECT_EQ(out["r"]["body"], "busy");
}

TEST(HttpPlugin, TimeoutIsARetryableError) {
    loopback_http_server* self = nullptr;
    loopback_http_server server([&self](const auto&) {
        self->hold();
        return make_response(200, "too late");
    });
    self = &server;
    runner_fixture fx;
    const auto out =
        result_of(fx, "local r, err = tocsin.http.request{ url = " + lua_text(server.url()) +
                          ", timeout_ms = 300 }\nreturn { r = r, err = err }");
    server.release();
    EXPECT_FALSE(out.contains("r"));
    EXPECT_EQ(out["err"]["code"], "timeout");
    EXPECT_EQ(out["err"]["retryable"], true);
    EXPECT_NE(out["err"]["message"].get<std::string>().find("127.0.0.1"), std::string::npos);
}

TEST(HttpPlugin, ConnectionRefusedIsRetryableUnavailable) {
    std::uint16_t port = 0;
    {
        boost::asio::io_context io;
        boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        port = probe.local_endpoint().port();
    }  // closed: nothing listens there now
    runner_fixture fx;
    const auto out = result_of(fx, "local r, err = tocsin.http.request{ url = 'http://127.0.0.1:" +
                                       std::to_string(port) + "/' }\nreturn err");
    EXPECT_EQ(out["code"], "unavailable");
    EXPECT_EQ(out["retryable"], true);
    EXPECT_NE(out["message"].get<std::string>().find("refused"), std::string::npos) << out;
}

TEST(HttpPlugin, ResponseLargerThanTheLimitIsRefused) {
    loopback_http_server server(
        [](const auto&) { return make_response(200, std::string(5000, 'x')); });
    runner_fixture fx;
    const auto out =
        result_of(fx, "local r, err = tocsin.http.request{ url = " + lua_text(server.url()) +
                          ", max_response_bytes = 1000 }\nreturn err");
    EXPECT_EQ(out["code"], "limit_exceeded");
    EXPECT_EQ(out["retryable"], false);
    const auto small = result_of(fx, "return tocsin.http.request{ url = " + lua_text(server.url()) +
                                         ", max_response_bytes = 5000 }.status");
    EXPECT_EQ(small, 200);
}

TEST(HttpPlugin, BadUrlsAndUnresolvableHostsAreFinalErrors) {
    runner_fixture fx;
    const auto out =
        result_of(fx,
                  "local _, a = tocsin.http.request{ url = 'ftp://example.com/x' }\n"
                  "local _, b = tocsin.http.request{ url = 'https://user:pw@example.com/' }\n"
                  "local _, c = tocsin.http.request{ url = 'http://no-such-host.invalid/' }\n"
                  "return { a = a, b = b, c = c }");
    EXPECT_EQ(out["a"]["code"], "invalid_argument");
    EXPECT_NE(out["a"]["message"].get<std::string>().find("only http and https"),
              std::string::npos);
    EXPECT_EQ(out["b"]["code"], "invalid_argument");
    EXPECT_EQ(out["c"]["code"], "not_found");
    EXPECT_EQ(out["c"]["retryable"], false);
}

class HttpTls : public ::testing::Test {
  protected:
    tocsin::test::temp_dir dir_;
    tocsin::test::test_certificate cert_ =
        tocsin::test::make_self_signed_certificate(dir_.path().string());
    loopback_http_server server_{[](const auto&) { return make_response(200, "secure"); },
                                 tocsin::test::server_tls_context(cert_)};
};

TEST_F(HttpTls, SelfSignedCertificateIsRejectedWhenVerifying) {
    runner_fixture fx;
    const auto out =
        result_of(fx, "local r, err = tocsin.http.request{ url = " + lua_text(server_.url()) +
                          " }\nreturn err");
    EXPECT_EQ(out["code"], "unauthenticated");
    EXPECT_EQ(out["retryable"], false);
    EXPECT_NE(out["message"].get<std::string>().find("certificate"), std::string::npos) << out;
}

TEST_F(HttpTls, AcceptedWithVerificationOffOrWithTheInstanceCa) {
    runner_fixture fx(
        configured(plugin_config({{"http:internal", {{"ca_file", cert_.cert_file}}}})));
    const auto out =
        result_of(fx, "local a = tocsin.http.request{ url = " + lua_text(server_.url()) +
                          ", verify_tls = false }\n"
                          "local b = tocsin.http.request{ _instance = 'internal', url = " +
                          lua_text(server_.url()) + " }\nreturn { a = a.body, b = b.body }");
    EXPECT_EQ(out["a"], "secure");
    EXPECT_EQ(out["b"], "secure");
}

TEST(HttpPlugin, InstanceSettingsAndSecretsReachTheServerButNotTheRunRecord) {
    const std::string key = "k3y-VALUE-0f-the-intel-api";
    const std::string token = "bearer-token-9876543210";
    loopback_http_server server([](const auto& req) {
        // An API that echoes credentials back: the worst case for redaction.
        json echo = {{"key", std::string(req["X-Key"])},
                     {"auth", std::string(req[bhttp::field::authorization])}};
        return make_response(200, echo.dump(), "application/json");
    });
    const auto cfg =
        plugin_config({{"http:intel",
                        {{"base_url", server.url("/api/")},
                         {"headers", {{"X-Key", "secret:INTEL_KEY"}}},
                         {"auth", {{"type", "bearer"}, {"token", "secret:INTEL_TOKEN"}}}}}});
    runner_fixture fx(configured(cfg, fake_environment({{"TOCSIN_SECRET_INTEL_KEY", key},
                                                        {"TOCSIN_SECRET_INTEL_TOKEN", token}})));
    const auto r = fx.run(
        "local r = tocsin.http.get{ _instance = 'intel', url = '/lookup' }\n"
        "ctx.log.info('got ' .. r.body)\nreturn r");
    ASSERT_EQ(r.status, "succeeded") << r.error;

    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(std::string(seen[0].target()), "/api/lookup");
    EXPECT_EQ(header_of(seen[0], "X-Key"), key);
    EXPECT_EQ(header_of(seen[0], "Authorization"), "Bearer " + token);

    EXPECT_EQ(r.result["json"]["key"], "***");
    EXPECT_EQ(r.result["json"]["auth"], "Bearer ***");
    const auto stored = fx.store().find_run(r.id);
    ASSERT_TRUE(stored);
    for (const auto& text : {to_json(*stored).dump(), r.result.dump()}) {
        EXPECT_EQ(text.find(key), std::string::npos) << text;
        EXPECT_EQ(text.find(token), std::string::npos) << text;
    }
    EXPECT_NE(stored->actions.dump().find("http:intel.get"), std::string::npos) << stored->actions;
}

TEST(HttpPlugin, SecretValuesInRunLogsAndErrorsAreRedacted) {
    const std::string secret = "s3cret-from-the-file-4242";
    tocsin::test::temp_dir dir;
    const auto file = dir / "secrets.env";
    std::ofstream(file) << "# secrets\nAPI_KEY=" << secret << "\n";
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    runner_fixture fx(
        configured(plugin_config({{"http", {{"headers", {{"X-Key", "secret:API_KEY"}}}}}},
                                 {{"secrets.file", file.string()}})));
    // The playbook got the value some other way (the trigger): still masked in the record.
    const auto r =
        fx.run("ctx.log.warn('leaking ' .. ctx.trigger.v)\nerror('boom ' .. ctx.trigger.v)",
               json{{"v", secret}});
    EXPECT_EQ(r.status, "failed");
    const auto stored = fx.store().find_run(r.id);
    ASSERT_TRUE(stored);
    const auto text = to_json(*stored).dump();
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
    EXPECT_EQ(stored->logs[0]["message"], "leaking ***");
    EXPECT_NE(stored->error.find("boom ***"), std::string::npos) << stored->error;
}

TEST(HttpPlugin, SecretValuesInALiveRunAreRedactedToo) {
    const std::string secret = "live-s3cret-7310";
    tocsin::test::temp_dir dir;
    const auto file = dir / "secrets.env";
    std::ofstream(file) << "API_KEY=" << secret << "\n";
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    // The run waits on its HTTP call while the test looks at it.
    loopback_http_server* self = nullptr;
    loopback_http_server server([&self](const auto&) {
        self->hold();
        return make_response(200, "ok");
    });
    self = &server;
    runner_fixture fx(
        configured(plugin_config({{"http", {{"headers", {{"X-Key", "secret:API_KEY"}}}}}},
                                 {{"secrets.file", file.string()}})));
    std::string id;
    auto done = fx.start(fx.load(playbook_source("ctx.log.warn('leaking ' .. ctx.trigger.v)\n"
                                                 "tocsin.http.get{ url = " +
                                                 lua_text(server.url("/slow")) + " }")),
                         json{{"v", secret}}, nullptr, &id);
    std::optional<store::run_record> live;
    for (int i = 0; i < 200 && !(live && !live->logs.empty()); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        live = fx.scheduler().find(id);
    }
    ASSERT_TRUE(live);
    EXPECT_EQ(live->status, "running");
    const auto text = to_json(*live).dump();
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
    EXPECT_NE(text.find("leaking ***"), std::string::npos) << text;
    server.release();
    ASSERT_EQ(done.wait_for(std::chrono::seconds(20)), std::future_status::ready);
}

TEST(HttpPlugin, InstanceSelectionErrors) {
    loopback_http_server server([](const auto&) { return make_response(200, "ok"); });
    runner_fixture fx(configured(plugin_config(
        {{"http:a", {{"base_url", server.url()}}}, {"http:b", {{"base_url", server.url()}}}})));
    const auto out = result_of(
        fx,
        "local _, e1 = tocsin.http.get{ _instance = 'nope', url = '/' }\n"
        "local _, e2 = tocsin.http.get{ _instance = 'a', url = 'http://elsewhere.example/' }\n"
        "local ok = tocsin.http.get{ _instance = 'b', url = '/x' }\n"
        "return { e1 = e1, e2 = e2, ok = ok.status }");
    EXPECT_EQ(out["e1"]["code"], "not_found");
    EXPECT_NE(out["e1"]["message"].get<std::string>().find("configured: a, b"), std::string::npos)
        << out;
    EXPECT_EQ(out["e2"]["code"], "invalid_argument");
    EXPECT_EQ(out["ok"], 200);
}

}  // namespace
}  // namespace tocsin::runner::test
