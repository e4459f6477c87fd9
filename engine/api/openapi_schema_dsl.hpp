#pragma once
// Shorthands for writing OpenAPI 3.0 schema objects in C++, shared by the openapi_*_schemas.cpp
// files. Schemas are written in code rather than as a JSON text so that closed vocabularies come
// from the model's own tables (model::enum_names) and cannot drift from what the API accepts.
// Pure functions; thread-safe.

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/enums.hpp"

namespace tocsin::api::openapi::dsl {

using nlohmann::json;

inline json with_description(json schema, std::string_view description) {
    if (!description.empty())
        schema["description"] = description;
    return schema;
}

// A reference to a component schema. OpenAPI 3.0 ignores siblings of $ref, so a reference that
// needs its own description or readOnly goes through read_only_ref / described_ref (allOf). Not
// named ref: for a std::string argument, argument-dependent lookup would pick std::ref.
inline json schema_ref(std::string_view component) {
    return {{"$ref", "#/components/schemas/" + std::string(component)}};
}
inline json described_ref(std::string_view component, std::string_view description) {
    return {{"allOf", json::array({schema_ref(component)})}, {"description", description}};
}

inline json string(std::string_view description = {}) {
    return with_description({{"type", "string"}}, description);
}
inline json date_time(std::string_view description = {}) {
    return with_description({{"type", "string"}, {"format", "date-time"}}, description);
}
inline json integer(std::string_view description = {}, std::string_view format = "int32") {
    return with_description({{"type", "integer"}, {"format", format}}, description);
}
inline json number(std::string_view description = {}) {
    return with_description({{"type", "number"}, {"format", "double"}}, description);
}
inline json boolean(std::string_view description = {}) {
    return with_description({{"type", "boolean"}}, description);
}
inline json array_of(json items, std::string_view description = {}) {
    return with_description({{"type", "array"}, {"items", std::move(items)}}, description);
}
// Any JSON object (free-form bags: additionalData, params, a trigger payload).
inline json any_object(std::string_view description = {}) {
    return with_description({{"type", "object"}, {"additionalProperties", true}}, description);
}
// Any JSON value at all (a run's result, a parameter default).
inline json any_value(std::string_view description = {}) {
    return with_description(json::object(), description);
}

inline json strings(std::initializer_list<std::string_view> values,
                    std::string_view description = {}) {
    json out = {{"type", "string"}, {"enum", json::array()}};
    for (const auto v : values)
        out["enum"].push_back(v);
    return with_description(std::move(out), description);
}
inline json strings(std::span<const std::string_view> values, std::string_view description = {}) {
    json out = {{"type", "string"}, {"enum", json::array()}};
    for (const auto v : values)
        out["enum"].push_back(v);
    return with_description(std::move(out), description);
}
// The accepted names of a model enum, in the API's spelling.
template <typename E>
json enum_of(std::string_view description = {}) {
    return strings(std::span<const std::string_view>(model::enum_names<E>::values), description);
}

inline json read_only(json schema) {
    schema["readOnly"] = true;
    return schema;
}
inline json read_only_ref(std::string_view component, std::string_view description = {}) {
    return read_only(
        with_description({{"allOf", json::array({schema_ref(component)})}}, description));
}
inline json nullable(json schema) {
    schema["nullable"] = true;
    return schema;
}

// An object schema. `required` names properties that are always present in responses; those
// marked readOnly are required in responses only (OpenAPI 3.0 §4.7.25.1).
inline json object(std::string_view description, json properties,
                   std::vector<std::string> required = {}) {
    json out = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty())
        out["required"] = std::move(required);
    return with_description(std::move(out), description);
}

// An ARM resource as Sentinel returns it: id, name, type (read-only), etag, and its properties
// bag, flattened here rather than composed with allOf so that every viewer shows the fields.
inline json arm_resource(std::string_view description, std::string_view properties_component,
                         std::string_view properties_description) {
    return object(
        description,
        {{"id", read_only(string("Fully qualified resource id: /subscriptions/{subscriptionId}/"
                                 "resourceGroups/{resourceGroupName}/providers/"
                                 "Microsoft.OperationalInsights/workspaces/{workspaceName}/"
                                 "providers/Microsoft.SecurityInsights/…"))},
         {"name", read_only(string("The name of the resource."))},
         {"type", read_only(string("The type of the resource, e.g. "
                                   "Microsoft.SecurityInsights/incidents."))},
         {"etag", string("Etag of the resource, quoted. Send it back on PUT (or as If-Match) to "
                         "fail with 409 instead of overwriting a concurrent change.")},
         {"properties", described_ref(properties_component, properties_description)}},
        {"id", "name", "type", "properties"});
}

// {"value": [items…], "nextLink": …}, Sentinel's list envelope.
inline json list_of(std::string_view item_component, std::string_view description,
                    bool paged = false) {
    json properties = {{"value", array_of(schema_ref(item_component), "The items of this page.")}};
    if (paged)
        properties["nextLink"] =
            read_only(string("URL of the next page; absent on the last page."));
    return object(description, std::move(properties), {"value"});
}

}  // namespace tocsin::api::openapi::dsl
