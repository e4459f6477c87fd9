#include "engine/plugin/schema.hpp"

#include "engine/error.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::plugin {
namespace {

using nlohmann::json;

bool matches(value_type type, const json& v) {
    switch (type) {
        case value_type::string:
            return v.is_string();
        case value_type::integer:
            return v.is_number_integer();
        case value_type::number:
            return v.is_number();
        case value_type::boolean:
            return v.is_boolean();
        case value_type::object:
            return v.is_object();
        case value_type::array:
            return v.is_array();
        case value_type::any:
            return true;
    }
    return false;
}

std::string article(value_type type) {
    return type == value_type::integer || type == value_type::object || type == value_type::array ||
                   type == value_type::any
               ? "an "
               : "a ";
}

void check_field(std::string_view action, const field& f, const std::string& path, json& value);

void check_object_members(std::string_view action, const std::vector<field>& fields,
                          const std::string& prefix, json& object) {
    for (const auto& f : fields) {
        const std::string path = prefix.empty() ? f.name : prefix + "." + f.name;
        auto it = object.find(f.name);
        if (it == object.end() || it->is_null()) {
            if (f.default_value) {
                object[f.name] = *f.default_value;
            } else if (f.required) {
                throw error(errc::missing_field,
                            std::string(action) + ": '" + path + "' is required", path);
            }
            continue;
        }
        check_field(action, f, path, *it);
    }
}

void check_field(std::string_view action, const field& f, const std::string& path, json& value) {
    if (f.type == value_type::number && value.is_number()) {
        // integers are numbers too
    } else if (!matches(f.type, value)) {
        throw error(errc::invalid_argument,
                    std::string(action) + ": '" + path + "' must be " + article(f.type) +
                        std::string(to_string(f.type)) + ", got " + std::string(value.type_name()),
                    path);
    }
    if (!f.choices.empty() && value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        bool found = false;
        for (const auto& c : f.choices) {
            if (model::iequals(c, text)) {
                value = c;  // canonical spelling
                found = true;
                break;
            }
        }
        if (!found) {
            std::string list;
            for (const auto& c : f.choices)
                list += (list.empty() ? "" : ", ") + c;
            throw error(errc::invalid_argument,
                        std::string(action) + ": '" + path + "' must be one of: " + list +
                            " (got '" + text + "')",
                        path);
        }
    }
    if (f.max_length) {
        const std::size_t size = value.is_string()  ? value.get_ref<const std::string&>().size()
                                 : value.is_array() ? value.size()
                                                    : 0;
        if (size > *f.max_length)
            throw error(errc::invalid_argument,
                        std::string(action) + ": '" + path + "' is longer than " +
                            std::to_string(*f.max_length),
                        path);
    }
    if (value.is_array() && f.items != value_type::any) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!matches(f.items, value[i]))
                throw error(errc::invalid_argument,
                            std::string(action) + ": '" + path + "[" + std::to_string(i + 1) +
                                "]' must be " + article(f.items) + std::string(to_string(f.items)),
                            path);
        }
    }
    if (value.is_object() && !f.fields.empty())
        check_object_members(action, f.fields, path, value);
}

}  // namespace

std::string_view to_string(value_type type) {
    switch (type) {
        case value_type::string:
            return "string";
        case value_type::integer:
            return "integer";
        case value_type::number:
            return "number";
        case value_type::boolean:
            return "boolean";
        case value_type::object:
            return "object";
        case value_type::array:
            return "array";
        case value_type::any:
            return "any";
    }
    return "any";
}

json validate_input(std::string_view action, const schema& s, json input) {
    if (input.is_null())
        input = json::object();
    if (!input.is_object())
        throw error(errc::invalid_argument,
                    std::string(action) + ": arguments must be a table of named fields");
    if (!s.allow_extra) {
        for (const auto& [name, _] : input.items()) {
            bool known = false;
            for (const auto& f : s.fields)
                known = known || f.name == name;
            if (!known)
                throw error(errc::invalid_argument,
                            std::string(action) + ": unknown field '" + name + "'", name);
        }
    }
    check_object_members(action, s.fields, "", input);
    return input;
}

namespace {
json field_schema(const field& f) {
    json out = json::object();
    if (f.type != value_type::any)
        out["type"] = to_string(f.type);
    if (!f.description.empty())
        out["description"] = f.description;
    if (!f.choices.empty())
        out["enum"] = f.choices;
    if (f.default_value)
        out["default"] = *f.default_value;
    if (f.type == value_type::array && f.items != value_type::any)
        out["items"] = {{"type", to_string(f.items)}};
    if (f.max_length)
        out[f.type == value_type::array ? "maxItems" : "maxLength"] = *f.max_length;
    if (!f.fields.empty()) {
        json props = json::object();
        json required = json::array();
        for (const auto& m : f.fields) {
            props[m.name] = field_schema(m);
            if (m.required)
                required.push_back(m.name);
        }
        out["properties"] = std::move(props);
        if (!required.empty())
            out["required"] = std::move(required);
    }
    return out;
}
}  // namespace

json to_json_schema(const schema& s) {
    field root;
    root.type = value_type::object;
    root.fields = s.fields;
    json out = field_schema(root);
    out["additionalProperties"] = s.allow_extra;
    return out;
}

}  // namespace tocsin::plugin
