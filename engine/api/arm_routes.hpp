#pragma once
// The Microsoft Sentinel-compatible REST API, as route modules for api_component. Every route
// lives under
//   /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/
//   Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights/
// requires ?api-version= (see api_version.hpp), and answers errors as
// {"error": {"code", "message"[, "target"]}}.

#include "engine/api/context.hpp"
#include "engine/http/router.hpp"

namespace tocsin::api {

// incidents: GET list ($filter, $orderby, $top, $skipToken → nextLink);
// incidents/{incidentId}: GET, PUT (201 create / 200 update), DELETE (200 / 204);
// incidents/{incidentId}/alerts: POST (SecurityAlert entities);
// incidents/{incidentId}/entities: POST ({entities, metaData});
// incidents/{incidentId}/activities: GET — a Tocsin extension: the incident's activity log.
void add_arm_incident_routes(http::router& routes, context& ctx);

// incidents/{incidentId}/relations: GET list; relations/{relationName}: GET, PUT, DELETE.
void add_arm_relation_routes(http::router& routes, context& ctx);

// incidents/{incidentId}/comments: GET list; comments/{incidentCommentId}: GET, PUT, DELETE.
void add_arm_comment_routes(http::router& routes, context& ctx);

// incidents/{incidentId}/tasks: GET list; tasks/{incidentTaskId}: GET, PUT, DELETE
// (api-version 2025-09-01).
void add_arm_task_routes(http::router& routes, context& ctx);

// automationRules: GET list; automationRules/{automationRuleId}: GET, PUT, DELETE.
void add_arm_automation_rule_routes(http::router& routes, context& ctx);

// alertRules: GET list; alertRules/{ruleId}: GET, PUT, DELETE — incident creation rules (kind
// MicrosoftSecurityIncidentCreation only; see arm_alert_rules.hpp).
void add_arm_alert_rule_routes(http::router& routes, context& ctx);

// watchlists: GET list ($top, $skipToken → nextLink); watchlists/{watchlistAlias}: GET, PUT (CSV
// in properties.rawContent; 201 create / 200 replace), DELETE; .../watchlistItems: GET list;
// .../watchlistItems/{watchlistItemId}: GET, PUT, DELETE (see arm_watchlists.hpp).
void add_arm_watchlist_routes(http::router& routes, context& ctx);

}  // namespace tocsin::api
