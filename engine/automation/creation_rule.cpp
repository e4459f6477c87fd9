#include "engine/automation/creation_rule.hpp"

#include <algorithm>
#include <cctype>

#include "engine/error.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::automation {

namespace {

using nlohmann::json;

[[noreturn]] void unreadable(const store::alert_rule& stored, const std::string& field,
                             const std::string& what) {
    throw error(errc::invalid_argument,
                "Stored alert rule '" + stored.name + "' has an unreadable " + field + ": " + what,
                field);
}

const json* member(const json& object, std::string_view name) {
    const auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::vector<std::string> strings_of(const store::alert_rule& stored, std::string_view name) {
    const auto field = "properties." + std::string(name);
    std::vector<std::string> out;
    const json* list = member(stored.properties, name);
    if (!list)
        return out;
    if (!list->is_array())
        unreadable(stored, field, "expected an array of strings.");
    for (const auto& item : *list) {
        if (!item.is_string())
            unreadable(stored, field, "expected an array of strings.");
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// `haystack` is lower-case already (once per alert, not once per needle).
bool contains_any(const std::string& haystack, const std::vector<std::string>& needles) {
    return std::any_of(needles.begin(), needles.end(), [&](const std::string& needle) {
        return haystack.find(lower(needle)) != std::string::npos;
    });
}

// At most `limit` code points of UTF-8 text, never splitting a character.
std::string cut(std::string_view text, std::size_t limit) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
            continue;
        if (chars == limit)
            return std::string(text.substr(0, i));
        ++chars;
    }
    return std::string(text);
}

}  // namespace

creation_rule parse_creation_rule(const store::alert_rule& stored) {
    const auto& p = stored.properties;
    if (!p.is_object())
        unreadable(stored, "properties", "expected an object.");
    creation_rule rule;
    rule.name = stored.name;
    if (const json* display = member(p, "displayName"); display && display->is_string())
        rule.display_name = display->get<std::string>();
    const json* enabled = member(p, "enabled");
    if (!enabled || !enabled->is_boolean())
        unreadable(stored, "properties.enabled", "expected true or false.");
    rule.enabled = enabled->get<bool>();

    const json* products = member(p, "productFilter");
    if (products && products->is_string())
        rule.products.push_back(products->get<std::string>());
    else
        rule.products = strings_of(stored, "productFilter");
    if (rule.products.empty())
        unreadable(stored, "properties.productFilter", "expected a product name or names.");

    for (const auto& name : strings_of(stored, "severitiesFilter")) {
        const auto severity = model::parse_enum<model::severity>(name);
        // An unknown severity must not be skipped: a filter left empty would match them all.
        if (!severity)
            unreadable(stored, "properties.severitiesFilter", "'" + name + "' is not a severity.");
        rule.severities.push_back(*severity);
    }
    rule.include_names = strings_of(stored, "displayNamesFilter");
    rule.exclude_names = strings_of(stored, "displayNamesExcludeFilter");
    if (const json* name = member(p, "alertRuleTemplateName"); name && name->is_string())
        rule.template_name = name->get<std::string>();
    return rule;
}

bool matches(const creation_rule& rule, const model::alert& alert) {
    if (!rule.enabled)
        return false;
    if (std::none_of(rule.products.begin(), rule.products.end(), [&](const std::string& product) {
            return model::iequals(product, alert.product_name);
        }))
        return false;
    if (!rule.severities.empty() && std::find(rule.severities.begin(), rule.severities.end(),
                                              alert.severity) == rule.severities.end())
        return false;
    const auto name = lower(alert.display_name);
    if (!rule.include_names.empty() && !contains_any(name, rule.include_names))
        return false;
    return !contains_any(name, rule.exclude_names);
}

std::vector<std::string> matching_rule_ids(const std::vector<creation_rule>& rules,
                                           const model::alert& alert) {
    std::vector<std::string> out;
    for (const auto& rule : rules)
        if (matches(rule, alert))
            out.push_back(rule.name);
    std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
        const auto la = lower(a);
        const auto lb = lower(b);
        return la != lb ? la < lb : a < b;
    });
    return out;
}

model::incident incident_from_alert(const model::alert& alert, std::vector<std::string> rule_ids) {
    model::incident out;
    auto title = std::string(model::trim(alert.display_name));
    if (title.empty())
        title = "Alert " + alert.system_alert_id;
    out.title = cut(title, model::max_title_length);
    out.description = cut(alert.description, model::max_description_length);
    out.severity = alert.severity;
    out.status = model::incident_status::new_;
    out.provider_name = std::string(model::own_provider_name);
    out.related_analytic_rule_ids = std::move(rule_ids);

    const auto first = alert.start_time.value_or(alert.time_generated);
    const auto last = alert.end_time.value_or(alert.time_generated);
    out.first_activity = first;
    out.last_activity = std::max(first, last);

    out.summary.tactics = alert.tactics;
    out.summary.techniques = alert.techniques;
    if (!alert.product_name.empty())
        out.summary.alert_product_names = {alert.product_name};
    return out;
}

}  // namespace tocsin::automation
