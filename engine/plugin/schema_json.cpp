#include <algorithm>
#include <array>

#include "engine/error.hpp"
#include "engine/plugin/schema.hpp"

namespace tocsin::plugin {
namespace {

using nlohmann::json;

constexpr std::array type_names{
    std::pair{"string", value_type::string}, std::pair{"integer", value_type::integer},
    std::pair{"number", value_type::number}, std::pair{"boolean", value_type::boolean},
    std::pair{"object", value_type::object}, std::pair{"array", value_type::array},
};

[[noreturn]] void fail(const std::string& where, const std::string& why) {
    throw error(errc::invalid_argument, "input schema: " + where + ": " + why, where);
}

value_type type_of(const json& node, const std::string& where) {
    const auto it = node.find("type");
    if (it == node.end())
        return value_type::any;
    if (!it->is_string())
        fail(where, "'type' must be a string");
    for (const auto& [name, type] : type_names)
        if (*it == name)
            return type;
    fail(where, "unsupported type " + it->dump());
}

std::vector<field> members(const json& node, const std::string& where);

field field_of(const std::string& name, const json& node, const std::string& where) {
    if (!node.is_object())
        fail(where, "must be an object");
    field f;
    f.name = name;
    f.type = type_of(node, where);
    if (auto it = node.find("description"); it != node.end() && it->is_string())
        f.description = it->get<std::string>();
    if (auto it = node.find("enum"); it != node.end()) {
        if (!it->is_array() || f.type != value_type::string)
            fail(where, "'enum' must be a list of strings on a string");
        for (const auto& c : *it) {
            if (!c.is_string())
                fail(where, "'enum' must be a list of strings on a string");
            f.choices.push_back(c.get<std::string>());
        }
    }
    if (auto it = node.find("default"); it != node.end())
        f.default_value = *it;
    if (auto it = node.find("items"); it != node.end())
        f.items = type_of(*it, where + ".items");
    for (const char* key : {"maxLength", "maxItems"})
        if (auto it = node.find(key); it != node.end()) {
            if (!it->is_number_unsigned())
                fail(where, std::string("'") + key + "' must be a non-negative integer");
            f.max_length = it->get<std::size_t>();
        }
    if (node.contains("properties")) {
        if (f.type != value_type::object)
            fail(where, "'properties' on a non-object");
        f.fields = members(node, where);
    }
    return f;
}

std::vector<field> members(const json& node, const std::string& where) {
    std::vector<field> out;
    const auto props = node.find("properties");
    if (props != node.end()) {
        if (!props->is_object())
            fail(where, "'properties' must be an object");
        for (const auto& [name, sub] : props->items())
            out.push_back(field_of(name, sub, where.empty() ? name : where + "." + name));
    }
    if (const auto req = node.find("required"); req != node.end()) {
        if (!req->is_array())
            fail(where.empty() ? "required" : where, "'required' must be a list of names");
        for (const auto& name : *req) {
            auto it = std::find_if(out.begin(), out.end(), [&](const field& f) {
                return name.is_string() && f.name == name;
            });
            if (it == out.end())
                fail(where.empty() ? "required" : where,
                     "'required' names " + name.dump() + ", which is not a property");
            it->required = true;
        }
    }
    return out;
}

}  // namespace

schema from_json_schema(const json& json_schema) {
    if (!json_schema.is_object())
        fail("(root)", "must be a JSON object");
    if (type_of(json_schema, "(root)") != value_type::object && json_schema.contains("type"))
        fail("(root)", "must be of type object");
    schema s;
    s.fields = members(json_schema, "");
    if (auto it = json_schema.find("additionalProperties"); it != json_schema.end()) {
        if (!it->is_boolean())
            fail("(root)", "'additionalProperties' must be true or false");
        s.allow_extra = it->get<bool>();
    }
    return s;
}

}  // namespace tocsin::plugin
