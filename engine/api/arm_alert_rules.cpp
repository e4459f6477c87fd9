#include "engine/api/arm_alert_rules.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/api/arm_paths.hpp"
#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/core/time.hpp"
#include "engine/error.hpp"
#include "engine/model/enums.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::api {

namespace {

using nlohmann::json;

constexpr std::size_t max_display_name = 500;

[[noreturn]] void bad(const std::string& field, std::string message) {
    throw error(errc::invalid_argument, std::move(message), field);
}

[[noreturn]] void missing(const std::string& field) {
    throw error(errc::missing_field, "'" + field + "' is required.", field);
}

// Characters, not bytes, as the model's own length limits count them.
std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

const json* member(const json& object, std::string_view name) {
    const auto it = object.find(name);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string item_path(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

// A trimmed, non-blank string of at most max_alert_rule_text characters.
std::string short_text(const json& value, const std::string& field) {
    if (!value.is_string())
        bad(field, "'" + field + "' must be a string.");
    const auto text = std::string(model::trim(value.get<std::string>()));
    if (text.empty())
        bad(field, "'" + field + "' must not be blank.");
    if (utf8_length(text) > max_alert_rule_text)
        bad(field, "'" + field + "' must be at most " + std::to_string(max_alert_rule_text) +
                       " characters.");
    return text;
}

bool contains_ignoring_case(const std::vector<std::string>& seen, const std::string& text) {
    return std::any_of(seen.begin(), seen.end(),
                       [&](const std::string& s) { return model::iequals(s, text); });
}

// An optional array of short texts, duplicates (ignoring case) dropped; [] when absent. Only the
// product list may not be empty (allow_empty false).
json text_list(const json& properties, std::string_view name, bool allow_empty) {
    const auto field = "properties." + std::string(name);
    const json* list = member(properties, name);
    if (!list)
        return json::array();
    if (!list->is_array())
        bad(field, "'" + field + "' must be an array of strings.");
    if (!allow_empty && list->empty())
        bad(field, "'" + field + "' must name at least one product.");
    if (list->size() > max_alert_rule_list)
        bad(field, "'" + field + "' may hold at most " + std::to_string(max_alert_rule_list) +
                       " entries.");
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto text = short_text((*list)[i], item_path(field, i));
        if (!contains_ignoring_case(seen, text))
            seen.push_back(std::move(text));
    }
    return seen;
}

// A product name, or an array of them (the Tocsin extension); the form given is kept.
json product_filter(const json& properties) {
    const std::string field = "properties.productFilter";
    const json* value = member(properties, "productFilter");
    if (!value)
        missing(field);
    if (value->is_string())
        return short_text(*value, field);
    if (!value->is_array())
        bad(field, "'" + field + "' must be a product name or an array of product names.");
    return text_list(properties, "productFilter", /*allow_empty=*/false);
}

json severities_filter(const json& properties) {
    const std::string field = "properties.severitiesFilter";
    const json* list = member(properties, "severitiesFilter");
    json out = json::array();
    if (!list)
        return out;
    if (!list->is_array())
        bad(field, "'" + field + "' must be an array of severities (" +
                       model::accepted_names<model::severity>() + ").");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& item = (*list)[i];
        const auto parsed = item.is_string()
                                ? model::parse_enum<model::severity>(item.get<std::string>())
                                : std::nullopt;
        if (!parsed)
            bad(item_path(field, i),
                "'" + (item.is_string() ? item.get<std::string>() : item.dump()) +
                    "' is not a valid severity; expected one of: " +
                    model::accepted_names<model::severity>() + ".");
        const auto name = std::string(model::to_string(*parsed));
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    }
    return out;
}

std::string optional_string(const json& properties, std::string_view name) {
    const auto field = "properties." + std::string(name);
    const json* value = member(properties, name);
    if (!value)
        return {};
    if (!value->is_string())
        bad(field, "'" + field + "' must be a string.");
    return value->get<std::string>();
}

void require_supported_kind(const json& body) {
    const json* kind = member(body, "kind");
    if (!kind)
        throw error(errc::missing_field,
                    "'kind' is required; Tocsin supports alert rules of kind " +
                        std::string(incident_creation_kind) + ".",
                    "kind");
    if (!kind->is_string() || !model::iequals(kind->get<std::string>(), incident_creation_kind))
        bad("kind",
            "Alert rule kind '" + (kind->is_string() ? kind->get<std::string>() : kind->dump()) +
                "' is not supported; Tocsin supports only " + std::string(incident_creation_kind) +
                " rules (incident creation from alerts).");
}

}  // namespace

json normalize_alert_rule(const json& body) {
    require_supported_kind(body);
    const json& properties = properties_of(body);
    json out = json::object();

    const auto display = optional_string(properties, "displayName");
    if (model::trim(display).empty())
        missing("properties.displayName");
    if (utf8_length(display) > max_display_name)
        bad("properties.displayName", "'properties.displayName' must be at most " +
                                          std::to_string(max_display_name) + " characters.");
    out["displayName"] = display;
    if (auto description = optional_string(properties, "description"); !description.empty())
        out["description"] = std::move(description);

    const json* enabled = member(properties, "enabled");
    if (!enabled)
        missing("properties.enabled");
    if (!enabled->is_boolean())
        bad("properties.enabled", "'properties.enabled' must be true or false.");
    out["enabled"] = enabled->get<bool>();

    out["productFilter"] = product_filter(properties);
    out["severitiesFilter"] = severities_filter(properties);
    out["displayNamesFilter"] = text_list(properties, "displayNamesFilter", /*allow_empty=*/true);
    out["displayNamesExcludeFilter"] =
        text_list(properties, "displayNamesExcludeFilter", /*allow_empty=*/true);
    if (auto template_name = optional_string(properties, "alertRuleTemplateName");
        !template_name.empty())
        out["alertRuleTemplateName"] = std::move(template_name);
    return out;
}

json alert_rule_resource(const model::workspace_ref& ws, const store::alert_rule& value) {
    json properties = value.properties;
    properties["lastModifiedUtc"] = format_time(value.last_modified);
    json out = {{"id", alert_rule_id(ws, value.name)},
                {"name", value.name},
                {"type", alert_rule_type},
                {"kind", incident_creation_kind}};
    if (!value.etag.empty())
        out["etag"] = quote_etag(value.etag);
    out["properties"] = std::move(properties);
    return out;
}

}  // namespace tocsin::api
