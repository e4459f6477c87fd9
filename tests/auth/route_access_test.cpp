// Every route the server registers, walked from its own table (GET /api/v1/routes), so routes
// added later are covered without touching this file: who may call it and who may not.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <regex>

#include "engine/auth/roles.hpp"
#include "engine/auth/token_issue.hpp"
#include "engine/auth/token_secret.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/auth/auth_server.hpp"

namespace tocsin::test {
namespace {

constexpr std::string_view limited_workspace = "limited-ws";
constexpr std::string_view other_workspace = "other-ws";

class RouteAccess : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<temp_dir>();
        server_ = start_server(*dir_);
    }
    static void TearDownTestSuite() {
        server_.reset();
        dir_.reset();
    }

    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;
};

std::unique_ptr<temp_dir> RouteAccess::dir_;
std::unique_ptr<server_process> RouteAccess::server_;

// The template with every capture filled: the workspace captures with `workspace`, the rest
// with a name that exists nowhere; plus an api-version, which non-ARM routes ignore.
std::string concrete(const std::string& tmpl, std::string_view workspace) {
    std::string out = std::regex_replace(tmpl, std::regex(R"(\{subscriptionId\})"),
                                         std::string(auth_subscription));
    out = std::regex_replace(out, std::regex(R"(\{resourceGroupName\})"),
                             std::string(auth_resource_group));
    out = std::regex_replace(out, std::regex(R"(\{workspaceName\})"), std::string(workspace));
    out = std::regex_replace(out, std::regex(R"(\{[^}]+\})"), "nothing-here");
    return out + "?api-version=2025-09-01";
}

http_reply call(http_client& client, const std::string& method, const std::string& target) {
    if (method == "PUT" || method == "POST" || method == "PATCH")
        return client.send_json(method, target, json::object());
    return client.request(method, target);
}

bool refused(int status) {
    return status == 401 || status == 403;
}

TEST_F(RouteAccess, EveryRouteAuthenticatesAndAuthorizes) {
    auto admin = client_for(*server_, test_admin_token);
    const auto listing = admin.get("/api/v1/routes");
    ASSERT_EQ(listing.status, 200) << listing.body;
    const auto routes = listing.json()["value"];
    ASSERT_GE(routes.size(), 25u) << routes.dump();

    // One token per role, one Admin token limited to a workspace, and the tokens that must fail.
    std::map<auth::role, std::string> by_role;
    for (const auto r : auth::all_roles()) {
        by_role[r] = create_token(admin, {{"name", "role-" + std::string(auth::to_string(r))},
                                          {"roles", {auth::to_string(r)}}})["token"]
                         .get<std::string>();
    }
    const std::string limited = create_token(
        admin, {{"name", "limited"},
                {"roles", {"Admin"}},
                {"workspaces",
                 {std::string(auth_subscription) + "/" + std::string(auth_resource_group) + "/" +
                  std::string(limited_workspace)}}})["token"];
    const auto revoked = create_token(admin, {{"name", "revoked"}, {"roles", {"Admin"}}});
    ASSERT_EQ(admin.request("DELETE", "/api/v1/tokens/" + revoked["id"].get<std::string>()).status,
              200);
    // An expiry in the past cannot be issued, so this one goes into the server's database
    // directly (SQLite admits a second process on the file).
    std::string expired;
    {
        event_bus bus;
        store::sqlite_store db(dir_->path() / "data" / "tocsin.db", bus);
        auth::token_request request;
        request.name = "expired";
        request.roles = {"Admin"};
        auto issued = auth::prepare_token(request, default_clock().now());
        issued.record.expires = default_clock().now() - std::chrono::hours(1);
        db.create_token(issued.record);
        expired = issued.text;
    }
    const auto forged = auth::token_text(auth::new_token_parts());

    auto anonymous = client_for(*server_);
    auto with = [&](const std::string& token) { return client_for(*server_, token); };

    std::size_t checked = 0;
    for (const auto& r : routes) {
        const std::string method = r["method"];
        const std::string path = r["path"];
        const std::string permission = r["permission"];
        SCOPED_TRACE(method + " " + path + " (" + permission + ")");
        const auto target = concrete(path, limited_workspace);

        if (permission == "public") {
            EXPECT_FALSE(refused(call(anonymous, method, target).status));
            continue;
        }
        ++checked;

        const auto none = call(anonymous, method, target);
        EXPECT_EQ(none.status, 401) << none.body;
        EXPECT_EQ(error_code(none), "AuthenticationFailed");
        EXPECT_EQ(none.header("WWW-Authenticate").value_or("").rfind("Bearer", 0), 0u);

        for (const auto& [what, token] :
             {std::pair{"forged", forged}, std::pair{"expired", expired},
              std::pair{"revoked", revoked["token"].get<std::string>()}}) {
            auto client = with(token);
            const auto reply = call(client, method, target);
            EXPECT_EQ(reply.status, 401) << what << ": " << reply.body;
            EXPECT_EQ(error_code(reply), "InvalidAuthenticationToken") << what;
            EXPECT_NE(reply.header("WWW-Authenticate").value_or("").find("invalid_token"),
                      std::string::npos)
                << what;
        }

        const std::string needed = permission == "admin" ? "" : permission;
        std::optional<auth::role> allowed, denied;
        for (const auto role : auth::all_roles()) {
            auto& slot = auth::grants(role, needed) ? allowed : denied;
            if (!slot)
                slot = role;
        }
        ASSERT_TRUE(allowed);
        if (denied) {
            auto client = with(by_role[*denied]);
            const auto reply = call(client, method, target);
            EXPECT_EQ(reply.status, 403) << auth::to_string(*denied) << ": " << reply.body;
            EXPECT_EQ(error_code(reply), "AuthorizationFailed");
            EXPECT_NE(
                error_message(reply).find("'" + (needed.empty() ? "administration" : needed) + "'"),
                std::string::npos)
                << error_message(reply);
        }
        {
            auto client = with(by_role[*allowed]);
            const auto reply = call(client, method, target);
            EXPECT_FALSE(refused(reply.status))
                << auth::to_string(*allowed) << ": " << reply.status << " " << reply.body;
        }

        if (path.find("{workspaceName}") != std::string::npos) {
            auto client = with(limited);
            const auto inside = call(client, method, target);
            EXPECT_FALSE(refused(inside.status)) << inside.status << " " << inside.body;
            const auto outside = call(client, method, concrete(path, other_workspace));
            EXPECT_EQ(outside.status, 403) << outside.body;
            EXPECT_EQ(error_code(outside), "AuthorizationFailed");
            EXPECT_NE(error_message(outside).find(std::string(other_workspace)), std::string::npos)
                << error_message(outside);
        }
    }
    EXPECT_GE(checked, 20u);
}

TEST_F(RouteAccess, UnknownPathsNeedATokenToo) {
    auto anonymous = client_for(*server_);
    EXPECT_EQ(anonymous.get("/no/such/path").status, 401);
    auto admin = client_for(*server_, test_admin_token);
    EXPECT_EQ(admin.get("/no/such/path").status, 404);
}

TEST_F(RouteAccess, ProbesStayOpen) {
    auto anonymous = client_for(*server_);
    EXPECT_EQ(anonymous.get("/healthz").status, 200);
    EXPECT_EQ(anonymous.get("/readyz").status, 200);
}

TEST_F(RouteAccess, ActivityLogNamesTheToken) {
    auto admin = client_for(*server_, test_admin_token);
    const auto responder =
        create_token(admin, {{"name", "ci-responder"}, {"roles", {"Responder"}}});
    const auto person =
        create_token(admin, {{"name", "alice"}, {"roles", {"Responder"}}, {"kind", "user"}});
    const std::string ws = "activity-ws";

    auto bot = client_for(*server_, responder["token"].get<std::string>());
    auto put =
        bot.send_json("PUT", arm_path(ws, "incidents/inc-1"),
                      {{"properties", {{"title", "t"}, {"severity", "High"}, {"status", "New"}}}});
    ASSERT_EQ(put.status, 201) << put.body;
    auto alice = client_for(*server_, person["token"].get<std::string>());
    auto update = alice.send_json(
        "PUT", arm_path(ws, "incidents/inc-1"),
        {{"properties", {{"title", "t2"}, {"severity", "High"}, {"status", "Active"}}}});
    ASSERT_EQ(update.status, 200) << update.body;

    const auto log = bot.get(arm_path(ws, "incidents/inc-1/activities"));
    ASSERT_EQ(log.status, 200) << log.body;
    const auto entries = log.json()["value"];
    ASSERT_EQ(entries.size(), 2u) << entries.dump();
    EXPECT_EQ(entries[0]["actor"]["name"], "ci-responder");
    EXPECT_EQ(entries[0]["actor"]["objectId"], responder["id"]);
    EXPECT_EQ(entries[0]["actor"]["kind"], "token");
    EXPECT_EQ(entries[1]["actor"]["name"], "alice");
    EXPECT_EQ(entries[1]["actor"]["objectId"], person["id"]);
    EXPECT_EQ(entries[1]["actor"]["kind"], "user");
}

TEST_F(RouteAccess, TokenManagementOverTheApi) {
    auto admin = client_for(*server_, test_admin_token);
    const auto created =
        create_token(admin, {{"name", "reporting"}, {"roles", {"Reader"}}, {"expires", "30d"}});
    EXPECT_EQ(created["status"], "active");
    EXPECT_EQ(created["createdBy"], "bootstrap");  // the name of the Admin token used
    EXPECT_TRUE(created["expires"].is_string());
    const std::string id = created["id"];
    const std::string token = created["token"];

    const auto listed = admin.get("/api/v1/tokens");
    ASSERT_EQ(listed.status, 200);
    EXPECT_NE(listed.body.find(id), std::string::npos);
    EXPECT_EQ(listed.body.find(token.substr(token.size() - 64)), std::string::npos)
        << "the secret must never be listed";

    auto reader = client_for(*server_, token);
    EXPECT_EQ(reader.get(arm_path("mgmt-ws", "incidents")).status, 200);
    const auto self_service = reader.get("/api/v1/tokens");
    EXPECT_EQ(self_service.status, 403);
    EXPECT_NE(error_message(self_service).find("'tokens.manage'"), std::string::npos);

    const auto bad = admin.send_json("POST", "/api/v1/tokens", {{"roles", {"Owner"}}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(error_message(bad).find("Unknown role 'Owner'"), std::string::npos);

    const auto revoked = admin.request("DELETE", "/api/v1/tokens/" + id);
    ASSERT_EQ(revoked.status, 200) << revoked.body;
    EXPECT_EQ(revoked.json()["status"], "revoked");
    const auto after = reader.get(arm_path("mgmt-ws", "incidents"));
    EXPECT_EQ(after.status, 401);
    EXPECT_NE(error_message(after).find("revoked"), std::string::npos);
    EXPECT_EQ(admin.request("DELETE", "/api/v1/tokens/no-such-token").status, 404);
}

}  // namespace
}  // namespace tocsin::test
