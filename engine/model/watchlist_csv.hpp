#pragma once
// Reading a watchlist's CSV content (Sentinel's rawContent, contentType text/csv) with libcsv in
// strict RFC 4180 mode: fields separated by commas, optionally quoted with '"' ("" inside quotes
// is a quote; quoted fields may hold commas and line breaks). Pure; thread-safe.
//
// Rules (docs/watchlists.md):
//  - at most model::max_watchlist_raw_content_bytes; a UTF-8 byte order mark is ignored;
//  - the first `lines_to_skip` lines are dropped before the header (at most
//    max_watchlist_lines_to_skip);
//  - the first row is the header: the column names, as check_watchlist_columns requires;
//  - blank lines are ignored; spaces around unquoted fields are trimmed;
//  - every other row is an item and has exactly as many fields as the header;
//  - the key column (`key_column`, one of the header's names) has a non-blank value in every
//    row, and no two rows share one ignoring case (a list with duplicates is refused, never
//    silently collapsed);
//  - at most max_watchlist_items items and max_watchlist_value_bytes per field.
// Rows are numbered from the header (row 1), not counting skipped or blank lines.
// Failures: invalid_argument / limit_exceeded naming "rawContent" (or "itemsSearchKey" /
// "numberOfLinesToSkip" when those are at fault), with a message naming the row.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tocsin::model {

struct watchlist_csv {
    std::vector<std::string> columns;   // the header
    std::vector<nlohmann::json> items;  // one {column: value} object per row, in file order
};

watchlist_csv parse_watchlist_csv(std::string_view raw_content, std::size_t lines_to_skip,
                                  const std::string& key_column);

}  // namespace tocsin::model
