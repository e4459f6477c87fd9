// notify.webhook against a loopback HTTP server and notify.email against a loopback SMTP sink,
// through Lua and the runner: message shape, headers, dot-stuffing, AUTH, STARTTLS policy, and
// failures as nil, err.

#include "engine/runner/run_record_json.hpp"
#include "tests/plugins/configured_runner.hpp"
#include "tests/plugins/loopback_http_server.hpp"
#include "tests/plugins/smtp_sink.hpp"

namespace tocsin::runner::test {
namespace {

using tocsin::test::loopback_http_server;
using tocsin::test::make_response;
using tocsin::test::smtp_sink;

json result_of(runner_fixture& fx, const std::string& body) {
    const auto r = fx.run(body);
    EXPECT_EQ(r.status, "succeeded") << r.error;
    return r.result;
}

TEST(NotifyWebhook, PostsASlackCompatibleMessageToTheInstanceUrl) {
    loopback_http_server server([](const auto&) { return make_response(200, "ok"); });
    const auto cfg = plugin_config(
        {{"notify:oncall", {{"url", "secret:ONCALL_WEBHOOK"}, {"extra", {{"channel", "#soc"}}}}}});
    runner_fixture fx(configured(cfg, fake_environment({{"TOCSIN_SECRET_ONCALL_WEBHOOK",
                                                         server.url("/hooks/T000/B000/XXXX")}})));
    const auto out = result_of(fx, R"(
return tocsin.notify.webhook{ _instance = 'oncall', text = 'Incident 42 opened', title = 'Phishing',
                              severity = 'High', fields = { host = 'ws-01' },
                              link = 'https://soc.example/incidents/42' })");
    EXPECT_EQ(out["delivered"], true);
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(std::string(seen[0].target()), "/hooks/T000/B000/XXXX");
    EXPECT_EQ(std::string(seen[0]["Content-Type"]), "application/json");
    EXPECT_EQ(json::parse(seen[0].body()), json({{"text", "Incident 42 opened"},
                                                 {"title", "Phishing"},
                                                 {"severity", "High"},
                                                 {"fields", {{"host", "ws-01"}}},
                                                 {"link", "https://soc.example/incidents/42"},
                                                 {"channel", "#soc"}}));
}

TEST(NotifyWebhook, RefusalsAndMissingConfigurationAreErrors) {
    loopback_http_server server([](const auto& req) {
        return make_response(req.target() == "/gone" ? 404 : 500, "no such hook");
    });
    runner_fixture fx(configured(plugin_config({{"notify:gone", {{"url", server.url("/gone")}}},
                                                {"notify:down", {{"url", server.url("/down")}}}})));
    const auto out = result_of(fx, R"(
local _, a = tocsin.notify.webhook{ _instance = 'gone', text = 'x' }
local _, b = tocsin.notify.webhook{ _instance = 'down', text = 'x', _timeout_ms = 5000 }
local _, c = tocsin.notify.webhook{ text = 'x' }
return { a = a, b = b, c = c })");
    EXPECT_EQ(out["a"]["code"], "invalid_argument");
    EXPECT_NE(out["a"]["message"].get<std::string>().find("404"), std::string::npos);
    EXPECT_EQ(out["b"]["code"], "unavailable");
    EXPECT_EQ(out["b"]["retryable"], true);
    EXPECT_EQ(out["c"]["code"], "invalid_argument");
    EXPECT_NE(out["c"]["message"].get<std::string>().find("no 'url'"), std::string::npos);
    // 404 is final; 500 was retried by the engine (notify actions try 3 times).
    EXPECT_EQ(server.requests().size(), 4u);
}

class NotifyEmail : public ::testing::Test {
  protected:
    json settings(const smtp_sink& sink, json more = json::object()) {
        json s = {{"host", "127.0.0.1"},          {"port", sink.port()},
                  {"from", "tocsin@soc.example"}, {"starttls", "none"},
                  {"username", "alerts"},         {"password", "secret:SMTP_PASSWORD"}};
        s.update(more);
        return s;
    }
    std::unique_ptr<runner_fixture> runner_for(const json& instance_settings) {
        return std::make_unique<runner_fixture>(
            configured(plugin_config({{"notify:mail", instance_settings}}),
                       fake_environment({{"TOCSIN_SECRET_SMTP_PASSWORD", password_}})));
    }
    std::string password_ = "smtp-pa55word-xyz";
};

std::string header_value(const std::string& data, const std::string& name) {
    const auto at = data.find("\r\n" + name + ": ");
    const auto start = data.rfind(name + ": ", 0) == 0 ? 0 : at;
    if (start == std::string::npos)
        return {};
    const auto from = data.find(": ", start) + 2;
    return data.substr(from, data.find("\r\n", from) - from);
}

TEST_F(NotifyEmail, DeliversAMimeMessageWithAuthPlainAndDotStuffing) {
    smtp_sink sink({"AUTH PLAIN LOGIN", "alerts", password_});
    auto fx = runner_for(settings(sink));
    const auto r = fx->run(R"(
return tocsin.notify.email{ _instance = 'mail', to = { 'analyst@soc.example', 'lead@soc.example' },
                            cc = 'audit@soc.example', subject = 'Alerte : intrusion détectée',
                            text = 'Host ws-01 is compromised.\n.hidden line\n.\nend' })");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    const auto sessions = sink.sessions();
    ASSERT_EQ(sessions.size(), 1u);
    const auto& s = sessions[0];
    EXPECT_EQ(s.auth_mechanism, "PLAIN");
    EXPECT_EQ(s.auth_user, "alerts");
    EXPECT_EQ(s.auth_password, password_);
    EXPECT_EQ(s.mail_from, "<tocsin@soc.example>");
    EXPECT_EQ(s.recipients, (std::vector<std::string>{"<analyst@soc.example>", "<lead@soc.example>",
                                                      "<audit@soc.example>"}));
    EXPECT_EQ(s.commands.front().rfind("EHLO ", 0), 0u);
    EXPECT_EQ(s.commands.back(), "QUIT");

    const auto& data = s.data;
    EXPECT_EQ(header_value(data, "From"), "tocsin@soc.example");
    EXPECT_EQ(header_value(data, "To"), "analyst@soc.example, lead@soc.example");
    EXPECT_EQ(header_value(data, "Cc"), "audit@soc.example");
    EXPECT_EQ(header_value(data, "MIME-Version"), "1.0");
    EXPECT_EQ(header_value(data, "Content-Type"), "text/plain; charset=utf-8");
    EXPECT_NE(header_value(data, "Date").find("+0000"), std::string::npos) << data;
    EXPECT_EQ(header_value(data, "Message-ID"), r.result["message_id"]);
    const auto subject = header_value(data, "Subject");
    ASSERT_EQ(subject.rfind("=?UTF-8?B?", 0), 0u) << subject;
    EXPECT_EQ(tocsin::test::base64_decode(subject.substr(10, subject.size() - 12)),
              "Alerte : intrusion détectée");
    // Lines starting with '.' travel doubled (the sink records DATA as received).
    const auto body = data.substr(data.find("\r\n\r\n") + 4);
    EXPECT_EQ(body, "Host ws-01 is compromised.\r\n..hidden line\r\n..\r\nend\r\n");
    EXPECT_EQ(to_json(*fx->store().find_run(r.id)).dump().find(password_), std::string::npos);
}

TEST_F(NotifyEmail, HtmlAlternativeAndAuthLogin) {
    smtp_sink sink({"AUTH LOGIN", "alerts", password_});
    auto fx = runner_for(settings(sink));
    const auto r = fx->run(R"(
return tocsin.notify.email{ _instance = 'mail', to = 'analyst@soc.example', subject = 'Report',
                            text = 'plain version', html = '<p>html version</p>' })");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    const auto sessions = sink.sessions();
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].auth_mechanism, "LOGIN");
    EXPECT_EQ(sessions[0].auth_password, password_);
    const auto& data = sessions[0].data;
    EXPECT_NE(header_value(data, "Content-Type").find("multipart/alternative; boundary="),
              std::string::npos);
    EXPECT_NE(data.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(data.find("Content-Type: text/html; charset=utf-8\r\n"), std::string::npos);
    EXPECT_NE(data.find("<p>html version</p>"), std::string::npos);
}

TEST_F(NotifyEmail, RefusedCredentialsAreUnauthenticated) {
    smtp_sink sink({"AUTH PLAIN", "alerts", "another password"});
    auto fx = runner_for(settings(sink));
    const auto out = result_of(*fx, R"(
local r, err = tocsin.notify.email{ _instance = 'mail', to = 'a@soc.example', subject = 's', text = 't' }
return err)");
    EXPECT_EQ(out["code"], "unauthenticated");
    EXPECT_EQ(out["retryable"], false);
    EXPECT_NE(out["message"].get<std::string>().find("535"), std::string::npos) << out;
    EXPECT_EQ(out.dump().find(password_), std::string::npos);
}

TEST_F(NotifyEmail, StarttlsPolicyIsEnforced) {
    smtp_sink sink({"AUTH PLAIN", "alerts", password_});  // offers no STARTTLS
    auto required = runner_for(settings(sink, {{"starttls", "required"}}));
    const auto a = result_of(*required, R"(
local r, err = tocsin.notify.email{ _instance = 'mail', to = 'a@soc.example', subject = 's', text = 't' }
return err)");
    EXPECT_EQ(a["code"], "unsupported");
    EXPECT_NE(a["message"].get<std::string>().find("STARTTLS"), std::string::npos);
    // Opportunistic: without TLS the credentials are not sent.
    auto opportunistic = runner_for(settings(sink, {{"starttls", "opportunistic"}}));
    const auto b = result_of(*opportunistic, R"(
local r, err = tocsin.notify.email{ _instance = 'mail', to = 'a@soc.example', subject = 's', text = 't' }
return err)");
    EXPECT_EQ(b["code"], "unavailable");
    EXPECT_NE(b["message"].get<std::string>().find("unencrypted"), std::string::npos) << b;
    for (const auto& s : sink.sessions())
        EXPECT_TRUE(s.auth_password.empty());
}

TEST_F(NotifyEmail, MalformedAddressesAndSubjectsAreRefusedBeforeConnecting) {
    smtp_sink sink({"AUTH PLAIN", "alerts", password_});
    auto fx = runner_for(settings(sink));
    const auto out = result_of(*fx, R"(
local _, a = tocsin.notify.email{ _instance = 'mail', to = 'not an address', subject = 's', text = 't' }
local _, b = tocsin.notify.email{ _instance = 'mail', to = 'a@soc.example', subject = 'x\r\nBcc: evil@x.example', text = 't' }
return { a = a, b = b })");
    EXPECT_EQ(out["a"]["code"], "invalid_argument");
    EXPECT_EQ(out["a"]["field"], "to");
    EXPECT_EQ(out["b"]["code"], "invalid_argument");
    EXPECT_EQ(out["b"]["field"], "subject");
    EXPECT_TRUE(sink.sessions().empty());
}

}  // namespace
}  // namespace tocsin::runner::test
