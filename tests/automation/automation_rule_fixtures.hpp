#pragma once
// Builders for automation rule evaluator tests. Rules are written as the Sentinel JSON a client
// PUTs and go through the API's validator first, so every test also checks that the evaluator
// reads exactly what the validator stores.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/api/arm_automation_rules.hpp"
#include "engine/automation/automation_rule.hpp"
#include "engine/automation/automation_rule_actions.hpp"
#include "engine/automation/automation_rule_conditions.hpp"
#include "engine/model/entity.hpp"

namespace tocsin::automation::test {

using nlohmann::json;

inline json property(std::string name, std::string op, std::vector<std::string> values) {
    return {{"conditionType", "Property"},
            {"conditionProperties",
             {{"propertyName", std::move(name)},
              {"operator", std::move(op)},
              {"propertyValues", std::move(values)}}}};
}

inline json changed(std::string name, std::string change, std::string op,
                    std::vector<std::string> values) {
    return {{"conditionType", "PropertyChanged"},
            {"conditionProperties",
             {{"propertyName", std::move(name)},
              {"changeType", std::move(change)},
              {"operator", std::move(op)},
              {"propertyValues", std::move(values)}}}};
}

inline json array_added(std::string array) {
    return {{"conditionType", "PropertyArrayChanged"},
            {"conditionProperties", {{"arrayType", std::move(array)}, {"changeType", "Added"}}}};
}

inline json boolean(std::string op, json inner) {
    return {{"conditionType", "Boolean"},
            {"conditionProperties", {{"operator", std::move(op)}, {"innerConditions", inner}}}};
}

inline json property_array(std::string array, std::string any_or_all, json items) {
    return {{"conditionType", "PropertyArray"},
            {"conditionProperties",
             {{"arrayType", std::move(array)},
              {"arrayConditionType", std::move(any_or_all)},
              {"itemConditions", std::move(items)}}}};
}

inline json label_action(std::vector<std::string> names, int order = 1) {
    json labels = json::array();
    for (auto& n : names)
        labels.push_back({{"labelName", std::move(n)}});
    return {{"order", order},
            {"actionType", "ModifyProperties"},
            {"actionConfiguration", {{"labels", std::move(labels)}}}};
}

inline json playbook_action(std::string resource_id, int order = 1,
                            json parameters = json(nullptr)) {
    json config = {{"logicAppResourceId", std::move(resource_id)}};
    if (!parameters.is_null())
        config["parameters"] = std::move(parameters);
    return {{"order", order}, {"actionType", "RunPlaybook"}, {"actionConfiguration", config}};
}

// The properties of a PUT: enabled, on incidents when created, unless changed.
inline json rule_json(json conditions, json actions = json::array({label_action({"tagged"})}),
                      std::string on = "Incidents", std::string when = "Created") {
    return {{"displayName", "Test rule"},
            {"order", 1},
            {"triggeringLogic",
             {{"isEnabled", true},
              {"triggersOn", std::move(on)},
              {"triggersWhen", std::move(when)},
              {"conditions", std::move(conditions)}}},
            {"actions", std::move(actions)}};
}

// Validated and normalised as the API stores it, then compiled.
inline compiled_rule compiled(const json& properties, std::string name = "rule-1") {
    store::automation_rule stored;
    stored.name = std::move(name);
    stored.properties = api::normalize_automation_rule(properties, api::api_version::v2025_09_01);
    return compile_rule(stored);
}

inline model::entity entity(model::entity_kind kind, json properties) {
    model::entity e;
    e.kind = kind;
    e.properties = std::move(properties);
    model::assign_identity(e);
    return e;
}

inline model::incident incident(std::string title = "Suspicious sign-in",
                                model::severity severity = model::severity::medium) {
    model::incident i;
    i.name = "inc-1";
    i.title = std::move(title);
    i.severity = severity;
    return i;
}

inline model::alert alert(std::string product, std::vector<model::entity> entities = {}) {
    model::alert a;
    a.system_alert_id = "alert-" + product;
    a.display_name = "Alert from " + product;
    a.product_name = std::move(product);
    a.entities = std::move(entities);
    return a;
}

inline rule_subject subject_of(model::incident i) {
    rule_subject s;
    s.incident = std::make_shared<const model::incident>(std::move(i));
    return s;
}

// A one-condition rule holds for the subject?
inline bool holds(const json& condition, const rule_subject& subject) {
    return conditions_hold(compiled(rule_json(json::array({condition}))), subject);
}

}  // namespace tocsin::automation::test
