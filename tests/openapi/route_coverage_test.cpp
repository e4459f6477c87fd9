// The document and the route table cannot drift apart: every route the real server holds (GET
// /api/v1/routes) has a documented operation with the route's permission, every operation is a
// route, and every catalog entry names a route that exists.

#include <cctype>
#include <set>
#include <utility>

#include "engine/api/openapi_catalog.hpp"
#include "tests/openapi/openapi_fixture.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;
using route_key = std::pair<std::string, std::string>;  // METHOD, template

std::string lower(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string upper(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

class openapi_route_coverage : public openapi_test {
  protected:
    json listed_routes() {
        const auto reply = client().get("/api/v1/routes");
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.json().at("value");
    }

    std::set<route_key> listed_keys() {
        std::set<route_key> out;
        for (const auto& r : listed_routes())
            out.insert({r.at("method").get<std::string>(), r.at("path").get<std::string>()});
        return out;
    }
};

TEST_F(openapi_route_coverage, every_route_has_a_documented_operation_with_its_permission) {
    const auto& paths = document().at("paths");
    const auto routes = listed_routes();
    ASSERT_GT(routes.size(), 30u);
    for (const auto& r : routes) {
        const auto method = r.at("method").get<std::string>();
        const auto path = r.at("path").get<std::string>();
        const auto where = method + " " + path;
        ASSERT_TRUE(paths.contains(path)) << where << " is not in the document";
        ASSERT_TRUE(paths[path].contains(lower(method))) << where << " has no operation";
        const auto& op = paths[path][lower(method)];
        EXPECT_FALSE(op.value("x-tocsin-undocumented", false))
            << where << " has no entry in engine/api/openapi_catalog_*.cpp";
        EXPECT_EQ(op.at("x-tocsin-permission"), r.at("permission")) << where;
        const bool open = r.at("permission") == "public";
        EXPECT_EQ(op.at("security").empty(), open) << where << ": security " << op["security"];
    }
}

TEST_F(openapi_route_coverage, every_operation_is_a_route) {
    const auto routes = listed_keys();
    for (const auto& [path, item] : document().at("paths").items()) {
        for (const auto& [method, op] : item.items()) {
            if (method == "parameters")
                continue;
            EXPECT_TRUE(routes.contains({upper(method), path}))
                << upper(method) << " " << path << " (" << op.value("operationId", "")
                << ") is documented but the server has no such route";
        }
    }
}

TEST_F(openapi_route_coverage, every_catalog_entry_names_a_route) {
    const auto routes = listed_keys();
    std::set<std::string> ids;
    for (const auto& op : api::openapi::operations()) {
        const auto method = std::string(http::to_string(op.method));
        EXPECT_TRUE(routes.contains({method, op.path}))
            << op.operation_id << ": the catalog describes " << method << " " << op.path
            << ", which no route registers (renamed or removed?)";
        EXPECT_TRUE(ids.insert(op.operation_id).second)
            << "operationId " << op.operation_id << " is used twice in the catalog";
    }
}

TEST_F(openapi_route_coverage, sentinel_operations_keep_microsoft_operation_ids) {
    std::set<std::string> ids;
    for (const auto& [path, item] : document().at("paths").items())
        for (const auto& [method, op] : item.items())
            if (method != "parameters")
                ids.insert(op.value("operationId", ""));
    for (const char* id : {"Incidents_List",
                           "Incidents_Get",
                           "Incidents_CreateOrUpdate",
                           "Incidents_Delete",
                           "Incidents_ListAlerts",
                           "Incidents_ListEntities",
                           "IncidentRelations_List",
                           "IncidentRelations_Get",
                           "IncidentRelations_CreateOrUpdate",
                           "IncidentRelations_Delete",
                           "IncidentComments_List",
                           "IncidentComments_Get",
                           "IncidentComments_CreateOrUpdate",
                           "IncidentComments_Delete",
                           "IncidentTasks_List",
                           "IncidentTasks_Get",
                           "IncidentTasks_CreateOrUpdate",
                           "IncidentTasks_Delete",
                           "AutomationRules_List",
                           "AutomationRules_Get",
                           "AutomationRules_CreateOrUpdate",
                           "AutomationRules_Delete",
                           "Incidents_RunPlaybook",
                           "Entities_RunPlaybook"})
        EXPECT_TRUE(ids.contains(id)) << id;
}

}  // namespace
}  // namespace tocsin::test
