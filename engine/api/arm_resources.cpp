#include "engine/api/arm_resources.hpp"

#include "engine/api/arm_paths.hpp"
#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"

namespace tocsin::api {

namespace {

using nlohmann::json;

json envelope(std::string id, std::string_view name, std::string_view type, std::string_view etag,
              json properties) {
    json out = {{"id", std::move(id)}, {"name", name}, {"type", type}};
    if (!etag.empty())
        out["etag"] = quote_etag(etag);
    out["properties"] = std::move(properties);
    return out;
}

// ClientInfo.objectId is a UUID in the spec (typed as Guid by some SDKs); Tocsin's own actors
// (system, tokens, playbook runs) have other ids, which are left out rather than break a client.
json client_info(const model::principal& who) {
    json out = model::to_json(who);
    if (!is_uuid(who.id))
        out.erase("objectId");
    return out;
}

}  // namespace

std::string quote_etag(std::string_view etag) {
    return "\"" + std::string(etag) + "\"";
}

std::string unquote_etag(std::string_view text) {
    if (text.size() >= 2 && (text.substr(0, 2) == "W/" || text.substr(0, 2) == "w/"))
        text.remove_prefix(2);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
        text = text.substr(1, text.size() - 2);
    return std::string(text);
}

json incident_resource(const model::workspace_ref& ws, const model::incident& value,
                       std::string_view origin) {
    auto id = incident_id(ws, value.name);
    json properties = model::incident_properties(value);
    properties["incidentUrl"] = std::string(origin) + id;
    return envelope(std::move(id), value.name, incident_type, value.etag, std::move(properties));
}

json alert_resource(const model::workspace_ref& ws, const model::alert& value) {
    return {{"id", entity_id(ws, value.system_alert_id)},
            {"name", value.system_alert_id},
            {"type", entity_type},
            {"kind", "SecurityAlert"},
            {"properties", model::alert_properties(value)}};
}

json entity_resource(const model::workspace_ref& ws, const model::entity& value) {
    json out = model::entity_json(value);
    out["id"] = entity_id(ws, value.id);
    out["type"] = entity_type;
    return out;
}

json relation_resource(const model::workspace_ref& ws, const model::relation& value) {
    json properties = {{"relatedResourceId", entity_id(ws, value.alert_id)},
                       {"relatedResourceName", value.alert_id},
                       {"relatedResourceType", related_entities_type},
                       {"relatedResourceKind", "SecurityAlert"}};
    return envelope(incident_child_id(ws, value.incident_name, "relations", value.name), value.name,
                    relation_type, value.etag, std::move(properties));
}

json comment_resource(const model::workspace_ref& ws, const model::comment& value) {
    json properties = model::comment_properties(value);
    auto author = client_info(value.author);
    if (!value.author_email.empty())
        author["email"] = value.author_email;
    properties["author"] = std::move(author);
    return envelope(incident_child_id(ws, value.incident_name, "comments", value.name), value.name,
                    comment_type, value.etag, std::move(properties));
}

json task_resource(const model::workspace_ref& ws, const model::task& value) {
    json properties = model::task_properties(value);
    properties["createdBy"] = client_info(value.created_by);
    properties["lastModifiedBy"] = client_info(value.last_modified_by);
    return envelope(incident_child_id(ws, value.incident_name, "tasks", value.name), value.name,
                    task_type, value.etag, std::move(properties));
}

json automation_rule_resource(const model::workspace_ref& ws, const store::automation_rule& value) {
    json properties = value.properties;
    properties["createdTimeUtc"] = format_time(value.created);
    properties["lastModifiedTimeUtc"] = format_time(value.last_modified);
    properties["createdBy"] = client_info(value.created_by);
    properties["lastModifiedBy"] = client_info(value.last_modified_by);
    return envelope(automation_rule_id(ws, value.name), value.name, automation_rule_type,
                    value.etag, std::move(properties));
}

json list_body(json items, std::string_view next_link) {
    json out = {{"value", std::move(items)}};
    if (!next_link.empty())
        out["nextLink"] = next_link;
    return out;
}

http::response resource_response(int status, const json& resource) {
    auto out = http::response::json(status, resource);
    if (const auto it = resource.find("etag"); it != resource.end() && it->is_string())
        out.headers.set("ETag", it->get<std::string>());
    return out;
}

http::response delete_response(bool deleted) {
    http::response out;
    out.status = deleted ? 200 : 204;
    return out;
}

}  // namespace tocsin::api
