// `tocsin tokens …` against a running engine: issue, use, list, show and revoke a token.
#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST_F(cli_test, TokensAreIssuedUsedListedAndRevokedOverTheApi) {
    const auto created =
        tocsin_json({"tokens", "create", "--role", "Reader", "--name", "cli-reader",
                     "--token-workspace", workspace_, "--expires", "30d"});
    ASSERT_TRUE(created.is_object());
    const auto id = created["id"].get<std::string>();
    const auto secret = created["token"].get<std::string>();
    EXPECT_THAT(secret, StartsWith("tcn_" + id + "_"));
    EXPECT_EQ(created["roles"], json({"Reader"}));
    EXPECT_EQ(created["workspaces"], json({workspace_}));

    // The new token reads in its workspace and may not write.
    const env_list as_reader{{"TOCSIN_TOKEN", secret}};
    EXPECT_EQ(tocsin({"incidents", "list"}, as_reader).status, 0);
    const auto refused = tocsin({"incidents", "create", "--title", "Not allowed"}, as_reader);
    EXPECT_EQ(refused.status, 1);
    EXPECT_THAT(refused.output, StartsWith("tocsin: 403 AuthorizationFailed"));

    const auto listed = tocsin({"tokens", "list"});
    ASSERT_EQ(listed.status, 0) << listed.output;
    EXPECT_THAT(lines_of(listed.output)[0], StartsWith("ID"));
    EXPECT_THAT(listed.output, HasSubstr("cli-reader"));
    EXPECT_EQ(listed.output.find(secret), std::string::npos);  // never the secret

    const auto shown = tocsin_json({"tokens", "show", id});
    EXPECT_EQ(shown["name"], "cli-reader");
    EXPECT_EQ(shown["status"], "active");
    EXPECT_FALSE(shown.contains("token"));

    const auto revoked = tocsin({"tokens", "revoke", id});
    ASSERT_EQ(revoked.status, 0) << revoked.output;
    EXPECT_EQ(revoked.output, "Revoked token " + id + " 'cli-reader'.\n");
    const auto after = tocsin({"incidents", "list"}, as_reader);
    EXPECT_EQ(after.status, 1);
    EXPECT_THAT(after.output, StartsWith("tocsin: 401 "));
}

TEST_F(cli_test, TokenCreationNeedsARole) {
    const auto missing = tocsin({"tokens", "create", "--name", "no-role"});
    EXPECT_EQ(missing.status, 2);
    EXPECT_THAT(missing.output, HasSubstr("'tokens create' needs --role"));
    const auto unknown = tocsin({"tokens", "show", "00000000-0000-4000-8000-000000000000"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_THAT(unknown.output, StartsWith("tocsin: 404 NotFound"));
}

}  // namespace
}  // namespace tocsin::test
