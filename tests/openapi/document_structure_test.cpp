// The document builder in process: a valid OpenAPI 3.0 structure for every catalog entry, what
// route options turn into (security, permission, api-version, edge errors), and what happens to
// a route the catalog does not know.

#include <algorithm>
#include <functional>
#include <set>

#include <gtest/gtest.h>

#include "engine/api/api_version.hpp"
#include "engine/api/arm_paths.hpp"
#include "engine/api/openapi_catalog.hpp"
#include "engine/api/openapi_document.hpp"
#include "tests/openapi/openapi_fixture.hpp"
#include "tests/openapi/schema_check.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;
namespace oa = api::openapi;

// A route for every catalog entry, with the options the real registrations give them.
std::vector<oa::route_summary> catalog_routes() {
    std::vector<oa::route_summary> out;
    for (const auto& op : oa::operations())
        out.push_back(
            {op.method, op.path, "read", op.body && op.body->media_type == "application/json"});
    return out;
}

http::response nothing(http::request&) {
    return http::response::no_content();
}

std::set<std::string> statuses(const json& op) {
    std::set<std::string> out;
    for (const auto& [status, _] : op.at("responses").items())
        out.insert(status);
    return out;
}

TEST(openapi_document, every_catalog_entry_builds_a_valid_document) {
    const auto doc = oa::build_document(catalog_routes());
    EXPECT_EQ(doc.at("openapi"), "3.0.3");
    EXPECT_EQ(doc.at("info").at("title"), "Tocsin REST API");
    const auto problems = document_problems(doc);
    EXPECT_TRUE(problems.empty()) << joined(problems);
    std::size_t operations = 0;
    for (const auto& [path, item] : doc.at("paths").items())
        for (const auto& [method, op] : item.items())
            if (method != "parameters") {
                ++operations;
                EXPECT_FALSE(op.contains("x-tocsin-undocumented")) << method << " " << path;
            }
    EXPECT_EQ(operations, oa::operations().size());
}

TEST(openapi_document, every_component_schema_reference_resolves) {
    // Schemas no operation uses are still served; their references must hold too.
    const auto doc = oa::build_document({});
    std::vector<std::string> problems;
    for (const auto& [name, schema] : doc.at("components").at("schemas").items()) {
        std::function<void(const json&)> walk = [&](const json& node) {
            if (node.is_object()) {
                if (node.contains("$ref")) {
                    try {
                        resolve_ref(doc, node["$ref"].get<std::string>());
                    } catch (const std::exception&) {
                        problems.push_back(name + ": " + node["$ref"].get<std::string>());
                    }
                }
                for (const auto& [_, child] : node.items())
                    walk(child);
            } else if (node.is_array()) {
                for (const auto& child : node)
                    walk(child);
            }
        };
        walk(schema);
    }
    EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(openapi_document, arm_routes_require_the_accepted_api_versions) {
    const auto doc = oa::build_document(catalog_routes());
    const auto& parameter = doc.at("components").at("parameters").at("ApiVersion");
    EXPECT_EQ(parameter.at("name"), "api-version");
    EXPECT_EQ(parameter.at("in"), "query");
    EXPECT_TRUE(parameter.at("required").get<bool>());
    std::string listed;
    for (const auto& v : parameter.at("schema").at("enum"))
        listed += (listed.empty() ? "" : ", ") + v.get<std::string>();
    EXPECT_EQ(listed, api::supported_api_versions());

    const auto prefix = api::arm_template("");
    for (const auto& [path, item] : doc.at("paths").items()) {
        for (const auto& [method, op] : item.items()) {
            if (method == "parameters")
                continue;
            const bool arm = path.starts_with(prefix);
            const auto params = op.value("parameters", json::array());
            const bool has =
                std::find(params.begin(), params.end(),
                          json{{"$ref", "#/components/parameters/ApiVersion"}}) != params.end();
            EXPECT_EQ(has, arm) << method << " " << path;
        }
    }
}

TEST(openapi_document, route_options_become_security_permission_and_edge_errors) {
    http::router routes;
    routes.add(http::verb::get, "/open", nothing, {.permission = std::string(http::public_access)});
    routes.add(http::verb::post, "/things/{thingId}/parts/{partId}", nothing,
               {.permission = "incidents.write", .require_json = true});
    routes.add(http::verb::delete_, "/admin-only", nothing);
    routes.add(http::verb::get, api::arm_template("incidents"), nothing, {.permission = "read"});
    const auto doc = oa::build_document(oa::summarize(routes));
    EXPECT_TRUE(document_problems(doc).empty()) << joined(document_problems(doc));
    const auto& paths = doc.at("paths");

    const auto& open = paths.at("/open").at("get");
    EXPECT_EQ(open.at("security"), json::array());
    EXPECT_EQ(open.at("x-tocsin-permission"), "public");
    EXPECT_EQ(open.at("x-tocsin-roles"), json::array());
    EXPECT_EQ(statuses(open), (std::set<std::string>{"200", "500"}));

    const auto& item = paths.at("/things/{thingId}/parts/{partId}");
    ASSERT_EQ(item.at("parameters").size(), 2u);
    EXPECT_EQ(item["parameters"][0].at("name"), "thingId");
    EXPECT_EQ(item["parameters"][1].at("name"), "partId");
    const auto& write = item.at("post");
    EXPECT_EQ(write.at("security"), json::parse(R"([{"bearerAuth": []}])"));
    EXPECT_EQ(write.at("x-tocsin-permission"), "incidents.write");
    EXPECT_EQ(write.at("x-tocsin-roles"), json::parse(R"(["Responder", "Contributor", "Admin"])"));
    EXPECT_EQ(statuses(write),
              (std::set<std::string>{"200", "400", "401", "403", "413", "415", "429", "500"}));
    EXPECT_TRUE(write.at("requestBody").at("required").get<bool>());
    EXPECT_EQ(write.at("responses").at("415").at("$ref"),
              "#/components/responses/UnsupportedMediaType");

    const auto& admin = paths.at("/admin-only").at("delete");
    EXPECT_EQ(admin.at("x-tocsin-permission"), "admin");
    EXPECT_EQ(admin.at("x-tocsin-roles"), json::array({"Admin"}));

    const auto& list = paths.at(api::arm_template("incidents")).at("get");
    EXPECT_EQ(list.at("operationId"), "Incidents_List");
    EXPECT_TRUE(statuses(list).contains("400"));
}

TEST(openapi_document, a_route_the_catalog_does_not_know_is_marked_undocumented) {
    http::router routes;
    routes.add(http::verb::get, "/api/v1/brand-new/{id}", nothing, {.permission = "read"});
    const auto doc = oa::build_document(oa::summarize(routes));
    const auto& op = doc.at("paths").at("/api/v1/brand-new/{id}").at("get");
    EXPECT_TRUE(op.at("x-tocsin-undocumented").get<bool>());
    EXPECT_EQ(op.at("operationId"), "Undocumented_GET_api_v1_brand_new__id_");
    EXPECT_TRUE(document_problems(doc).empty()) << joined(document_problems(doc));
}

TEST(openapi_document, error_responses_carry_cloud_errors) {
    const auto doc = oa::build_document({});
    const auto& responses = doc.at("components").at("responses");
    for (const char* name :
         {"BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge",
          "UnsupportedMediaType", "TooManyRequests", "InternalServerError", "ServiceUnavailable"}) {
        ASSERT_TRUE(responses.contains(name)) << name;
        EXPECT_EQ(responses[name].at("content").at("application/json").at("schema").at("$ref"),
                  "#/components/schemas/CloudError")
            << name;
    }
    EXPECT_TRUE(responses["TooManyRequests"].at("headers").contains("Retry-After"));
    EXPECT_TRUE(responses["Unauthorized"].at("headers").contains("WWW-Authenticate"));
}

TEST(openapi_document, the_schema_checker_flags_what_the_incident_schema_forbids) {
    // The integration tests trust this checker; here it meets known good and bad values.
    const auto doc = oa::build_document({});
    const json schema = {{"$ref", "#/components/schemas/Incident"}};
    const json good = json::parse(R"({
        "id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/incidents/i1",
        "name": "i1", "type": "Microsoft.SecurityInsights/incidents", "etag": "\"e\"",
        "properties": {
            "title": "t", "description": "", "severity": "High", "status": "New",
            "owner": {"ownerType": "Unknown"}, "labels": [{"labelName": "x", "labelType": "User"}],
            "incidentNumber": 1, "createdTimeUtc": "2024-05-01T10:00:00Z",
            "lastModifiedTimeUtc": "2024-05-01T10:00:00Z", "incidentUrl": "http://h/x",
            "providerName": "Tocsin", "providerIncidentId": "1", "relatedAnalyticRuleIds": [],
            "additionalData": {"alertsCount": 0, "bookmarksCount": 0, "commentsCount": 0,
                               "tasksCount": 0, "alertProductNames": [], "tactics": [],
                               "techniques": []}}})");
    EXPECT_TRUE(schema_problems(doc, schema, good).empty())
        << joined(schema_problems(doc, schema, good));

    auto without_title = good;
    without_title["properties"].erase("title");
    auto bad_severity = good;
    bad_severity["properties"]["severity"] = "Urgent";
    auto unknown_field = good;
    unknown_field["properties"]["mood"] = "calm";
    auto wrong_type = good;
    wrong_type["properties"]["incidentNumber"] = "1";
    for (const auto& [value, expected] : std::vector<std::pair<json, std::string>>{
             {without_title, "lacks required property 'title'"},
             {bad_severity, "\"Urgent\" is not one of"},
             {unknown_field, "has property 'mood'"},
             {wrong_type, "is not of type integer"}}) {
        const auto problems = schema_problems(doc, schema, value);
        ASSERT_EQ(problems.size(), 1u) << joined(problems);
        EXPECT_NE(problems[0].find(expected), std::string::npos) << problems[0];
    }
}

}  // namespace
}  // namespace tocsin::test
