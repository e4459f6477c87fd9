#pragma once
// Sentinel watchlists (Watchlists.json) as ARM resources: reading a PUT body into a watchlist and
// its items (the CSV in properties.rawContent, parsed by model/watchlist_csv.hpp), and the
// resource shapes of watchlists and watchlist items. Pure; thread-safe.
//
// A watchlist PUT body: {properties: {displayName, provider, itemsSearchKey, rawContent
// (required), source, description, contentType ("text/csv", the only one), numberOfLinesToSkip,
// labels, watchlistAlias (must equal the path's alias when given)}[, etag]}. Read-only and unknown
// properties are ignored. rawContent is required: a watchlist's columns come from its header,
// and every PUT replaces the items with the ones it carries.
// A watchlist item PUT body: {properties: {itemsKeyValue: {column: value}}[, etag]}.
// Errors name the property's full path, e.g. "properties.itemsSearchKey".

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/model/watchlist.hpp"
#include "engine/model/workspace.hpp"

namespace tocsin::api {

inline constexpr std::string_view watchlist_type = "Microsoft.SecurityInsights/Watchlists";
inline constexpr std::string_view watchlist_item_type =
    "Microsoft.SecurityInsights/Watchlists/WatchlistItems";

struct watchlist_upload {
    model::watchlist list;
    std::vector<model::watchlist_item> items;
};

watchlist_upload watchlist_from_body(std::string_view alias, const nlohmann::json& body);
// The itemsKeyValue of an item PUT body (checked against the watchlist by the store).
nlohmann::json watchlist_item_values_from_body(const nlohmann::json& body);

nlohmann::json watchlist_resource(const model::workspace_ref& ws, const model::watchlist& value);
nlohmann::json watchlist_item_resource(const model::workspace_ref& ws, std::string_view alias,
                                       const model::watchlist_item& value);

// Runs fn, re-throwing a tocsin::error about a property with "properties." before its field, so
// the store's and the CSV reader's errors name the path a client sent.
template <typename Fn>
auto naming_properties(Fn fn) {
    try {
        return fn();
    } catch (const error& e) {
        if (e.field().empty() || e.field().starts_with("properties"))
            throw;
        throw error(e.code(), e.what(), "properties." + e.field());
    }
}

}  // namespace tocsin::api
