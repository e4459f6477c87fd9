// docs/rest-api.md is the server's own OpenAPI document rendered for people: the committed file
// must be exactly what `tocsin api docs` renders from the live document, so the reference cannot
// drift from the routes.

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>

#include "engine/api/openapi_markdown.hpp"
#include "tests/openapi/openapi_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;

const std::string reference_file = std::string(TOCSIN_SOURCE_DIR) + "/docs/rest-api.md";

class rest_reference : public openapi_test {};

TEST_F(rest_reference, CommittedReferenceIsTheRenderedLiveDocument) {
    std::ifstream in(reference_file, std::ios::binary);
    std::stringstream committed;
    committed << in.rdbuf();
    EXPECT_TRUE(committed.str() == api::openapi_markdown(document()))
        << "docs/rest-api.md differs from the server's document; regenerate it with `tocsin api "
           "docs --server URL --output docs/rest-api.md` against an engine of this build";
}

TEST_F(rest_reference, TheCliChecksTheCommittedFileAgainstARunningEngine) {
    const auto server = "http://127.0.0.1:" + std::to_string(port());
    const auto same = run_tocsin({"api", "docs", "--server", server, "--check", reference_file});
    EXPECT_EQ(same.status, 0) << same.output;
    temp_dir dir;
    std::ofstream(dir / "stale.md") << "# stale\n";
    const auto stale =
        run_tocsin({"api", "docs", "--server", server, "--check", (dir / "stale.md").string()});
    EXPECT_EQ(stale.status, 1);
    EXPECT_THAT(stale.output, HasSubstr("tocsin api docs --output"));
}

TEST(OpenapiMarkdown, RendersOperationsParametersResponsesAndSchemas) {
    const auto document = nlohmann::json::parse(R"({
      "openapi": "3.0.3",
      "info": {"title": "Demo API", "version": "1.2.3", "description": "Demo."},
      "tags": [{"name": "Things", "description": "All | the things."}],
      "paths": {"/things/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"},
                        "description": "The thing's id."}],
        "get": {"operationId": "Things_Get", "summary": "Get a thing", "tags": ["Things"],
                "security": [{"bearerAuth": []}], "x-tocsin-permission": "read",
                "x-tocsin-roles": ["Reader", "Admin"],
                "responses": {"200": {"description": "The thing.",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                  "404": {"$ref": "#/components/responses/NotFound"}}}}},
      "components": {
        "responses": {"NotFound": {"description": "No such thing."}},
        "schemas": {"Thing": {"description": "A thing.", "required": ["name"], "properties": {
          "name": {"type": "string", "readOnly": true, "description": "Its name."},
          "colour": {"type": "string", "enum": ["red", "blue"]},
          "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}
    })");
    const auto text = api::openapi_markdown(document);
    EXPECT_THAT(text, HasSubstr("# Demo API reference\n"));
    EXPECT_THAT(text, HasSubstr("| [Things](#things) | 1 |\n"));
    EXPECT_THAT(text, HasSubstr("All | the things."));
    EXPECT_THAT(text, HasSubstr("| GET | [`/things/{id}`](#get-thingsid) | `Things_Get` |\n"));
    EXPECT_THAT(text, HasSubstr("\n### `GET /things/{id}`\n\n`Things_Get`: Get a thing.\n"));
    EXPECT_THAT(text, HasSubstr("Permission `read` (Reader, Admin).\n"));
    EXPECT_THAT(text, HasSubstr("| `id` | path | yes | string | The thing's id. |\n"));
    EXPECT_THAT(text,
                HasSubstr("| 200 | The thing. | `application/json` [`Thing`](#schema-thing) |\n"));
    EXPECT_THAT(text, HasSubstr("| 404 | No such thing. |  |\n"));
    EXPECT_THAT(text, HasSubstr("| `colour` | string: red \\| blue |  |  |  |\n"));
    EXPECT_THAT(text, HasSubstr("| `name` | string | yes | yes | Its name. |\n"));
    EXPECT_THAT(text, HasSubstr("| `parts` | [`Thing`](#schema-thing)[] |  |  |  |\n"));
    EXPECT_EQ(text, api::openapi_markdown(document));  // deterministic
}

}  // namespace
}  // namespace tocsin::test
