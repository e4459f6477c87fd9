#include "engine/api/openapi_catalog.hpp"

#include <algorithm>
#include <array>

namespace tocsin::api::openapi {

const std::vector<operation_doc>& operations() {
    // A function-local static: built once, on first use, under the language's own lock.
    static const std::vector<operation_doc> all = [] {
        auto out = arm_operations();
        auto own = own_operations();
        out.insert(out.end(), std::make_move_iterator(own.begin()),
                   std::make_move_iterator(own.end()));
        return out;
    }();
    return all;
}

const operation_doc* find_operation(http::verb method, std::string_view path_template) {
    const auto& all = operations();
    const auto it = std::find_if(all.begin(), all.end(), [&](const operation_doc& op) {
        return op.method == method && op.path == path_template;
    });
    return it == all.end() ? nullptr : &*it;
}

const std::vector<tag_doc>& tags() {
    static const std::vector<tag_doc> all = {
        {"Incidents",
         "Microsoft Sentinel-compatible incidents (Incidents.json): list with OData options, "
         "get, create or replace, delete, and the incident's alerts, entities and activity log.",
         "https://learn.microsoft.com/rest/api/securityinsights/incidents"},
        {"Incident relations", "The alerts an incident holds, as Sentinel relations.",
         "https://learn.microsoft.com/rest/api/securityinsights/incident-relations"},
        {"Incident comments", "Comments on an incident.",
         "https://learn.microsoft.com/rest/api/securityinsights/incident-comments"},
        {"Incident tasks", "Tasks of an incident (api-version 2025-09-01 only).",
         "https://learn.microsoft.com/rest/api/securityinsights/incident-tasks"},
        {"Automation rules",
         "Sentinel automation rules, stored here and run by Tocsin's rule "
         "engine.",
         "https://learn.microsoft.com/rest/api/securityinsights/automation-rules"},
        {"Alert rules",
         "Sentinel alert rules of kind MicrosoftSecurityIncidentCreation: which alerts "
         "become incidents.",
         "https://learn.microsoft.com/rest/api/securityinsights/alert-rules"},
        {"Watchlists",
         "Sentinel watchlists: named lists loaded from CSV, looked up by a key column (e.g. "
         "known scanners by IP) by playbooks through the watchlists plugin.",
         "https://learn.microsoft.com/rest/api/securityinsights/watchlists"},
        {"Manual trigger", "Run a playbook on an incident, entity or alert on demand."},
        {"Alerts",
         "Tocsin's alert ingest and manual alerts; correlation and incident creation "
         "take it from there."},
        {"Playbooks", "Loaded Lua playbooks and manual runs."},
        {"Runs", "Playbook run records: status, logs, actions, errors."},
        {"Plugins", "The actions playbooks can call."},
        {"Webhooks",
         "Playbooks answering HTTP requests; each authenticates as its playbook "
         "declares."},
        {"Forms",
         "Playbooks published as web forms (HTML for browsers, Microsoft Forms-shaped JSON "
         "for the rest)."},
        {"Tokens", "API token management, for Admin tokens."},
        {"Operations", "Probes, metrics, the route table and this document."},
    };
    return all;
}

std::string_view path_parameter_description(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> known{{
        {"subscriptionId", "The subscription id of the workspace; any string naming it."},
        {"resourceGroupName", "The resource group of the workspace."},
        {"workspaceName", "The name of the workspace."},
        {"incidentId", "The incident's name (an id of the client's choosing on PUT)."},
        {"relationName", "The relation's name."},
        {"incidentCommentId", "The comment's name."},
        {"incidentTaskId", "The task's name."},
        {"automationRuleId", "The automation rule's name."},
        {"ruleId", "The alert rule's name."},
        {"watchlistAlias", "The watchlist's alias."},
        {"watchlistItemId", "The watchlist item's id."},
        {"entityId", "The entity's id."},
        {"alertId", "The alert's systemAlertId."},
        {"runId", "The run's id."},
        {"name", "The playbook's, webhook's or form's name."},
        {"tokenId", "The token's id (the part after tcn_ and before the secret)."},
    }};
    for (const auto& [key, description] : known) {
        if (key == name)
            return description;
    }
    return {};
}

}  // namespace tocsin::api::openapi
