#pragma once
// Shared by the store-backed built-in plugins (header only: plugins/support is not a plugin).
// The optional `workspace` input every store action takes, the write context of a call, and the
// JSON shapes actions return.

#include <string>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/model/json.hpp"
#include "engine/plugin/action.hpp"
#include "engine/store/store.hpp"

namespace tocsin::plugins::support {

using nlohmann::json;

// A field by its common members (aggregate init of plugin::field would name all of them).
inline plugin::field make_field(std::string name, plugin::value_type type, bool required = false,
                                std::string description = {}) {
    plugin::field f;
    f.name = std::move(name);
    f.type = type;
    f.required = required;
    f.description = std::move(description);
    return f;
}

// `f` with a typical value for the example calls of the generated docs.
inline plugin::field with_example(plugin::field f, json example) {
    f.example = std::move(example);
    return f;
}

inline plugin::field workspace_field() {
    plugin::field f =
        make_field("workspace", plugin::value_type::object, false,
                   "{subscription, resourceGroup, name}; default: the run's workspace");
    f.fields = {
        make_field("subscription", plugin::value_type::string, true),
        make_field("resourceGroup", plugin::value_type::string, true),
        make_field("name", plugin::value_type::string, true),
    };
    return f;
}

inline plugin::field string_field(std::string name, bool required, std::string description,
                                  std::optional<std::size_t> max_length = std::nullopt) {
    plugin::field f =
        make_field(std::move(name), plugin::value_type::string, required, std::move(description));
    f.max_length = max_length;
    return f;
}

inline plugin::field choice_field(std::string name, bool required, std::string description,
                                  std::vector<std::string> choices) {
    plugin::field f =
        make_field(std::move(name), plugin::value_type::string, required, std::move(description));
    f.choices = std::move(choices);
    return f;
}

template <typename E>
std::vector<std::string> names_of() {
    std::vector<std::string> out;
    for (auto n : model::enum_names<E>::values)
        out.emplace_back(n);
    return out;
}

inline model::workspace_ref workspace_of(const plugin::services& svc, const json& input) {
    const auto it = input.find("workspace");
    if (it == input.end() || it->is_null())
        return svc.default_workspace;
    return {(*it)["subscription"].get<std::string>(), (*it)["resourceGroup"].get<std::string>(),
            (*it)["name"].get<std::string>()};
}

inline store::write_context write_context_of(const plugin::action_call& call) {
    return store::write_context{call.actor, std::nullopt};
}

inline std::string text(const json& input, const char* name) {
    const auto it = input.find(name);
    return it == input.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

inline json incident_json(const model::incident& value) {
    json out = model::incident_properties(value);
    out["name"] = value.name;
    return out;
}

inline json alert_json(const model::alert& value) {
    json out = model::alert_properties(value);
    out["name"] = value.system_alert_id;
    return out;
}

[[noreturn]] inline void not_found(const std::string& what, const std::string& name,
                                   const std::string& field) {
    throw error(errc::not_found, what + " '" + name + "' was not found", field);
}

inline model::incident require_incident(store::store& st, const model::workspace_ref& ws,
                                        const std::string& name) {
    auto found = st.find_incident(ws, name);
    if (!found)
        not_found("incident", name, "incident");
    return std::move(*found);
}

}  // namespace tocsin::plugins::support
