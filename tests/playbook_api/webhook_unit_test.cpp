// Webhook bindings and their authentication, without a server.

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/lua/playbook.hpp"
#include "triggers/webhook/webhook_auth.hpp"
#include "triggers/webhook/webhook_binding.hpp"

namespace tocsin::triggers {
namespace {

using nlohmann::json;

class fixed_clock final : public clock {
  public:
    time_point now() const override { return at; }
    time_point at = time_point(std::chrono::seconds(1'700'000'000));
};

runner::definition_ptr playbook_named(std::string name) {
    auto def = std::make_shared<lua::playbook_definition>();
    def->name = std::move(name);
    def->source_path = "/playbooks/" + def->name + ".lua";
    return def;
}

http::request signed_request(const std::string& key, std::int64_t stamp, std::string body) {
    http::request req(http::verb::post, "/api/v1/webhooks/hook");
    req.body() = std::move(body);
    req.headers().add("X-Tocsin-Timestamp", std::to_string(stamp));
    req.headers().add("X-Tocsin-Signature",
                      "sha256=" + hmac_sha256_hex(key, std::to_string(stamp) + "." + req.body()));
    return req;
}

std::string message_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const tocsin::error& e) {
        return std::string(to_string(e.code())) + ": " + e.what();
    }
    return "no error";
}

TEST(WebhookAuth, HmacMatchesRfc4231) {
    EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookAuth, ConstantTimeEqualsComparesWholeValues) {
    EXPECT_TRUE(constant_time_equals("secret", "secret"));
    EXPECT_FALSE(constant_time_equals("secret", "secreT"));
    EXPECT_FALSE(constant_time_equals("secret", "secret2"));
    EXPECT_FALSE(constant_time_equals("", "x"));
}

TEST(WebhookBinding, DefaultsToAsyncApiTokenNamedAfterThePlaybook) {
    const auto b = parse_webhook_binding(playbook_named("triage"), nullptr);
    EXPECT_EQ(b.name, "triage");
    EXPECT_FALSE(b.synchronous);
    EXPECT_EQ(b.auth.kind, webhook_auth_kind::api_token);
    EXPECT_EQ(b.sync_timeout, std::chrono::milliseconds(30000));
}

TEST(WebhookBinding, ReadsEveryOption) {
    const auto b = parse_webhook_binding(playbook_named("p"), json{{"name", "edr.alerts"},
                                                                   {"mode", "sync"},
                                                                   {"timeout_ms", 1500},
                                                                   {"auth",
                                                                    {{"type", "hmac-sha256"},
                                                                     {"secret", "EDR_KEY"},
                                                                     {"signature_header", "X-Sig"},
                                                                     {"timestamp_header", "X-Ts"},
                                                                     {"tolerance_s", 60}}}});
    EXPECT_EQ(b.name, "edr.alerts");
    EXPECT_TRUE(b.synchronous);
    EXPECT_EQ(b.sync_timeout, std::chrono::milliseconds(1500));
    EXPECT_EQ(b.auth.kind, webhook_auth_kind::hmac_sha256);
    EXPECT_EQ(b.auth.secret, "EDR_KEY");
    EXPECT_EQ(b.auth.signature_header, "X-Sig");
    EXPECT_EQ(b.auth.timestamp_header, "X-Ts");
    EXPECT_EQ(b.auth.tolerance, std::chrono::seconds(60));
}

TEST(WebhookBinding, MalformedOptionsNameTheOption) {
    const auto def = playbook_named("p");
    const auto field_of = [&](const json& options) {
        try {
            parse_webhook_binding(def, options);
        } catch (const tocsin::error& e) {
            return e.field();
        }
        return std::string("accepted");
    };
    EXPECT_EQ(field_of({{"mode", "later"}}), "triggers.options.mode");
    EXPECT_EQ(field_of({{"name", "has space"}}), "triggers.options.name");
    EXPECT_EQ(field_of({{"timeout_ms", 0}}), "triggers.options.timeout_ms");
    EXPECT_EQ(field_of({{"auth", "password"}}), "triggers.options.auth");
    EXPECT_EQ(field_of({{"auth", {{"type", "token"}}}}), "triggers.options.auth.secret");
    EXPECT_EQ(field_of({{"auth", {{"type", "magic"}, {"secret", "S"}}}}),
              "triggers.options.auth.type");
    EXPECT_EQ(field_of({{"auth", {{"type", "hmac-sha256"}, {"secret", "S"}, {"tolerance_s", -1}}}}),
              "triggers.options.auth.tolerance_s");
    EXPECT_EQ(field_of({{"auth", "none"}}), "accepted");
}

class WebhookVerifier : public ::testing::Test {
  protected:
    webhook_binding binding(webhook_auth_kind kind) {
        webhook_binding b;
        b.name = "hook";
        b.auth.kind = kind;
        b.auth.secret = "HOOK_KEY";
        b.auth.tolerance = std::chrono::seconds(300);
        return b;
    }
    const std::int64_t now_s = 1'700'000'000;
    fixed_clock time;
    webhook_verifier verifier{[](std::string_view name) -> std::optional<std::string> {
                                  if (name == "HOOK_KEY")
                                      return "k3y";
                                  return std::nullopt;
                              },
                              time};
};

TEST_F(WebhookVerifier, AcceptsAFreshSignatureOnce) {
    const auto b = binding(webhook_auth_kind::hmac_sha256);
    const auto req = signed_request("k3y", now_s - 10, R"({"a":1})");
    EXPECT_EQ(message_of([&] { verifier.verify(b, req); }), "no error");
    EXPECT_EQ(message_of([&] { verifier.verify(b, req); }),
              "unauthenticated: This signed request was already received; a replay is refused.");
}

TEST_F(WebhookVerifier, RefusesWrongKeyTamperedBodyAndOldTimestamps) {
    const auto b = binding(webhook_auth_kind::hmac_sha256);
    EXPECT_EQ(message_of([&] { verifier.verify(b, signed_request("other", now_s, "{}")); }),
              "unauthenticated: The X-Tocsin-Signature signature does not match the body.");
    auto tampered = signed_request("k3y", now_s, R"({"amount":1})");
    tampered.body() = R"({"amount":1000})";
    EXPECT_EQ(message_of([&] { verifier.verify(b, tampered); }),
              "unauthenticated: The X-Tocsin-Signature signature does not match the body.");
    EXPECT_NE(message_of([&] {
                  verifier.verify(b, signed_request("k3y", now_s - 301, "{}"));
              }).find("more than 300 seconds away"),
              std::string::npos);
    EXPECT_NE(message_of([&] {
                  verifier.verify(b, signed_request("k3y", now_s + 301, "{}"));
              }).find("more than 300 seconds away"),
              std::string::npos);
    http::request unsigned_req(http::verb::post, "/api/v1/webhooks/hook");
    EXPECT_EQ(message_of([&] { verifier.verify(b, unsigned_req); }),
              "unauthenticated: The webhook needs the X-Tocsin-Signature and X-Tocsin-Timestamp "
              "headers.");
    auto bad_stamp = signed_request("k3y", now_s, "{}");
    bad_stamp.headers().set("X-Tocsin-Timestamp", "yesterday");
    EXPECT_EQ(message_of([&] { verifier.verify(b, bad_stamp); }),
              "unauthenticated: The X-Tocsin-Timestamp header must be Unix seconds.");
}

TEST_F(WebhookVerifier, ChecksTheTokenHeader) {
    const auto b = binding(webhook_auth_kind::token);
    http::request req(http::verb::post, "/api/v1/webhooks/hook");
    EXPECT_EQ(message_of([&] { verifier.verify(b, req); }),
              "unauthenticated: The webhook needs the X-Webhook-Token header.");
    req.headers().set("X-Webhook-Token", "k3");
    EXPECT_EQ(message_of([&] { verifier.verify(b, req); }),
              "unauthenticated: The X-Webhook-Token header does not match the webhook's token.");
    req.headers().set("X-Webhook-Token", "k3y");
    EXPECT_EQ(message_of([&] { verifier.verify(b, req); }), "no error");
}

TEST_F(WebhookVerifier, AMissingSecretIsAConfigurationError) {
    auto b = binding(webhook_auth_kind::token);
    b.auth.secret = "NOT_SET";
    http::request req(http::verb::post, "/api/v1/webhooks/hook");
    req.headers().set("X-Webhook-Token", "anything");
    EXPECT_EQ(message_of([&] { verifier.verify(b, req); }),
              "config: webhook 'hook' names secret 'NOT_SET', which is not configured");
}

}  // namespace
}  // namespace tocsin::triggers
