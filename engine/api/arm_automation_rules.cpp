#include "engine/api/arm_automation_rules.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "engine/api/automation_rule_vocabulary.hpp"
#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"
#include "engine/error.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/json.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::api {

namespace {

using nlohmann::json;
using names = std::span<const std::string_view>;

constexpr std::size_t max_display_name = 500;
constexpr std::int64_t max_order = 1000;
constexpr std::size_t max_conditions = 50;
constexpr std::size_t max_actions = 20;
constexpr std::size_t max_nested_conditions = 10;
// Boolean and PropertyArray conditions nest; deeper trees than this are refused.
constexpr int max_condition_depth = 8;

using namespace automation_vocabulary;

std::string join(names values) {
    std::string out;
    for (auto v : values) {
        if (!out.empty())
            out += ", ";
        out += v;
    }
    return out;
}

std::string index_path(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

class checker {
  public:
    explicit checker(api_version version) : version_(version) {}

    json rule(const json& properties) {
        const std::string path = "properties";
        json out = json::object();
        const auto display = string_of(properties, "displayName", path, true);
        if (model::trim(display).empty())
            missing(path + ".displayName");
        if (display.size() > max_display_name)
            bad(path + ".displayName", "'" + path + ".displayName' must be at most " +
                                           std::to_string(max_display_name) + " characters.");
        out["displayName"] = display;
        out["order"] = integer_of(properties, "order", path, 1, max_order);
        out["triggeringLogic"] = triggering_logic(object_of(properties, "triggeringLogic", path),
                                                  path + ".triggeringLogic");
        out["actions"] = actions(properties, path, out["triggeringLogic"]["triggersOn"]);
        return out;
    }

  private:
    [[noreturn]] static void bad(const std::string& field, std::string message) {
        throw error(errc::invalid_argument, std::move(message), field);
    }
    [[noreturn]] static void missing(const std::string& field) {
        throw error(errc::missing_field, "'" + field + "' is required.", field);
    }

    static const json* member(const json& object, std::string_view name) {
        const auto it = object.find(name);
        return it == object.end() || it->is_null() ? nullptr : &*it;
    }

    // The member if it has the expected JSON type; nullptr when it is absent and optional.
    static const json* typed(const json& object, std::string_view name, const std::string& path,
                             bool required, bool (json::*is_type)() const noexcept,
                             std::string_view type_name) {
        const auto field = path + "." + std::string(name);
        const json* v = member(object, name);
        if (!v) {
            if (required)
                missing(field);
            return nullptr;
        }
        if (!(v->*is_type)())
            bad(field, "'" + field + "' must be " + std::string(type_name) + ".");
        return v;
    }

    static std::string string_of(const json& object, std::string_view name, const std::string& path,
                                 bool required) {
        const json* v = typed(object, name, path, required, &json::is_string, "a string");
        return v ? v->get<std::string>() : std::string();
    }

    static const json& object_of(const json& object, std::string_view name,
                                 const std::string& path) {
        return *typed(object, name, path, true, &json::is_object, "an object");
    }

    static const json* array_of(const json& object, std::string_view name, const std::string& path,
                                bool required) {
        return typed(object, name, path, required, &json::is_array, "an array");
    }

    static std::int64_t integer_of(const json& object, std::string_view name,
                                   const std::string& path, std::int64_t min, std::int64_t max) {
        const auto field = path + "." + std::string(name);
        const json* v = member(object, name);
        if (!v)
            missing(field);
        if (!v->is_number_integer() || v->get<std::int64_t>() < min || v->get<std::int64_t>() > max)
            bad(field, "'" + field + "' must be an integer between " + std::to_string(min) +
                           " and " + std::to_string(max) + ".");
        return v->get<std::int64_t>();
    }

    // The value in its canonical spelling; absent is allowed only when not required.
    static std::string enum_of(const json& object, std::string_view name, const std::string& path,
                               names allowed, bool required) {
        const auto text = string_of(object, name, path, required);
        if (text.empty() && !required)
            return {};
        const auto field = path + "." + std::string(name);
        for (auto candidate : allowed)
            if (model::iequals(candidate, text))
                return std::string(candidate);
        bad(field, "'" + text + "' is not a valid " + std::string(name) +
                       "; expected one of: " + join(allowed) + ".");
    }

    void require_version(bool available, const std::string& field, const std::string& what) {
        if (!available)
            bad(field, what + " requires api-version 2025-09-01 (requested " +
                           std::string(to_string(version_)) + ").");
    }

    json triggering_logic(const json& logic, const std::string& path) {
        json out = json::object();
        const json* enabled = member(logic, "isEnabled");
        if (!enabled)
            missing(path + ".isEnabled");
        if (!enabled->is_boolean())
            bad(path + ".isEnabled", "'" + path + ".isEnabled' must be true or false.");
        out["isEnabled"] = enabled->get<bool>();
        out["triggersOn"] = enum_of(logic, "triggersOn", path, triggers_on, true);
        out["triggersWhen"] = enum_of(logic, "triggersWhen", path, triggers_when, true);
        if (out["triggersOn"] == "Alerts" && out["triggersWhen"] != "Created")
            bad(path + ".triggersWhen",
                "Automation rules triggered on Alerts support triggersWhen Created only.");
        const auto expiration = string_of(logic, "expirationTimeUtc", path, false);
        if (!expiration.empty()) {
            const auto t = parse_time(expiration);
            if (!t)
                bad(path + ".expirationTimeUtc", "'" + path +
                                                     ".expirationTimeUtc' must be an ISO 8601 "
                                                     "date-time, got '" +
                                                     expiration + "'.");
            out["expirationTimeUtc"] = format_time(*t);
        }
        json conditions = json::array();
        if (const json* list = array_of(logic, "conditions", path, false)) {
            if (list->size() > max_conditions)
                bad(path + ".conditions",
                    "At most " + std::to_string(max_conditions) + " conditions are allowed.");
            for (std::size_t i = 0; i < list->size(); ++i)
                conditions.push_back(condition((*list)[i], index_path(path + ".conditions", i), 0));
        }
        out["conditions"] = std::move(conditions);
        return out;
    }

    json conditions_list(const json& object, std::string_view name, const std::string& path,
                         std::size_t min, int depth) {
        const json* list = array_of(object, name, path, true);
        const auto field = path + "." + std::string(name);
        if (list->size() < min || list->size() > max_nested_conditions)
            bad(field, "'" + field + "' must hold " + std::to_string(min) + " to " +
                           std::to_string(max_nested_conditions) + " conditions.");
        json out = json::array();
        for (std::size_t i = 0; i < list->size(); ++i)
            out.push_back(condition((*list)[i], index_path(field, i), depth + 1));
        return out;
    }

    json string_values(const json& object, const std::string& path) {
        json out = json::array();
        if (const json* values = array_of(object, "propertyValues", path, false)) {
            for (std::size_t i = 0; i < values->size(); ++i) {
                if (!(*values)[i].is_string())
                    bad(index_path(path + ".propertyValues", i),
                        "'" + path + ".propertyValues' must contain strings.");
                out.push_back((*values)[i]);
            }
        }
        return out;
    }

    json condition(const json& value, const std::string& path, int depth) {
        if (depth > max_condition_depth)
            bad(path,
                "Conditions nest at most " + std::to_string(max_condition_depth) + " levels deep.");
        if (!value.is_object())
            bad(path, "'" + path + "' must be an object.");
        const auto type = enum_of(value, "conditionType", path, condition_types, true);
        if (type == "PropertyArray" || type == "Boolean")
            require_version(has_composite_conditions(version_), path + ".conditionType",
                            "conditionType " + type);
        const auto props_path = path + ".conditionProperties";
        const json& props = object_of(value, "conditionProperties", path);
        json out_props = json::object();
        if (type == "Property") {
            const auto name = enum_of(props, "propertyName", props_path, properties_2025, true);
            if (name == "IncidentCustomDetailsKey" || name == "IncidentCustomDetailsValue")
                require_version(has_composite_conditions(version_), props_path + ".propertyName",
                                "propertyName " + name);
            if (name == "IncidentUpdatedBySource" && version_ == api_version::v2022_07_01_preview)
                bad(props_path + ".propertyName",
                    "propertyName IncidentUpdatedBySource is not available in api-version "
                    "2022-07-01-preview.");
            out_props["propertyName"] = name;
            out_props["operator"] = enum_of(props, "operator", props_path, operators, true);
            out_props["propertyValues"] = string_values(props, props_path);
        } else if (type == "PropertyChanged") {
            out_props["propertyName"] =
                enum_of(props, "propertyName", props_path, changed_properties, true);
            out_props["changeType"] = enum_of(props, "changeType", props_path, changed_types, true);
            if (auto op = enum_of(props, "operator", props_path, operators, false); !op.empty())
                out_props["operator"] = op;
            out_props["propertyValues"] = string_values(props, props_path);
        } else if (type == "PropertyArrayChanged") {
            out_props["arrayType"] =
                enum_of(props, "arrayType", props_path, changed_array_types, true);
            out_props["changeType"] =
                enum_of(props, "changeType", props_path, array_change_types, true);
        } else if (type == "PropertyArray") {
            out_props["arrayType"] = enum_of(props, "arrayType", props_path, array_types, true);
            out_props["arrayConditionType"] =
                enum_of(props, "arrayConditionType", props_path, array_condition_types, true);
            out_props["itemConditions"] =
                conditions_list(props, "itemConditions", props_path, 1, depth);
        } else {  // Boolean
            out_props["operator"] = enum_of(props, "operator", props_path, boolean_operators, true);
            out_props["innerConditions"] =
                conditions_list(props, "innerConditions", props_path, 2, depth);
        }
        return {{"conditionType", type}, {"conditionProperties", std::move(out_props)}};
    }

    json actions(const json& properties, const std::string& path, const json& triggers_on_value) {
        const auto field = path + ".actions";
        const json* list = array_of(properties, "actions", path, true);
        if (list->empty() || list->size() > max_actions)
            bad(field,
                "'" + field + "' must hold 1 to " + std::to_string(max_actions) + " actions.");
        json out = json::array();
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto item_path = index_path(field, i);
            out.push_back(action((*list)[i], item_path));
            if (triggers_on_value == "Alerts" && out.back()["actionType"] != "RunPlaybook")
                bad(item_path + ".actionType",
                    "Automation rules triggered on Alerts can only run playbooks (RunPlaybook).");
        }
        return out;
    }

    json action(const json& value, const std::string& path) {
        if (!value.is_object())
            bad(path, "'" + path + "' must be an object.");
        json out = json::object();
        out["order"] = integer_of(value, "order", path, 1, max_order);
        const auto type = enum_of(value, "actionType", path, action_types, true);
        if (type == "AddIncidentTask")
            require_version(has_incident_tasks(version_), path + ".actionType",
                            "actionType AddIncidentTask");
        out["actionType"] = type;
        const auto config_path = path + ".actionConfiguration";
        const json& config = object_of(value, "actionConfiguration", path);
        if (type == "ModifyProperties") {
            out["actionConfiguration"] = modify_properties(config, config_path);
        } else if (type == "RunPlaybook") {
            json playbook = json::object();
            const auto resource = string_of(config, "logicAppResourceId", config_path, true);
            if (model::trim(resource).empty())
                missing(config_path + ".logicAppResourceId");
            playbook["logicAppResourceId"] = resource;
            const auto tenant = string_of(config, "tenantId", config_path, false);
            if (!tenant.empty()) {
                if (!is_uuid(tenant))
                    bad(config_path + ".tenantId",
                        "'" + config_path + ".tenantId' must be a UUID.");
                playbook["tenantId"] = tenant;
            }
            // Tocsin's extension: the playbook's parameters, handed to the run as given.
            if (const json* parameters =
                    typed(config, "parameters", config_path, false, &json::is_object, "an object"))
                playbook["parameters"] = *parameters;
            out["actionConfiguration"] = std::move(playbook);
        } else {  // AddIncidentTask
            json task = json::object();
            const auto title = string_of(config, "title", config_path, true);
            if (model::trim(title).empty())
                missing(config_path + ".title");
            task["title"] = title;
            if (auto description = string_of(config, "description", config_path, false);
                !description.empty())
                task["description"] = description;
            out["actionConfiguration"] = std::move(task);
        }
        return out;
    }

    template <typename E>
    std::optional<E> model_enum(const json& config, std::string_view name,
                                const std::string& path) {
        const auto text = string_of(config, name, path, false);
        if (text.empty())
            return std::nullopt;
        const auto parsed = model::parse_enum<E>(text);
        if (!parsed)
            bad(path + "." + std::string(name),
                "'" + text + "' is not a valid " + std::string(name) +
                    "; expected one of: " + model::accepted_names<E>() + ".");
        return parsed;
    }

    json modify_properties(const json& config, const std::string& path) {
        json out = json::object();
        const auto severity = model_enum<model::severity>(config, "severity", path);
        const auto status = model_enum<model::incident_status>(config, "status", path);
        const auto classification =
            model_enum<model::classification>(config, "classification", path);
        const auto reason =
            model_enum<model::classification_reason>(config, "classificationReason", path);
        if (severity)
            out["severity"] = model::to_string(*severity);
        if (status)
            out["status"] = model::to_string(*status);
        if (classification)
            out["classification"] = model::to_string(*classification);
        if (reason)
            out["classificationReason"] = model::to_string(*reason);
        // Closing needs a verdict, and a reason must belong to it: the same rule the incident
        // model enforces, checked here so a rule cannot be stored that would fail every run.
        if (status == model::incident_status::closed && !classification)
            missing(path + ".classification");
        if (reason) {
            const auto allowed = classification ? model::reasons_for(*classification)
                                                : std::span<const model::classification_reason>{};
            if (std::find(allowed.begin(), allowed.end(), *reason) == allowed.end())
                bad(path + ".classificationReason",
                    "classificationReason " + std::string(model::to_string(*reason)) +
                        " does not belong to classification " +
                        (classification ? std::string(model::to_string(*classification))
                                        : std::string("(none)")) +
                        ".");
        }
        if (auto comment = string_of(config, "classificationComment", path, false);
            !comment.empty())
            out["classificationComment"] = comment;
        if (const json* owner = member(config, "owner")) {
            const auto parsed = model::owner_from_json(*owner, path + ".owner");
            out["owner"] = model::to_json(parsed);
        }
        if (const json* labels = array_of(config, "labels", path, false)) {
            json list = json::array();
            for (std::size_t i = 0; i < labels->size(); ++i) {
                const auto item_path = index_path(path + ".labels", i);
                const auto& item = (*labels)[i];
                const auto name = item.is_string()   ? item.get<std::string>()
                                  : item.is_object() ? string_of(item, "labelName", item_path, true)
                                                     : std::string();
                if (model::trim(name).empty())
                    bad(item_path, "A label needs a labelName.");
                list.push_back({{"labelName", name}});
            }
            out["labels"] = std::move(list);
        }
        if (out.empty())
            bad(path, "'" + path + "' must change at least one incident property.");
        return out;
    }

    api_version version_;
};

}  // namespace

json normalize_automation_rule(const json& properties, api_version version) {
    if (!properties.is_object())
        throw error(errc::invalid_argument, "'properties' must be an object.", "properties");
    return checker(version).rule(properties);
}

}  // namespace tocsin::api
