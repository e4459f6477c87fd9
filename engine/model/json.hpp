#pragma once
// The model in the Sentinel API's JSON shape: the "properties" objects of incidents, alerts,
// entities, comments, tasks and relations. The ARM envelope (id, name, type, etag) is added by
// the HTTP layer. *_from_json read only the fields a client may write and ignore read-only ones
// (clients GET then PUT whole objects); bad values throw tocsin::error naming the field.

#include <nlohmann/json.hpp>

#include "engine/model/activity.hpp"
#include "engine/model/alert.hpp"
#include "engine/model/comment.hpp"
#include "engine/model/entity.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/relation.hpp"
#include "engine/model/task.hpp"

namespace tocsin::model {

nlohmann::json to_json(const owner_info& owner);
nlohmann::json to_json(const principal& who);
nlohmann::json incident_properties(const incident& value);
nlohmann::json alert_properties(const alert& value);
// {"id", "kind", "properties": {... "friendlyName"}}
nlohmann::json entity_json(const entity& value);
nlohmann::json comment_properties(const comment& value);
nlohmann::json task_properties(const task& value);
nlohmann::json activity_json(const activity_entry& value);

// `path` prefixes field names in errors (e.g. "properties").
incident incident_from_json(const nlohmann::json& properties, std::string_view path = "properties");
alert alert_from_json(const nlohmann::json& properties, std::string_view path = "properties");
// Accepts {"kind", "properties"} (API shape) or a flat {"kind", …fields} (ingest shape).
entity entity_from_json(const nlohmann::json& value, std::string_view path = "entities[0]");
owner_info owner_from_json(const nlohmann::json& value, std::string_view path);

}  // namespace tocsin::model
