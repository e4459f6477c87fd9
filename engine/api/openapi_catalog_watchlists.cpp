// The watchlist operations, with the operationIds of Microsoft's Watchlists.json.

#include "engine/api/arm_paths.hpp"
#include "engine/api/openapi_catalog.hpp"
#include "engine/api/openapi_catalog_answers.hpp"
#include "engine/api/openapi_schema_dsl.hpp"
#include "engine/store/query.hpp"

namespace tocsin::api::openapi {

namespace {

using dsl::schema_ref;
using http::verb;

std::vector<query_doc> page_query(std::string_view noun) {
    nlohmann::json top = {
        {"type", "integer"}, {"minimum", 1}, {"maximum", store::max_page_size}, {"default", 100}};
    return {{.name = "$top", .description = std::string(noun) + " per page.", .schema = top},
            {.name = "$skipToken",
             .description = "Opaque continuation from a nextLink; use the nextLink as it is."}};
}

body_doc put_body(std::string_view component, std::string what) {
    return {.schema = schema_ref(component),
            .description = std::move(what) +
                           " An etag in the body or an If-Match header makes the write "
                           "conditional: 409 when the resource changed since."};
}

}  // namespace

std::vector<operation_doc> watchlist_operations() {
    const auto lists = arm_template("watchlists");
    const auto list = arm_template("watchlists/{watchlistAlias}");
    const auto items = arm_template("watchlists/{watchlistAlias}/watchlistItems");
    const auto item = arm_template("watchlists/{watchlistAlias}/watchlistItems/{watchlistItemId}");
    return {
        {.method = verb::get,
         .path = lists,
         .operation_id = "Watchlists_List",
         .tag = "Watchlists",
         .summary = "List watchlists",
         .description = "By alias; pages of 100 unless $top says otherwise, nextLink continues.",
         .query = page_query("Watchlists"),
         .responses = {{.status = 200,
                        .description = "A page of watchlists.",
                        .schema = schema_ref("WatchlistList")}}},
        {.method = verb::get,
         .path = list,
         .operation_id = "Watchlists_Get",
         .tag = "Watchlists",
         .summary = "Get a watchlist",
         .responses = get_answer("Watchlist", "watchlist"),
         .errors = {404}},
        {.method = verb::put,
         .path = list,
         .operation_id = "Watchlists_CreateOrUpdate",
         .tag = "Watchlists",
         .summary = "Create or replace a watchlist from CSV",
         .description =
             "rawContent (CSV, at most 3,800,000 bytes) is required: its header row names the "
             "columns, itemsSearchKey must be one of them, and every row becomes an item, "
             "replacing all items of an existing watchlist in one transaction. Keys must be "
             "non-blank and unique ignoring case; at most 100,000 items, 50 columns and 1024 "
             "bytes per value. Errors answer 400 naming the property and the row.",
         .body = put_body("Watchlist", "The watchlist."),
         .responses = put_answers("Watchlist", "Watchlist", "replaced"),
         .errors = {409}},
        {.method = verb::delete_,
         .path = list,
         .operation_id = "Watchlists_Delete",
         .tag = "Watchlists",
         .summary = "Delete a watchlist and its items",
         .description = conditional_delete,
         .responses = delete_answers("Watchlist"),
         .errors = {409}},
        {.method = verb::get,
         .path = items,
         .operation_id = "WatchlistItems_List",
         .tag = "Watchlists",
         .summary = "List a watchlist's items",
         .description = "In load order; pages of 100 unless $top says otherwise.",
         .query = page_query("Items"),
         .responses = {{.status = 200,
                        .description = "A page of items.",
                        .schema = schema_ref("WatchlistItemList")}},
         .errors = {404}},
        {.method = verb::get,
         .path = item,
         .operation_id = "WatchlistItems_Get",
         .tag = "Watchlists",
         .summary = "Get a watchlist item",
         .responses = get_answer("WatchlistItem", "item"),
         .errors = {404}},
        {.method = verb::put,
         .path = item,
         .operation_id = "WatchlistItems_CreateOrUpdate",
         .tag = "Watchlists",
         .summary = "Create or replace a watchlist item",
         .description = "itemsKeyValue names only the watchlist's columns (absent ones are "
                        "empty); a key another item holds answers 409.",
         .body = put_body("WatchlistItem", "The item."),
         .responses = put_answers("WatchlistItem", "Item", "replaced"),
         .errors = {404, 409}},
        {.method = verb::delete_,
         .path = item,
         .operation_id = "WatchlistItems_Delete",
         .tag = "Watchlists",
         .summary = "Delete a watchlist item",
         .description = conditional_delete,
         .responses = delete_answers("Item"),
         .errors = {404, 409}},
    };
}

}  // namespace tocsin::api::openapi
