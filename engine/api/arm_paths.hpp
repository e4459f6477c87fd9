#pragma once
// ARM paths of the Sentinel-compatible API: the route templates under a workspace's
// SecurityInsights provider, the workspace a request names, and the resource ids written into
// responses and read back from clients (relatedResourceId). Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "engine/http/request.hpp"
#include "engine/model/workspace.hpp"

namespace tocsin::api {

// "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/
//  Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights"
// + "/" + suffix, e.g. arm_template("incidents/{incidentId}").
std::string arm_template(std::string_view suffix);

// The workspace captured by an arm_template route.
model::workspace_ref workspace_of(const http::request& req);

// Resource ids: ws.arm_prefix() + "/incidents/{name}" etc.
std::string incident_id(const model::workspace_ref& ws, std::string_view name);
std::string incident_child_id(const model::workspace_ref& ws, std::string_view incident,
                              std::string_view collection, std::string_view name);
std::string entity_id(const model::workspace_ref& ws, std::string_view name);
std::string automation_rule_id(const model::workspace_ref& ws, std::string_view name);
std::string alert_rule_id(const model::workspace_ref& ws, std::string_view name);

// A resource id of the form <workspace prefix>/<type>/<name>, split. Literal segments match
// case-insensitively; nullopt when the id does not have that shape.
struct workspace_resource {
    model::workspace_ref workspace;
    std::string type;  // e.g. "entities", "bookmarks", as written
    std::string name;
};
std::optional<workspace_resource> parse_workspace_resource(std::string_view id);

}  // namespace tocsin::api
