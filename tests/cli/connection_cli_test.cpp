// How the client commands find and reach the server: flags against environment, the token,
// and the one-line failures (unreachable server, HTTP errors, bad settings).

#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST_F(cli_test, UnreachableServerFailsWithOneLine) {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const auto refused = tocsin({"incidents", "list"}, {{"TOCSIN_SERVER", "http://127.0.0.1:1"}});
    EXPECT_EQ(refused.status, 1);
    EXPECT_EQ(refused.output, "tocsin: cannot reach http://127.0.0.1:1: Connection refused\n");

    // The flag wins over the environment.
    const auto by_flag = tocsin({"runs", "list", "--server", "http://127.0.0.1:1"});
    EXPECT_EQ(by_flag.status, 1);
    EXPECT_EQ(by_flag.output, "tocsin: cannot reach http://127.0.0.1:1: Connection refused\n");
    EXPECT_EQ(tocsin({"runs", "list"}, {{"TOCSIN_SERVER", "http://127.0.0.1:1"}}).status, 1);
    EXPECT_EQ(tocsin({"runs", "list", "--server", server_url()},
                     {{"TOCSIN_SERVER", "http://127.0.0.1:1"}})
                  .status,
              0);

    // An address without a scheme is http.
    const auto bare = tocsin({"runs", "list", "--server", "127.0.0.1:1"});
    EXPECT_EQ(bare.output, "tocsin: cannot reach http://127.0.0.1:1: Connection refused\n");
}

TEST_F(cli_test, HttpErrorsShowStatusAndArmMessage) {
    const auto missing = tocsin({"incidents", "show", "3f0c9a2e-0000-4000-8000-000000000000"});
    EXPECT_EQ(missing.status, 1);
    EXPECT_EQ(missing.output,
              "tocsin: 404 NotFound: Incident "
              "3f0c9a2e-0000-4000-8000-000000000000 doesn't exist.\n");
    // A number no incident has is looked up, then reported as the server reports the name.
    const auto no_number = tocsin({"incidents", "show", "987654"});
    EXPECT_EQ(no_number.status, 1);
    EXPECT_EQ(no_number.output, "tocsin: 404 NotFound: Incident 987654 doesn't exist.\n");

    const auto bad_filter = tocsin({"incidents", "list", "--filter", "properties/title eq"});
    EXPECT_EQ(bad_filter.status, 1);
    EXPECT_THAT(bad_filter.output, StartsWith("tocsin: 400 BadRequest: Invalid $filter: "));
    EXPECT_EQ(lines_of(bad_filter.output).size(), 1u);
}

TEST_F(cli_test, TokenIsSentAndRequired) {
    const auto without = tocsin({"incidents", "list"}, {{"TOCSIN_TOKEN", ""}});
    EXPECT_EQ(without.status, 1);
    EXPECT_THAT(without.output, StartsWith("tocsin: 401 AuthenticationFailed: "));
    EXPECT_THAT(without.output, HasSubstr("(give a token with --token or TOCSIN_TOKEN)\n"));
    EXPECT_EQ(lines_of(without.output).size(), 1u);

    const auto wrong = tocsin({"incidents", "list", "--token",
                               "tcn_5d0c2a8e-3f41-4d7c-9b1a-6e2f0c9d8a71_"
                               "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"},
                              {{"TOCSIN_TOKEN", ""}});
    EXPECT_EQ(wrong.status, 1);
    EXPECT_THAT(wrong.output, StartsWith("tocsin: 401 InvalidAuthenticationToken: "));
    EXPECT_THAT(wrong.output, Not(HasSubstr("give a token")));

    const auto by_flag =
        tocsin({"incidents", "list", "--token", cli_admin_token}, {{"TOCSIN_TOKEN", ""}});
    EXPECT_EQ(by_flag.status, 0) << by_flag.output;
}

TEST_F(cli_test, WorkspaceSelectsTheIncidents) {
    create_incident("only here");
    EXPECT_EQ(tocsin_json({"incidents", "list"})["value"].size(), 1u);
    const auto other = tocsin({"incidents", "list", "--json", "--workspace",
                               "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/cliRg/elsewhere"});
    ASSERT_EQ(other.status, 0) << other.output;
    EXPECT_EQ(json::parse(other.output)["value"].size(), 0u);
}

TEST_F(cli_test, BadConnectionSettingsAreUsageErrors) {
    const auto workspace = tocsin({"incidents", "list", "--workspace", "just-a-name"});
    EXPECT_EQ(workspace.status, 2);
    EXPECT_EQ(workspace.output,
              "tocsin: --workspace expects SUBSCRIPTION/RESOURCE_GROUP/WORKSPACE, "
              "got 'just-a-name'\n");
    const auto env_workspace = tocsin({"incidents", "list"}, {{"TOCSIN_WORKSPACE", "a//c"}});
    EXPECT_EQ(env_workspace.status, 2);

    const auto scheme = tocsin({"incidents", "list", "--server", "ftp://127.0.0.1:21"});
    EXPECT_EQ(scheme.status, 2);
    EXPECT_EQ(scheme.output,
              "tocsin: 'ftp://127.0.0.1:21' is not a server URL: the scheme must "
              "be http or https\n");
    const auto userinfo = tocsin({"incidents", "list", "--server", "http://me:pw@127.0.0.1:8080"});
    EXPECT_EQ(userinfo.status, 2);
    EXPECT_THAT(userinfo.output, HasSubstr("credentials go in --token"));
    const auto port = tocsin({"incidents", "list", "--server", "http://127.0.0.1:99999"});
    EXPECT_EQ(port.status, 2);

    const auto timeout = tocsin({"incidents", "list", "--timeout", "soon"});
    EXPECT_EQ(timeout.status, 2);
    EXPECT_EQ(timeout.output,
              "tocsin: --timeout expects whole seconds from 1 to 3600, got 'soon'\n");
}

}  // namespace
}  // namespace tocsin::test
