// `tocsin token create/list/revoke` through the real binary on a data directory, and the tokens
// it makes used against a real server on the same directory; the first start's Admin token;
// auth.enabled=false; rate limiting.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/auth/auth_server.hpp"

namespace tocsin::test {
namespace {

std::string last_line(const std::string& text) {
    std::istringstream in(text);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty())
            last = line;
    return last;
}

TEST(TokenCli, CreateListRevokeAgainstARunningServer) {
    temp_dir dir;
    const auto data = (dir / "data").string();
    const auto created =
        run_tocsin({"token", "create", "--role", "Responder", "--name", "cli-bot", "--workspace",
                    "sub/rg/ws-a", "--expires", "30d", "--data-dir", data});
    ASSERT_EQ(created.status, 0) << created.output;
    EXPECT_NE(created.output.find("'cli-bot'"), std::string::npos) << created.output;
    EXPECT_NE(created.output.find("shown this once only"), std::string::npos) << created.output;
    const auto token = last_line(created.output);
    ASSERT_EQ(token.rfind("tcn_", 0), 0u) << created.output;
    const auto id = token.substr(4, 36);

    const auto listed = run_tocsin({"token", "list", "--json", "--data-dir", data});
    ASSERT_EQ(listed.status, 0) << listed.output;
    const auto tokens = json::parse(listed.output);
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0]["id"], id);
    EXPECT_EQ(tokens[0]["name"], "cli-bot");
    EXPECT_EQ(tokens[0]["roles"], json::array({"Responder"}));
    EXPECT_EQ(tokens[0]["workspaces"], json::array({"sub/rg/ws-a"}));
    EXPECT_EQ(tokens[0]["status"], "active");
    EXPECT_EQ(tokens[0]["createdBy"], "cli");
    EXPECT_EQ(listed.output.find(token.substr(41)), std::string::npos) << "secret listed";

    const auto table = run_tocsin({"token", "list", "--data-dir", data});
    ASSERT_EQ(table.status, 0) << table.output;
    EXPECT_NE(table.output.find(id), std::string::npos) << table.output;
    EXPECT_NE(table.output.find("sub/rg/ws-a"), std::string::npos) << table.output;

    auto server = start_server(dir);
    auto client = client_for(*server, token);
    const auto ws_a =
        "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/"
        "workspaces/ws-a/providers/Microsoft.SecurityInsights/incidents?api-version=2025-09-01";
    EXPECT_EQ(client.get(ws_a).status, 200);
    // The bootstrap token is only made when the table is empty; this one was not.
    auto admin = client_for(*server, test_admin_token);
    EXPECT_EQ(admin.get(ws_a).status, 401);

    const auto revoked = run_tocsin({"token", "revoke", id, "--data-dir", data});
    ASSERT_EQ(revoked.status, 0) << revoked.output;
    EXPECT_NE(revoked.output.find("Revoked token " + id), std::string::npos) << revoked.output;
    const auto after = client.get(ws_a);
    EXPECT_EQ(after.status, 401) << after.body;
    EXPECT_EQ(error_code(after), "InvalidAuthenticationToken");

    const auto relisted = run_tocsin({"token", "list", "--json", "--data-dir", data});
    EXPECT_EQ(json::parse(relisted.output)[0]["status"], "revoked");
}

TEST(TokenCli, ErrorsSayWhatIsWrong) {
    temp_dir dir;
    const auto data = (dir / "data").string();
    const auto no_role = run_tocsin({"token", "create", "--data-dir", data});
    EXPECT_EQ(no_role.status, 2);
    EXPECT_NE(no_role.output.find("needs --role"), std::string::npos) << no_role.output;

    const auto bad_role = run_tocsin({"token", "create", "--role", "Owner", "--data-dir", data});
    EXPECT_EQ(bad_role.status, 1);
    EXPECT_NE(bad_role.output.find("Unknown role 'Owner'"), std::string::npos) << bad_role.output;

    const auto bad_expiry = run_tocsin(
        {"token", "create", "--role", "Reader", "--expires", "soon", "--data-dir", data});
    EXPECT_EQ(bad_expiry.status, 1);
    EXPECT_NE(bad_expiry.output.find("'expires' must be a duration"), std::string::npos)
        << bad_expiry.output;

    const auto unknown = run_tocsin({"token", "revoke", "no-such-id", "--data-dir", data});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.output.find("no token with id 'no-such-id'"), std::string::npos)
        << unknown.output;

    const auto verb = run_tocsin({"token", "rotate", "--data-dir", data});
    EXPECT_EQ(verb.status, 2);
    EXPECT_NE(verb.output.find("usage: tocsin token create"), std::string::npos) << verb.output;
}

TEST(Bootstrap, FirstStartPrintsAndWritesARandomAdminToken) {
    temp_dir dir;
    // An empty TOCSIN_BOOTSTRAP_TOKEN overrides the harness's fixed one: the engine makes one.
    auto server = start_server(dir, {{"TOCSIN_BOOTSTRAP_TOKEN", ""}});
    const auto file = dir / "data" / "admin.token";
    std::ifstream in(file);
    std::string token;
    std::getline(in, token);
    ASSERT_EQ(token.rfind("tcn_", 0), 0u) << server->log();
    EXPECT_NE(token, test_admin_token);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600);
    EXPECT_NE(server->log().find(token), std::string::npos) << "printed once on stdout";

    auto admin = client_for(*server, token);
    EXPECT_EQ(admin.get("/api/v1/tokens").status, 200);

    // A restart creates nothing and prints no token.
    ASSERT_EQ(server->stop(SIGTERM), 0);
    const auto printed = server->log().size();
    server->start();
    EXPECT_EQ(server->log().find("created the first Admin token", printed), std::string::npos);
    auto again = client_for(*server, token);
    const auto listed = again.get("/api/v1/tokens");
    ASSERT_EQ(listed.status, 200);
    EXPECT_EQ(listed.json()["value"].size(), 1u);
}

TEST(Bootstrap, MalformedBootstrapTokenStopsTheEngine) {
    temp_dir dir;
    server_process::options opts;
    opts.data_dir = dir / "data";
    opts.env = {{"TOCSIN_BOOTSTRAP_TOKEN", "let-me-in"}};
    server_process server(std::move(opts));
    try {
        server.start();
        ADD_FAILURE() << "the engine started";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("auth.bootstrap_token"), std::string::npos)
            << e.what();
    }
}

TEST(AuthDisabled, EveryRequestIsServedAndRecordedAsApi) {
    temp_dir dir;
    auto server = start_server(dir, {{"TOCSIN_AUTH_ENABLED", "false"}});
    auto anonymous = client_for(*server);
    const auto put = anonymous.send_json(
        "PUT", arm_path("open-ws", "incidents/i1"),
        {{"properties", {{"title", "t"}, {"severity", "Low"}, {"status", "New"}}}});
    ASSERT_EQ(put.status, 201) << put.body;
    const auto log = anonymous.get(arm_path("open-ws", "incidents/i1/activities"));
    ASSERT_EQ(log.status, 200) << log.body;
    EXPECT_EQ(log.json()["value"][0]["actor"]["name"], "api");
    EXPECT_FALSE(std::filesystem::exists(dir / "data" / "admin.token"));
}

TEST(RateLimit, TooManyRequestsWithRetryAfterPerToken) {
    temp_dir dir;
    auto server = start_server(
        dir, {{"TOCSIN_AUTH_RATE_LIMIT_PER_SECOND", "1"}, {"TOCSIN_AUTH_RATE_LIMIT_BURST", "3"}});
    auto admin = client_for(*server, test_admin_token);
    // Minted before the admin's bucket is spent; its own bucket is full.
    const auto other = create_token(admin, {{"name", "other"}, {"roles", {"Reader"}}});

    // 3 at once, then 1 per second: ten requests in a row cannot all pass.
    std::optional<http_reply> limited;
    for (int i = 0; i < 10 && !limited; ++i) {
        auto reply = admin.get(arm_path("rl-ws", "incidents"));
        if (reply.status == 429)
            limited = std::move(reply);
        else
            EXPECT_EQ(reply.status, 200) << reply.body;
    }
    ASSERT_TRUE(limited) << "no request was limited";
    EXPECT_EQ(error_code(*limited), "TooManyRequests");
    const auto retry_after = limited->header("Retry-After");
    ASSERT_TRUE(retry_after);
    EXPECT_GE(std::stoi(*retry_after), 1);
    EXPECT_NE(error_message(*limited).find("'bootstrap'"), std::string::npos)
        << error_message(*limited);

    auto reader = client_for(*server, other["token"].get<std::string>());
    EXPECT_EQ(reader.get(arm_path("rl-ws", "incidents")).status, 200);
    // Probes are not counted against anyone.
    EXPECT_EQ(client_for(*server).get("/healthz").status, 200);
}

}  // namespace
}  // namespace tocsin::test
