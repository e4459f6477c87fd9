#pragma once
// Input schemas of plugin actions: a small, declarative subset of JSON Schema that is enough to
// validate playbook arguments before an action runs and to generate reference docs and editor
// definitions from the same declaration.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tocsin::plugin {

enum class value_type { string, integer, number, boolean, object, array, any };
std::string_view to_string(value_type type);

struct field {
    // The explicit {} initializers let aggregate initialisation stop after any member without
    // GCC's -Wmissing-field-initializers.
    std::string name{};
    value_type type = value_type::string;
    bool required = false;
    std::string description{};
    std::vector<std::string> choices{};  // strings only: allowed values (case-insensitive)
    std::optional<nlohmann::json> default_value{};
    value_type items = value_type::any;       // arrays only: type of each element
    std::vector<field> fields{};              // objects only: declared members (others allowed)
    std::optional<std::size_t> max_length{};  // strings: characters; arrays: elements
    // A typical value, for the example calls of generated docs (not a default: never filled in).
    std::optional<nlohmann::json> example{};
};

struct schema {
    std::vector<field> fields;
    bool allow_extra = false;  // unknown top-level fields are an error unless allowed
};

// Checks `input` (a JSON object) against `s`, fills defaults, and returns the completed input.
// Throws tocsin::error(errc::invalid_argument or missing_field) naming the field, e.g.
// "incidents.close: 'classification' must be one of: TruePositive, …".
nlohmann::json validate_input(std::string_view action, const schema& s, nlohmann::json input);

// {"type":"object","properties":{…},"required":[…]} for /openapi.json and docs.
nlohmann::json to_json_schema(const schema& s);
// The inverse, for schemas declared as JSON (shared-library plugins): the same subset (type,
// description, enum, default, items.type, maxLength/maxItems, nested properties and required,
// additionalProperties at the top). Throws tocsin::error(errc::invalid_argument) naming the
// property for anything else.
schema from_json_schema(const nlohmann::json& json_schema);

}  // namespace tocsin::plugin
