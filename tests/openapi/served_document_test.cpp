// GET /openapi.json on the real server: served to anyone, as JSON, the same document each time.

#include "tests/openapi/openapi_fixture.hpp"
#include "tests/openapi/schema_check.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

class openapi_served : public openapi_test {};

TEST_F(openapi_served, is_served_without_a_token_as_json) {
    auto client = anonymous();
    const auto reply = client.get("/openapi.json");
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto type = reply.header("Content-Type").value_or("");
    EXPECT_TRUE(type.starts_with("application/json")) << type;
    EXPECT_EQ(reply.json(), document());
    // Only this route is open: the route table still needs a token.
    EXPECT_EQ(client.get("/api/v1/routes").status, 401);
}

TEST_F(openapi_served, ignores_an_invalid_token) {
    // Viewers may forward whatever token they hold; the document does not depend on it.
    auto client = anonymous();
    const auto reply =
        client.request("GET", "/openapi.json", {}, {{"Authorization", "Bearer tcn_not_a_token"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
}

TEST_F(openapi_served, is_a_structurally_valid_openapi_document) {
    const auto problems = document_problems(document());
    EXPECT_TRUE(problems.empty()) << joined(problems);
    const auto& self = document().at("paths").at("/openapi.json").at("get");
    EXPECT_EQ(self.at("security"), json::array());
    EXPECT_EQ(self.at("x-tocsin-permission"), "public");
    EXPECT_FALSE(document().at("info").at("version").get<std::string>().empty());
}

TEST_F(openapi_served, is_the_same_on_every_request) {
    const auto again = client().get("/openapi.json");
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.json(), document());
}

}  // namespace
}  // namespace tocsin::test
