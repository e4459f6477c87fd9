#pragma once
// The watchlist part of the store (reached through store::watchlists()): watchlists and their
// items, per workspace. The general store contract holds (blocking, thread-safe, one transaction
// per write, an activity entry naming the actor in the same transaction, new etag per write,
// if_match → errc::conflict). Activity entries are about no incident: "watchlist.created" /
// ".updated" / ".deleted" with detail {watchlistAlias, itemsCount}, and "watchlistItem.created" /
// ".updated" / ".deleted" with detail {watchlistAlias, watchlistItemId}. The store checks what
// keeps its tables consistent (key column among the columns, unique keys ignoring case, the
// limits of model/watchlist.hpp); parsing CSV is the caller's business.

#include <optional>
#include <string>
#include <vector>

#include "engine/model/watchlist.hpp"
#include "engine/model/workspace.hpp"
#include "engine/store/query.hpp"

namespace tocsin::store {

struct write_context;
template <typename T>
struct upsert_result;

struct watchlist_page_query {
    std::size_t top = 100;     // 1..max_page_size
    std::string skip_token{};  // opaque, from a previous page's next_token
};

class watchlist_store {
  public:
    virtual ~watchlist_store() = default;

    // Creates the watchlist or replaces it with its items, in one transaction: a failure leaves
    // the previous watchlist and items as they were. On replace, watchlist_id, created and
    // created_by stay; every item is new. Items without an id get one. invalid_argument when the
    // key column is not a column, an item lacks a key value, or two items share a key (ignoring
    // case); limit_exceeded beyond max_watchlist_items / max_watchlist_columns.
    virtual upsert_result<model::watchlist> put_watchlist(const model::workspace_ref& ws,
                                                          model::watchlist value,
                                                          std::vector<model::watchlist_item> items,
                                                          const write_context& ctx) = 0;
    virtual std::optional<model::watchlist> find_watchlist(const model::workspace_ref& ws,
                                                           const std::string& alias) = 0;
    // Ordered by alias (case-insensitive).
    virtual page<model::watchlist> list_watchlists(const model::workspace_ref& ws,
                                                   const watchlist_page_query& query) = 0;
    // Deletes it with its items; false when it did not exist.
    virtual bool delete_watchlist(const model::workspace_ref& ws, const std::string& alias,
                                  const write_context& ctx) = 0;

    // ---- items (not_found, "Watchlist {alias} doesn't exist.", when the watchlist is absent) ----
    // In the order they were loaded (then added).
    virtual page<model::watchlist_item> list_watchlist_items(const model::workspace_ref& ws,
                                                             const std::string& alias,
                                                             const watchlist_page_query& query) = 0;
    virtual std::optional<model::watchlist_item> find_watchlist_item(
        const model::workspace_ref& ws, const std::string& alias, const std::string& item_id) = 0;
    // The items whose key equals one of `keys`, ignoring case; each found item once, in the
    // order of the first key that names it. Uses the (watchlist, lower(key)) index.
    virtual std::vector<model::watchlist_item> find_watchlist_items_by_key(
        const model::workspace_ref& ws, const std::string& alias,
        const std::vector<std::string>& keys) = 0;
    // Create-or-replace of one item by id (an empty id generates one). Its values must name only
    // the watchlist's columns (absent ones become ""), give the key column a non-blank value and
    // not repeat another item's key (conflict). created=false and no write when unchanged.
    virtual upsert_result<model::watchlist_item> put_watchlist_item(const model::workspace_ref& ws,
                                                                    const std::string& alias,
                                                                    model::watchlist_item value,
                                                                    const write_context& ctx) = 0;
    // False when the item did not exist.
    virtual bool delete_watchlist_item(const model::workspace_ref& ws, const std::string& alias,
                                       const std::string& item_id, const write_context& ctx) = 0;
};

}  // namespace tocsin::store
