// The "API tokens" section of the SQLite store, the authenticator over it, and the first start's
// Admin token: against real database files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "engine/auth/authenticator.hpp"
#include "engine/auth/token_issue.hpp"
#include "engine/auth/token_secret.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::auth {
namespace {

using std::chrono::hours;

class TokenStore : public ::testing::Test {
  protected:
    TokenStore() : store_(dir_ / "tocsin.db", bus_) {}

    issued_token issue(std::vector<std::string> roles, std::optional<std::string> expires = {},
                       std::vector<std::string> workspaces = {}) {
        token_request request;
        request.name = "bot";
        request.roles = std::move(roles);
        request.expires = std::move(expires);
        request.workspaces = std::move(workspaces);
        return issue_token(store_, request, now_);
    }

    authentication auth(std::optional<std::string_view> header) {
        return authenticate(store_, header, now_);
    }

    test::temp_dir dir_;
    event_bus bus_;
    store::sqlite_store store_;
    time_point now_ = default_clock().now();
};

TEST_F(TokenStore, CreateFindListRevoke) {
    const auto a = issue({"Reader"}, "1d", {"s/r/w"});
    const auto b = issue({"Admin"});
    const auto found = store_.find_token(a.record.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "bot");
    EXPECT_EQ(found->roles, std::vector<std::string>{"Reader"});
    ASSERT_EQ(found->workspaces.size(), 1u);
    EXPECT_EQ(found->workspaces[0].name, "w");
    EXPECT_EQ(found->secret_sha256, a.record.secret_sha256);
    EXPECT_EQ(found->expires, a.record.expires);
    EXPECT_FALSE(found->revoked);
    EXPECT_FALSE(store_.find_token("no-such-id"));

    const auto all = store_.list_tokens();
    ASSERT_EQ(all.size(), 2u);

    EXPECT_TRUE(store_.revoke_token(a.record.id, now_));
    EXPECT_TRUE(store_.revoke_token(a.record.id, now_ + hours(1)));  // first time kept
    EXPECT_EQ(store_.find_token(a.record.id)->revoked, now_);
    EXPECT_FALSE(store_.revoke_token("no-such-id", now_));
    EXPECT_FALSE(store_.find_token(b.record.id)->revoked);
}

TEST_F(TokenStore, DuplicateIdIsAlreadyExists) {
    const auto a = issue({"Reader"});
    try {
        store_.create_token(a.record);
        ADD_FAILURE() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::already_exists);
    }
}

TEST_F(TokenStore, FirstTokenOnlyIntoAnEmptyTable) {
    token_request request;
    request.roles = {"Admin"};
    const auto first = prepare_token(request, now_);
    EXPECT_TRUE(store_.create_first_token(first.record));
    const auto second = prepare_token(request, now_);
    EXPECT_FALSE(store_.create_first_token(second.record));
    EXPECT_EQ(store_.list_tokens().size(), 1u);
}

TEST_F(TokenStore, AuthenticatesAValidToken) {
    const auto a = issue({"Responder", "PlaybookOperator"}, std::nullopt, {"s/r/w"});
    const auto outcome = auth("Bearer " + a.text);
    ASSERT_TRUE(outcome.who) << outcome.failure_message;
    EXPECT_EQ(outcome.who->token_id, a.record.id);
    EXPECT_EQ(outcome.who->principal.name, "bot");
    EXPECT_EQ(outcome.who->principal.type, model::principal::kind::token);
    EXPECT_EQ(outcome.who->roles, (std::vector<role>{role::responder, role::playbook_operator}));
    EXPECT_TRUE(outcome.who->may_use({"S", "R", "W"}));
    EXPECT_FALSE(outcome.who->may_use({"s", "r", "other"}));
    // The scheme is case-insensitive (RFC 7235).
    EXPECT_TRUE(auth("bearer " + a.text).who);
}

TEST_F(TokenStore, RefusesMissingMalformedWrongExpiredAndRevoked) {
    const auto ok = issue({"Reader"});
    auto expect_refused = [&](std::optional<std::string_view> header, std::string_view code,
                              std::string_view message_part) {
        const auto outcome = auth(header);
        EXPECT_FALSE(outcome.who) << header.value_or("<none>");
        EXPECT_EQ(outcome.failure_code, code) << header.value_or("<none>");
        EXPECT_NE(outcome.failure_message.find(message_part), std::string::npos)
            << outcome.failure_message;
    };
    expect_refused(std::nullopt, "AuthenticationFailed", "'Authorization' header is missing");
    expect_refused("", "AuthenticationFailed", "'Authorization' header is missing");
    expect_refused("Basic dXNlcjpwYXNz", "AuthenticationFailed", "Bearer scheme");
    expect_refused("Bearer not-a-token", "InvalidAuthenticationToken", "invalid");

    // Right id, wrong secret; and a well-formed token nobody issued.
    auto parts = *parse_token_text(ok.text);
    const auto other_secret = new_token_parts().secret;
    expect_refused("Bearer " + token_text({parts.id, other_secret}), "InvalidAuthenticationToken",
                   "invalid");
    expect_refused("Bearer " + token_text(new_token_parts()), "InvalidAuthenticationToken",
                   "invalid");

    const auto expiring = issue({"Reader"}, "1h");
    now_ += hours(2);
    expect_refused("Bearer " + expiring.text, "InvalidAuthenticationToken", "expired at");

    ASSERT_TRUE(store_.revoke_token(ok.record.id, now_));
    expect_refused("Bearer " + ok.text, "InvalidAuthenticationToken", "revoked");
}

TEST_F(TokenStore, BootstrapCreatesOneAdminTokenAndAPrivateFile) {
    const auto file = dir_ / "data" / "admin.token";
    auth_settings settings;
    const auto issued = bootstrap_admin_token(store_, settings, file, now_);
    ASSERT_TRUE(issued);
    EXPECT_EQ(issued->record.roles, std::vector<std::string>{"Admin"});
    EXPECT_EQ(issued->record.name, "bootstrap");
    std::ifstream in(file);
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, issued->text);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600);
    EXPECT_TRUE(auth("Bearer " + issued->text).who);

    // Tokens exist now: nothing happens on later starts.
    EXPECT_FALSE(bootstrap_admin_token(store_, settings, file, now_));
}

TEST_F(TokenStore, BootstrapUsesTheConfiguredToken) {
    auth_settings settings;
    settings.bootstrap_token = token_text(new_token_parts());
    const auto issued = bootstrap_admin_token(store_, settings, dir_ / "admin.token", now_);
    ASSERT_TRUE(issued);
    EXPECT_EQ(issued->text, settings.bootstrap_token);
    const auto outcome = auth("Bearer " + settings.bootstrap_token);
    ASSERT_TRUE(outcome.who);
    EXPECT_EQ(outcome.who->roles, std::vector<role>{role::admin});
}

}  // namespace
}  // namespace tocsin::auth
