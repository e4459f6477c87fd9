#pragma once
// Watchlists (Microsoft Sentinel watchlists): named lists of rows loaded from CSV, one column of
// which (itemsSearchKey) is the key that playbooks and automation look values up by (known
// scanners by IP, VIP accounts, …). Keys compare case-insensitively (ASCII), as IP addresses,
// host names and account names do, and are unique within a watchlist. See docs/watchlists.md.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "engine/model/principal.hpp"

namespace tocsin::model {

// Limits of one watchlist. The raw content limit is Sentinel's upload limit for local files; the
// others keep a watchlist a lookup table rather than a data set.
inline constexpr std::size_t max_watchlist_raw_content_bytes = 3'800'000;
inline constexpr std::size_t max_watchlist_items = 100'000;
inline constexpr std::size_t max_watchlist_columns = 50;
inline constexpr std::size_t max_watchlist_value_bytes = 1024;  // a cell or a column name
inline constexpr std::size_t max_watchlist_lines_to_skip = 1000;
inline constexpr std::size_t max_watchlist_labels = 50;
inline constexpr std::size_t max_watchlist_text_bytes = 1024;  // displayName, provider, …

struct watchlist {
    std::string alias;         // the resource name, unique per workspace (case-insensitive)
    std::string watchlist_id;  // a UUID given at creation and kept across replaces
    std::string display_name;
    std::string provider;
    std::string source;
    std::string description;
    std::string items_search_key;      // the key column, as the header spells it
    std::vector<std::string> columns;  // the header, in order
    std::vector<std::string> labels;
    std::int64_t number_of_lines_to_skip = 0;
    std::string content_type = "text/csv";
    std::int64_t items_count = 0;  // read-only: what the store holds
    principal created_by;
    principal updated_by;
    time_point created{};
    time_point updated{};
    std::string etag;
};

struct watchlist_item {
    std::string id;  // watchlistItemId: a UUID
    // The row: {column: value} over the watchlist's columns, values strings.
    nlohmann::json values = nlohmann::json::object();
    principal created_by;
    principal updated_by;
    time_point created{};
    time_point updated{};
    std::string etag;
};

// The key comparison of watchlists: ASCII lower case (SQLite's lower() folds the same letters).
std::string watchlist_key(std::string_view value);

// Checks what every stored watchlist satisfies: 1..max_watchlist_columns non-blank column names,
// distinct ignoring case, each at most max_watchlist_value_bytes; items_search_key one of them.
// invalid_argument / limit_exceeded naming "columns" or "itemsSearchKey".
void check_watchlist_columns(const watchlist& list);

// An item's values as stored: an object with every column of `list` (absent
// ones ""), values strings (numbers and booleans are written as text). invalid_argument naming
// "itemsKeyValue.<column>" for a column the watchlist lacks, a value that is an object, array or
// longer than max_watchlist_value_bytes, or a blank key value; "itemsKeyValue" when `values` is
// not an object.
nlohmann::json normalize_watchlist_values(const watchlist& list, const nlohmann::json& values);

// The item's key: its value in the key column ("" when absent).
std::string watchlist_item_key(const watchlist& list, const nlohmann::json& values);

}  // namespace tocsin::model
