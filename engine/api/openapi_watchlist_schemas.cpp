// Sentinel's watchlists and watchlist items (Watchlists.json), as Tocsin stores and returns
// them: a watchlist is loaded from CSV in rawContent; sourceType is always Local; itemsCount is a
// Tocsin addition.

#include "engine/api/openapi_schema_dsl.hpp"
#include "engine/api/openapi_schemas.hpp"
#include "engine/model/watchlist.hpp"

namespace tocsin::api::openapi {

using namespace dsl;

namespace {

json user_info() {
    return object("Who made the change.",
                  {{"name", string("The name of the user or token.")},
                   {"objectId", string("The object id of the user; absent for Tocsin's own "
                                       "actors (tokens, playbooks, the system).")}});
}

json watchlist_properties() {
    json raw = string(
        "The watchlist's content as CSV (RFC 4180): the header row, then one row per item. "
        "Required on PUT, which replaces every item; never returned.");
    raw["maxLength"] = model::max_watchlist_raw_content_bytes;
    json skip = integer("Lines before the header row to skip.");
    skip["minimum"] = 0;
    skip["maximum"] = model::max_watchlist_lines_to_skip;
    return object(
        "Watchlist properties. Read-only and unknown fields sent back from a GET are ignored.",
        {{"watchlistId", read_only(string("The watchlist's id, kept across replaces."))},
         {"watchlistAlias", string("The alias (the resource name); must equal the path's.")},
         {"displayName", string("The display name.")},
         {"provider", string("Who provides the list, e.g. Microsoft or a team's name.")},
         {"source", string("Where the content came from, e.g. a file name.")},
         {"sourceType", read_only(strings({"Local"}, "Always Local: content sent inline."))},
         {"description", string("The description.")},
         {"itemsSearchKey",
          string("The header column whose value identifies an item; lookups compare it "
                 "ignoring case, and it is unique within the watchlist.")},
         {"columns",
          read_only(array_of(string(), "Tocsin: the columns of the CSV header, in order."))},
         {"rawContent", std::move(raw)},
         {"contentType", strings({"text/csv", "Text/Csv"}, "The content's type; text/csv.")},
         {"numberOfLinesToSkip", std::move(skip)},
         {"labels", array_of(string(), "Labels of the watchlist.")},
         {"watchlistType", read_only(string("Always watchlist."))},
         {"isDeleted", read_only(boolean("Always false."))},
         {"uploadStatus", read_only(string("Complete: content is loaded synchronously."))},
         {"provisioningState", read_only(string("Succeeded."))},
         {"itemsCount", read_only(integer("Tocsin: how many items the watchlist holds.", "int64"))},
         {"created", read_only(date_time("When the watchlist was created."))},
         {"updated", read_only(date_time("When the watchlist was last replaced."))},
         {"createdBy", read_only(user_info())},
         {"updatedBy", read_only(user_info())}},
        {"displayName", "provider", "itemsSearchKey", "watchlistId", "created", "updated",
         "itemsCount", "columns"});
}

json watchlist_item_properties() {
    return object(
        "Watchlist item properties.",
        {{"watchlistItemId", read_only(string("The item's id."))},
         {"watchlistItemType", read_only(string("Always watchlist-item."))},
         {"isDeleted", read_only(boolean("Always false."))},
         {"itemsKeyValue",
          with_description({{"type", "object"}, {"additionalProperties", string()}},
                           "The item's row: column name to value. Only the watchlist's columns; "
                           "the key column must have a value unique in the watchlist.")},
         {"entityMapping", read_only(any_object("Always empty."))},
         {"created", read_only(date_time("When the item was created."))},
         {"updated", read_only(date_time("When the item was last changed."))},
         {"createdBy", read_only(user_info())},
         {"updatedBy", read_only(user_info())}},
        {"itemsKeyValue", "watchlistItemId", "created", "updated"});
}

}  // namespace

json watchlist_schemas() {
    return {
        {"Watchlist",
         arm_resource("Represents a watchlist.", "WatchlistProperties", "Watchlist properties.")},
        {"WatchlistProperties", watchlist_properties()},
        {"WatchlistList", list_of("Watchlist", "List of watchlists, by alias.", true)},
        {"WatchlistItem", arm_resource("Represents a watchlist item.", "WatchlistItemProperties",
                                       "Watchlist item properties.")},
        {"WatchlistItemProperties", watchlist_item_properties()},
        {"WatchlistItemList",
         list_of("WatchlistItem", "List of watchlist items, in load order.", true)},
    };
}

}  // namespace tocsin::api::openapi
