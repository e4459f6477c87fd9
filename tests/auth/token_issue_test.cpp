#include <gtest/gtest.h>

#include "engine/auth/token_issue.hpp"
#include "engine/auth/token_secret.hpp"

namespace tocsin::auth {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

const time_point now = time_point(milliseconds(1'700'000'000'000));

// Runs fn, expecting a tocsin::error with that code naming that field.
template <typename Fn>
void expect_error(Fn fn, errc code, std::string_view field, std::string_view message_part) {
    try {
        fn();
        ADD_FAILURE() << "no error";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), code) << e.what();
        EXPECT_EQ(e.info().field, field) << e.what();
        EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
    }
}

TEST(TokenIssue, ExpiryDurationsAndTimes) {
    EXPECT_EQ(parse_expiry("30d", now), now + hours(24 * 30));
    EXPECT_EQ(parse_expiry("12h", now), now + hours(12));
    EXPECT_EQ(parse_expiry("45m", now), now + std::chrono::minutes(45));
    EXPECT_EQ(parse_expiry("2w", now), now + hours(24 * 14));
    EXPECT_EQ(parse_expiry("2030-01-01T00:00:00Z", now), *parse_time("2030-01-01T00:00:00Z"));
}

TEST(TokenIssue, BadExpiriesNameTheField) {
    for (const auto* text : {"", "30", "d", "30x", "-5d", "0d", "tomorrow"})
        expect_error([&] { parse_expiry(text, now); }, errc::invalid_argument, "expires",
                     "'expires' must be a duration");
    expect_error([&] { parse_expiry("2001-01-01T00:00:00Z", now); }, errc::invalid_argument,
                 "expires", "lies in the past");
}

TEST(TokenIssue, Workspaces) {
    const auto ws = parse_workspace("sub-1/rg/ws");
    EXPECT_EQ(ws.subscription, "sub-1");
    EXPECT_EQ(ws.resource_group, "rg");
    EXPECT_EQ(ws.name, "ws");
    for (const auto* text : {"", "sub/rg", "sub/rg/ws/x", "sub//ws", "/rg/ws"})
        expect_error([&] { parse_workspace(text); }, errc::invalid_argument, "workspaces",
                     "SUBSCRIPTION/RESOURCE_GROUP/WORKSPACE");
}

TEST(TokenIssue, PreparedTokenHoldsOnlyTheHashOfItsSecret) {
    token_request request;
    request.name = "ci-bot";
    request.roles = {"responder", "Playbook Operator", "Responder"};
    request.workspaces = {"s/r/w", "S/R/W"};
    request.expires = "1d";
    request.created_by = "cli";
    const auto issued = prepare_token(request, now);
    const auto& t = issued.record;
    EXPECT_EQ(t.name, "ci-bot");
    EXPECT_EQ(t.kind, "app");
    EXPECT_EQ(t.roles, (std::vector<std::string>{"Responder", "PlaybookOperator"}));
    ASSERT_EQ(t.workspaces.size(), 1u);  // names compare case-insensitively
    EXPECT_EQ(t.expires, now + hours(24));
    EXPECT_EQ(t.created, now);
    EXPECT_EQ(t.created_by, "cli");
    const auto parts = parse_token_text(issued.text);
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->id, t.id);
    EXPECT_EQ(t.secret_sha256, hash_secret(parts->secret));
    EXPECT_EQ(issued.text.find(t.secret_sha256), std::string::npos);
}

TEST(TokenIssue, UnnamedTokenGetsANameFromItsId) {
    token_request request;
    request.roles = {"Reader"};
    const auto issued = prepare_token(request, now);
    EXPECT_EQ(issued.record.name, "token-" + issued.record.id.substr(0, 8));
}

TEST(TokenIssue, BadRequestsNameTheField) {
    token_request request;
    request.name = "x";
    expect_error([&] { prepare_token(request, now); }, errc::missing_field, "roles",
                 "at least one role");
    request.roles = {"Reader", "Owner"};
    expect_error([&] { prepare_token(request, now); }, errc::invalid_argument, "roles",
                 "Unknown role 'Owner'");
    request.roles = {"Reader"};
    request.kind = "robot";
    expect_error([&] { prepare_token(request, now); }, errc::invalid_argument, "kind",
                 "'kind' must be 'app' or 'user'");
}

TEST(TokenIssue, JsonShowsStatusAndNeverTheSecret) {
    token_request request;
    request.name = "n";
    request.roles = {"Admin"};
    request.workspaces = {"s/r/w"};
    auto issued = prepare_token(request, now);
    auto shown = token_json(issued.record, now);
    EXPECT_EQ(shown["status"], "active");
    EXPECT_EQ(shown["workspaces"], nlohmann::json::array({"s/r/w"}));
    EXPECT_TRUE(shown["expires"].is_null());
    EXPECT_EQ(shown.dump().find(issued.record.secret_sha256), std::string::npos);
    EXPECT_EQ(shown.dump().find(parse_token_text(issued.text)->secret), std::string::npos);

    issued.record.expires = now;
    EXPECT_EQ(token_json(issued.record, now)["status"], "expired");
    issued.record.revoked = now - hours(1);
    EXPECT_EQ(token_json(issued.record, now)["status"], "revoked");
}

}  // namespace
}  // namespace tocsin::auth
