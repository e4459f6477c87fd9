#include "engine/api/arm_paths.hpp"

#include <vector>

#include "engine/http/url.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::api {

namespace {

constexpr std::string_view workspace_template =
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
    "Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/"
    "Microsoft.SecurityInsights";

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

}  // namespace

std::string arm_template(std::string_view suffix) {
    return std::string(workspace_template) + "/" + std::string(suffix);
}

model::workspace_ref workspace_of(const http::request& req) {
    return {req.param("subscriptionId"), req.param("resourceGroupName"),
            req.param("workspaceName")};
}

std::string incident_id(const model::workspace_ref& ws, std::string_view name) {
    return ws.arm_prefix() + "/incidents/" + std::string(name);
}

std::string incident_child_id(const model::workspace_ref& ws, std::string_view incident,
                              std::string_view collection, std::string_view name) {
    return incident_id(ws, incident) + "/" + std::string(collection) + "/" + std::string(name);
}

std::string entity_id(const model::workspace_ref& ws, std::string_view name) {
    return ws.arm_prefix() + "/entities/" + std::string(name);
}

std::string automation_rule_id(const model::workspace_ref& ws, std::string_view name) {
    return ws.arm_prefix() + "/automationRules/" + std::string(name);
}

std::string alert_rule_id(const model::workspace_ref& ws, std::string_view name) {
    return ws.arm_prefix() + "/alertRules/" + std::string(name);
}

std::optional<workspace_resource> parse_workspace_resource(std::string_view id) {
    if (id.empty() || id.front() != '/')
        return std::nullopt;
    const auto parts = split(id.substr(1));
    // subscriptions {s} resourceGroups {rg} providers Microsoft.OperationalInsights workspaces
    // {w} providers Microsoft.SecurityInsights {type} {name}
    constexpr std::string_view literals[] = {"subscriptions",  "",
                                             "resourceGroups", "",
                                             "providers",      "Microsoft.OperationalInsights",
                                             "workspaces",     "",
                                             "providers",      "Microsoft.SecurityInsights"};
    constexpr std::size_t count = std::size(literals);
    if (parts.size() != count + 2)
        return std::nullopt;
    for (std::size_t i = 0; i < count; ++i) {
        if (literals[i].empty() ? parts[i].empty() : !model::iequals(parts[i], literals[i]))
            return std::nullopt;
    }
    workspace_resource out;
    auto decode = [](std::string_view segment) {
        return http::percent_decode(segment, false).value_or(std::string(segment));
    };
    out.workspace = {decode(parts[1]), decode(parts[3]), decode(parts[7])};
    out.type = decode(parts[count]);
    out.name = decode(parts[count + 1]);
    if (out.type.empty() || out.name.empty())
        return std::nullopt;
    return out;
}

}  // namespace tocsin::api
