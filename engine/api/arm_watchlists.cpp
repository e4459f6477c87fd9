#include "engine/api/arm_watchlists.hpp"

#include "engine/api/arm_request.hpp"
#include "engine/api/arm_resources.hpp"
#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"
#include "engine/model/json.hpp"
#include "engine/model/validation.hpp"
#include "engine/model/watchlist_csv.hpp"

namespace tocsin::api {

namespace {

using nlohmann::json;

// Sentinel's UserInfo; Tocsin's own actors have ids that are not object ids, left out as the
// other resources do.
json user_info(const model::principal& who) {
    json out = {{"name", who.name}};
    if (is_uuid(who.id))
        out["objectId"] = who.id;
    return out;
}

std::string required_string(const json& properties, std::string_view name) {
    auto value = string_property(properties, name);
    if (model::trim(value).empty())
        throw error(errc::missing_field, "properties." + std::string(name) + " is required.",
                    "properties." + std::string(name));
    return value;
}

std::int64_t lines_to_skip_of(const json& properties) {
    const auto it = properties.find("numberOfLinesToSkip");
    if (it == properties.end() || it->is_null())
        return 0;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() > static_cast<std::int64_t>(model::max_watchlist_lines_to_skip))
        throw error(errc::invalid_argument,
                    "properties.numberOfLinesToSkip must be an integer from 0 to " +
                        std::to_string(model::max_watchlist_lines_to_skip) + ".",
                    "properties.numberOfLinesToSkip");
    return it->get<std::int64_t>();
}

std::vector<std::string> labels_of(const json& properties) {
    const auto it = properties.find("labels");
    if (it == properties.end() || it->is_null())
        return {};
    if (!it->is_array())
        throw error(errc::invalid_argument, "properties.labels must be an array of strings.",
                    "properties.labels");
    std::vector<std::string> out;
    for (const auto& label : *it) {
        if (!label.is_string() || model::trim(label.get<std::string>()).empty())
            throw error(errc::invalid_argument, "properties.labels must hold non-blank strings.",
                        "properties.labels");
        out.push_back(label.get<std::string>());
    }
    return out;
}

}  // namespace

watchlist_upload watchlist_from_body(std::string_view alias, const json& body) {
    const auto& properties = properties_of(body);
    watchlist_upload out;
    auto& list = out.list;
    list.alias = std::string(alias);
    if (const auto given = string_property(properties, "watchlistAlias");
        !given.empty() && model::watchlist_key(given) != model::watchlist_key(alias))
        throw error(errc::invalid_argument,
                    "properties.watchlistAlias " + given + " differs from the alias in the path (" +
                        std::string(alias) + ").",
                    "properties.watchlistAlias");
    list.display_name = required_string(properties, "displayName");
    list.provider = required_string(properties, "provider");
    list.items_search_key = required_string(properties, "itemsSearchKey");
    list.source = string_property(properties, "source");
    list.description = string_property(properties, "description");
    list.labels = labels_of(properties);
    list.number_of_lines_to_skip = lines_to_skip_of(properties);
    if (const auto type = string_property(properties, "contentType");
        !type.empty() && model::watchlist_key(type) != "text/csv")
        throw error(errc::unsupported,
                    "properties.contentType " + type + " is not supported; use text/csv.",
                    "properties.contentType");
    if (!properties.contains("rawContent") || properties["rawContent"].is_null())
        throw error(errc::missing_field,
                    "properties.rawContent is required: the CSV content, its header row first.",
                    "properties.rawContent");
    const auto raw = string_property(properties, "rawContent");
    auto csv = naming_properties([&] {
        return model::parse_watchlist_csv(
            raw, static_cast<std::size_t>(list.number_of_lines_to_skip), list.items_search_key);
    });
    list.columns = std::move(csv.columns);
    out.items.reserve(csv.items.size());
    for (auto& values : csv.items) {
        model::watchlist_item item;
        item.values = std::move(values);
        out.items.push_back(std::move(item));
    }
    return out;
}

json watchlist_item_values_from_body(const json& body) {
    const auto& properties = properties_of(body);
    const auto it = properties.find("itemsKeyValue");
    if (it == properties.end() || it->is_null())
        throw error(errc::missing_field, "properties.itemsKeyValue is required.",
                    "properties.itemsKeyValue");
    if (!it->is_object())
        throw error(errc::invalid_argument, "properties.itemsKeyValue must be an object.",
                    "properties.itemsKeyValue");
    return *it;
}

json watchlist_resource(const model::workspace_ref& ws, const model::watchlist& value) {
    json properties = {
        {"watchlistId", value.watchlist_id},
        {"watchlistAlias", value.alias},
        {"displayName", value.display_name},
        {"provider", value.provider},
        {"source", value.source},
        {"sourceType", "Local"},
        {"description", value.description},
        {"itemsSearchKey", value.items_search_key},
        {"columns", value.columns},
        {"contentType", value.content_type},
        {"numberOfLinesToSkip", value.number_of_lines_to_skip},
        {"labels", value.labels},
        {"watchlistType", "watchlist"},
        {"isDeleted", false},
        {"uploadStatus", "Complete"},
        {"provisioningState", "Succeeded"},
        {"itemsCount", value.items_count},
        {"created", format_time(value.created)},
        {"updated", format_time(value.updated)},
        {"createdBy", user_info(value.created_by)},
        {"updatedBy", user_info(value.updated_by)},
    };
    return {{"id", ws.arm_prefix() + "/watchlists/" + value.alias},
            {"name", value.alias},
            {"type", watchlist_type},
            {"etag", quote_etag(value.etag)},
            {"properties", std::move(properties)}};
}

json watchlist_item_resource(const model::workspace_ref& ws, std::string_view alias,
                             const model::watchlist_item& value) {
    json properties = {
        {"watchlistItemId", value.id},
        {"watchlistItemType", "watchlist-item"},
        {"isDeleted", false},
        {"itemsKeyValue", value.values},
        {"entityMapping", json::object()},
        {"created", format_time(value.created)},
        {"updated", format_time(value.updated)},
        {"createdBy", user_info(value.created_by)},
        {"updatedBy", user_info(value.updated_by)},
    };
    return {{"id",
             ws.arm_prefix() + "/watchlists/" + std::string(alias) + "/watchlistItems/" + value.id},
            {"name", value.id},
            {"type", watchlist_item_type},
            {"etag", quote_etag(value.etag)},
            {"properties", std::move(properties)}};
}

}  // namespace tocsin::api
