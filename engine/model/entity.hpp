#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "engine/model/enums.hpp"

namespace tocsin::model {

// An entity seen in alerts (account, host, IP, …). Its identity is a per-kind key built from its
// identifying fields (e.g. "ip|10.0.0.5", "host|contoso.com|fin-ws-014"), normalised so the same
// entity from two alerts is one row; `id` is a name-based UUID of that key, stable everywhere.
struct entity {
    entity_kind kind = entity_kind::host;
    std::string id;            // derived from identity_key by assign_identity()
    std::string identity_key;  // derived; see identity_key_of()
    std::string friendly_name;
    nlohmann::json properties = nlohmann::json::object();  // kind-specific fields, Sentinel names
};

// Builds the identity key from the identifying fields; throws tocsin::error(invalid_argument,
// field "properties.<name>") when the entity lacks every identifying field its kind needs.
std::string identity_key_of(entity_kind kind, const nlohmann::json& properties);
// Fills id, identity_key and (when empty) friendly_name from kind and properties.
void assign_identity(entity& e);
// Entity kinds that correlation treats as strong evidence of "the same thing".
bool is_strong_kind(entity_kind kind);

}  // namespace tocsin::model
