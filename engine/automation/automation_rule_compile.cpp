// compile_rule: the normalised properties JSON → compiled_rule. The stored JSON was validated
// at PUT, so this reader checks only what it needs to avoid undefined behaviour and reports a
// broken rule as one tocsin::error that names the rule and the path.

#include "engine/automation/automation_rule.hpp"

#include <algorithm>
#include <string_view>

#include "engine/api/automation_rule_vocabulary.hpp"
#include "engine/error.hpp"
#include "engine/model/json.hpp"

namespace tocsin::automation {

namespace {

using nlohmann::json;

std::string index_path(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

[[noreturn]] void malformed(const std::string& path, const std::string& what) {
    throw error(errc::invalid_argument, "'" + path + "' " + what, path);
}

const json& member(const json& object, std::string_view name, const std::string& path) {
    const auto field = path + "." + std::string(name);
    if (!object.is_object())
        malformed(path, "must be an object.");
    const auto it = object.find(name);
    if (it == object.end() || it->is_null())
        throw error(errc::missing_field, "'" + field + "' is required.", field);
    return *it;
}

const json* optional_member(const json& object, std::string_view name) {
    const auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string text(const json& object, std::string_view name, const std::string& path) {
    const json& v = member(object, name, path);
    if (!v.is_string())
        malformed(path + "." + std::string(name), "must be a string.");
    return v.get<std::string>();
}

std::string optional_text(const json& object, std::string_view name, const std::string& path) {
    const json* v = optional_member(object, name);
    if (!v)
        return {};
    if (!v->is_string())
        malformed(path + "." + std::string(name), "must be a string.");
    return v->get<std::string>();
}

const json& list(const json& object, std::string_view name, const std::string& path) {
    const json& v = member(object, name, path);
    if (!v.is_array())
        malformed(path + "." + std::string(name), "must be an array.");
    return v;
}

int whole_number(const json& object, std::string_view name, const std::string& path) {
    const json& v = member(object, name, path);
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 1000)
        malformed(path + "." + std::string(name), "must be an integer between 1 and 1000.");
    return static_cast<int>(v.get<std::int64_t>());
}

// The index of `value` in a vocabulary, compared as stored (the validator stores the API's
// spelling) but case-insensitively, so a hand-written lower-case store still compiles.
template <std::size_t N>
std::size_t word_index(const std::string_view (&words)[N], const std::string& value,
                       const std::string& field) {
    for (std::size_t i = 0; i < N; ++i)
        if (model::iequals(words[i], value))
            return i;
    malformed(field, "has an unknown value '" + value + "'.");
}

template <std::size_t N>
std::size_t word_of(const json& object, std::string_view name, const std::string& path,
                    const std::string_view (&words)[N]) {
    return word_index(words, text(object, name, path), path + "." + std::string(name));
}

template <typename E>
std::optional<E> model_enum(const json& object, std::string_view name, const std::string& path) {
    const auto value = optional_text(object, name, path);
    if (value.empty())
        return std::nullopt;
    const auto parsed = model::parse_enum<E>(value);
    if (!parsed)
        malformed(path + "." + std::string(name), "has an unknown value '" + value + "'.");
    return parsed;
}

using namespace api::automation_vocabulary;

// The compiled enums take their values from the vocabulary's positions.
static_assert(condition_types[0] == "Property" && condition_types[1] == "PropertyArray" &&
              condition_types[2] == "PropertyChanged" &&
              condition_types[3] == "PropertyArrayChanged" && condition_types[4] == "Boolean");
static_assert(std::size(operators) == 8 && operators[1] == "NotEquals" &&
              operators[7] == "NotEndsWith");
static_assert(changed_properties[2] == "IncidentOwner" && changed_types[0] == "ChangedFrom");
static_assert(changed_array_types[3] == "Comments" && array_types[1] == "CustomDetailValues");
static_assert(array_condition_types[1] == "AllItems" && boolean_operators[0] == "And");
static_assert(action_types[0] == "ModifyProperties" && action_types[1] == "RunPlaybook");
static_assert(triggers_on[1] == "Alerts" && triggers_when[1] == "Updated");

std::vector<std::string> string_values(const json& props, const std::string& path) {
    std::vector<std::string> out;
    const json* values = optional_member(props, "propertyValues");
    if (!values)
        return out;
    if (!values->is_array())
        malformed(path + ".propertyValues", "must be an array.");
    for (std::size_t i = 0; i < values->size(); ++i) {
        if (!(*values)[i].is_string())
            malformed(index_path(path + ".propertyValues", i), "must be a string.");
        out.push_back((*values)[i].get<std::string>());
    }
    return out;
}

std::vector<condition> conditions_of(const json& array, const std::string& path, int depth);

// Deep enough for every rule the validator admits (8 levels), shallow enough for any stack.
constexpr int max_depth = 16;

condition condition_of(const json& value, const std::string& path, int depth) {
    if (depth > max_depth)
        malformed(path, "nests too deeply.");
    const auto type = word_of(value, "conditionType", path, condition_types);
    const auto props_path = path + ".conditionProperties";
    const json& props = member(value, "conditionProperties", path);
    if (!props.is_object())
        malformed(props_path, "must be an object.");
    switch (type) {
        case 0: {  // Property
            property_condition out;
            out.property = std::string(
                properties_2025[word_of(props, "propertyName", props_path, properties_2025)]);
            out.test.op =
                static_cast<comparison>(word_of(props, "operator", props_path, operators));
            out.test.values = string_values(props, props_path);
            return {std::move(out)};
        }
        case 1: {  // PropertyArray
            property_array_condition out;
            out.what = static_cast<property_array_condition::array>(
                word_of(props, "arrayType", props_path, array_types));
            out.all_items =
                word_of(props, "arrayConditionType", props_path, array_condition_types) == 1;
            out.item_conditions = conditions_of(list(props, "itemConditions", props_path),
                                                props_path + ".itemConditions", depth + 1);
            return {std::move(out)};
        }
        case 2: {  // PropertyChanged
            property_changed_condition out;
            out.what = static_cast<property_changed_condition::property>(
                word_of(props, "propertyName", props_path, changed_properties));
            out.changed_from = word_of(props, "changeType", props_path, changed_types) == 0;
            if (const auto op = optional_text(props, "operator", props_path); !op.empty())
                out.test.op =
                    static_cast<comparison>(word_index(operators, op, props_path + ".operator"));
            out.test.values = string_values(props, props_path);
            return {std::move(out)};
        }
        case 3: {  // PropertyArrayChanged
            property_array_changed_condition out;
            out.what = static_cast<property_array_changed_condition::array>(
                word_of(props, "arrayType", props_path, changed_array_types));
            word_of(props, "changeType", props_path, array_change_types);
            return {std::move(out)};
        }
        default: {  // Boolean
            boolean_condition out;
            out.all = word_of(props, "operator", props_path, boolean_operators) == 0;
            out.inner = conditions_of(list(props, "innerConditions", props_path),
                                      props_path + ".innerConditions", depth + 1);
            return {std::move(out)};
        }
    }
}

std::vector<condition> conditions_of(const json& array, const std::string& path, int depth) {
    std::vector<condition> out;
    out.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i)
        out.push_back(condition_of(array[i], index_path(path, i), depth));
    return out;
}

modify_properties modify_of(const json& config, const std::string& path) {
    modify_properties out;
    out.severity = model_enum<model::severity>(config, "severity", path);
    out.status = model_enum<model::incident_status>(config, "status", path);
    out.classification = model_enum<model::classification>(config, "classification", path);
    out.classification_reason =
        model_enum<model::classification_reason>(config, "classificationReason", path);
    if (const json* comment = optional_member(config, "classificationComment")) {
        if (!comment->is_string())
            malformed(path + ".classificationComment", "must be a string.");
        out.classification_comment = comment->get<std::string>();
    }
    if (const json* owner = optional_member(config, "owner"))
        out.owner = model::owner_from_json(*owner, path + ".owner");
    if (const json* labels = optional_member(config, "labels")) {
        if (!labels->is_array())
            malformed(path + ".labels", "must be an array.");
        for (std::size_t i = 0; i < labels->size(); ++i) {
            const json& item = (*labels)[i];
            // Stored as {"labelName"}; a bare string is what the validator also accepts.
            out.labels.push_back(item.is_string()
                                     ? item.get<std::string>()
                                     : text(item, "labelName", index_path(path + ".labels", i)));
        }
    }
    return out;
}

playbook_call playbook_of(const json& config, const std::string& path) {
    playbook_call out;
    out.playbook = playbook_name_of(text(config, "logicAppResourceId", path));
    if (out.playbook.empty())
        malformed(path + ".logicAppResourceId", "names no playbook.");
    if (const json* parameters = optional_member(config, "parameters")) {
        if (!parameters->is_object())
            malformed(path + ".parameters", "must be an object.");
        out.parameters = *parameters;
    }
    return out;
}

rule_action action_of(const json& value, const std::string& path) {
    rule_action out;
    out.order = whole_number(value, "order", path);
    const auto type = word_of(value, "actionType", path, action_types);
    const auto config_path = path + ".actionConfiguration";
    const json& config = member(value, "actionConfiguration", path);
    if (!config.is_object())
        malformed(config_path, "must be an object.");
    if (type == 0)
        out.what = modify_of(config, config_path);
    else if (type == 1)
        out.what = playbook_of(config, config_path);
    else
        out.what = task_spec{text(config, "title", config_path),
                             optional_text(config, "description", config_path)};
    return out;
}

compiled_rule compile(const store::automation_rule& stored) {
    const std::string path = "properties";
    const json& p = stored.properties;
    if (!p.is_object())
        malformed(path, "must be an object.");
    compiled_rule out;
    out.name = stored.name;
    out.display_name = text(p, "displayName", path);
    out.order = whole_number(p, "order", path);

    const auto logic_path = path + ".triggeringLogic";
    const json& logic = member(p, "triggeringLogic", path);
    const json& enabled = member(logic, "isEnabled", logic_path);
    if (!enabled.is_boolean())
        malformed(logic_path + ".isEnabled", "must be true or false.");
    out.enabled = enabled.get<bool>();
    out.triggers_on =
        static_cast<trigger_on>(word_of(logic, "triggersOn", logic_path, triggers_on));
    out.triggers_when =
        static_cast<trigger_when>(word_of(logic, "triggersWhen", logic_path, triggers_when));
    if (const auto expiration = optional_text(logic, "expirationTimeUtc", logic_path);
        !expiration.empty()) {
        out.expiration = parse_time(expiration);
        if (!out.expiration)
            malformed(logic_path + ".expirationTimeUtc", "is not an ISO 8601 date-time.");
    }
    if (const json* conditions = optional_member(logic, "conditions")) {
        if (!conditions->is_array())
            malformed(logic_path + ".conditions", "must be an array.");
        out.conditions = conditions_of(*conditions, logic_path + ".conditions", 0);
    }

    const json& actions = list(p, "actions", path);
    for (std::size_t i = 0; i < actions.size(); ++i)
        out.actions.push_back(action_of(actions[i], index_path(path + ".actions", i)));
    std::stable_sort(out.actions.begin(), out.actions.end(),
                     [](const rule_action& a, const rule_action& b) { return a.order < b.order; });
    return out;
}

}  // namespace

compiled_rule compile_rule(const store::automation_rule& stored) {
    try {
        return compile(stored);
    } catch (const error& e) {
        throw error(e.code(), "Automation rule " + stored.name + " is malformed: " + e.what(),
                    e.field());
    } catch (const nlohmann::json::exception& e) {
        throw error(errc::invalid_argument,
                    "Automation rule " + stored.name + " is malformed: " + e.what(), "properties");
    }
}

bool rule_applies(const compiled_rule& rule, trigger_on on, trigger_when when, time_point now) {
    if (!rule.enabled || rule.triggers_on != on || rule.triggers_when != when)
        return false;
    return !rule.expiration || now < *rule.expiration;
}

std::string playbook_name_of(std::string_view logic_app_resource_id) {
    auto id = logic_app_resource_id;
    while (id.ends_with('/'))
        id.remove_suffix(1);
    const auto slash = id.rfind('/');
    return std::string(slash == std::string_view::npos ? id : id.substr(slash + 1));
}

}  // namespace tocsin::automation
