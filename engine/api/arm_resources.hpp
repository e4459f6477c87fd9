#pragma once
// ARM envelopes around the model's Sentinel JSON: {id, name, type, etag, properties} (plus kind
// for entities). model/json.hpp owns the "properties" shapes; this file owns ids, types, the
// quoting of etags and the few fields only the API layer can fill (incidentUrl). Pure
// functions; thread-safe.
//
// Etags are stored unquoted and always sent quoted ("\"<uuid>\"", the form the incident and
// task examples show; the comment and relation examples show them bare, and clients treat both
// as opaque and send back what they got). unquote_etag accepts both, and W/ prefixes.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/http/response.hpp"
#include "engine/model/json.hpp"
#include "engine/model/workspace.hpp"
#include "engine/store/store.hpp"

namespace tocsin::api {

inline constexpr std::string_view incident_type = "Microsoft.SecurityInsights/incidents";
inline constexpr std::string_view entity_type = "Microsoft.SecurityInsights/Entities";
inline constexpr std::string_view relation_type = "Microsoft.SecurityInsights/incidents/relations";
inline constexpr std::string_view comment_type = "Microsoft.SecurityInsights/incidents/comments";
inline constexpr std::string_view task_type = "Microsoft.SecurityInsights/incidents/tasks";
inline constexpr std::string_view automation_rule_type =
    "Microsoft.SecurityInsights/automationRules";
// relatedResourceType of relations to alerts.
inline constexpr std::string_view related_entities_type = "Microsoft.SecurityInsights/entities";

std::string quote_etag(std::string_view etag);
// "\"x\"" → "x", "W/\"x\"" → "x", "x" → "x", "*" → "*".
std::string unquote_etag(std::string_view text);

// `origin` is "http(s)://host[:port]" of the request: incidentUrl links to the incident there.
nlohmann::json incident_resource(const model::workspace_ref& ws, const model::incident& value,
                                 std::string_view origin);
// A SecurityAlert entity: kind "SecurityAlert", id <ws>/entities/{systemAlertId}.
nlohmann::json alert_resource(const model::workspace_ref& ws, const model::alert& value);
nlohmann::json entity_resource(const model::workspace_ref& ws, const model::entity& value);
nlohmann::json relation_resource(const model::workspace_ref& ws, const model::relation& value);
nlohmann::json comment_resource(const model::workspace_ref& ws, const model::comment& value);
nlohmann::json task_resource(const model::workspace_ref& ws, const model::task& value);
nlohmann::json automation_rule_resource(const model::workspace_ref& ws,
                                        const store::automation_rule& value);

// {"value": [...]} with "nextLink" when next_link is not empty.
nlohmann::json list_body(nlohmann::json items, std::string_view next_link = {});

// The resource as JSON with its quoted etag also in the ETag header.
http::response resource_response(int status, const nlohmann::json& resource);
// A response without a body: DELETE answers 200 (deleted) or 204 (was not there).
http::response delete_response(bool deleted);

}  // namespace tocsin::api
