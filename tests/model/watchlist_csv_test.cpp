// Reading watchlist CSV (engine/model/watchlist_csv.hpp): RFC 4180 quoting through libcsv, the
// header and key column, skipped lines, and every refusal with its field and its message.

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/model/watchlist.hpp"
#include "engine/model/watchlist_csv.hpp"

namespace tocsin::model {
namespace {

using nlohmann::json;

// The error parse_watchlist_csv throws for that content.
error refusal(std::string_view raw, std::size_t skip = 0, const std::string& key = "IP") {
    try {
        parse_watchlist_csv(raw, skip, key);
    } catch (const error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for: " << raw;
    return error(errc::ok, "");
}

TEST(WatchlistCsv, HeaderNamesTheColumnsAndRowsBecomeItems) {
    const auto csv = parse_watchlist_csv(
        "IP,Name,Owner\n198.51.100.23,Scanner A,secops\n"
        "203.0.113.7,Scanner B,netops\n",
        0, "IP");
    EXPECT_EQ(csv.columns, (std::vector<std::string>{"IP", "Name", "Owner"}));
    ASSERT_EQ(csv.items.size(), 2u);
    EXPECT_EQ(csv.items[0],
              (json{{"IP", "198.51.100.23"}, {"Name", "Scanner A"}, {"Owner", "secops"}}));
    EXPECT_EQ(csv.items[1]["Owner"], "netops");
}

TEST(WatchlistCsv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
    const auto csv = parse_watchlist_csv(
        "IP,Notes\r\n198.51.100.23,\"weekly, external\"\r\n203.0.113.7,\"says \"\"hi\"\"\nand "
        "more\"\r\n",
        0, "IP");
    ASSERT_EQ(csv.items.size(), 2u);
    EXPECT_EQ(csv.items[0]["Notes"], "weekly, external");
    EXPECT_EQ(csv.items[1]["Notes"], "says \"hi\"\nand more");
}

TEST(WatchlistCsv, SpacesAroundUnquotedFieldsBlankLinesAndTheBomAreIgnored) {
    const auto csv =
        parse_watchlist_csv("\xEF\xBB\xBFIP , Name\n\n 10.0.0.1 ,  A  \n\n10.0.0.2,B", 0, "IP");
    EXPECT_EQ(csv.columns, (std::vector<std::string>{"IP", "Name"}));
    ASSERT_EQ(csv.items.size(), 2u);
    EXPECT_EQ(csv.items[0]["IP"], "10.0.0.1");
    EXPECT_EQ(csv.items[0]["Name"], "A");
    EXPECT_EQ(csv.items[1]["Name"], "B");  // no final line break
}

TEST(WatchlistCsv, LinesBeforeTheHeaderAreSkipped) {
    const auto csv = parse_watchlist_csv(
        "# exported 2026-01-01\n# by the scanner team\nIP,Name\n10.0.0.1,A\n", 2, "IP");
    EXPECT_EQ(csv.columns, (std::vector<std::string>{"IP", "Name"}));
    EXPECT_EQ(csv.items.size(), 1u);

    const auto e = refusal("IP\n10.0.0.1\n", 5);
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.field(), "numberOfLinesToSkip");
    EXPECT_STREQ(e.what(),
                 "numberOfLinesToSkip is 5, but the content has only 2 complete lines before its "
                 "header.");
    EXPECT_EQ(refusal("IP\n", max_watchlist_lines_to_skip + 1).field(), "numberOfLinesToSkip");
}

TEST(WatchlistCsv, TheKeyColumnMustBeInTheHeader) {
    const auto e = refusal("Address,Name\n10.0.0.1,A\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.field(), "itemsSearchKey");
    EXPECT_STREQ(e.what(), "itemsSearchKey IP is not a column of the CSV header (Address, Name).");
    // Exact spelling: the key names a column as the header writes it.
    EXPECT_EQ(refusal("ip,Name\n10.0.0.1,A\n").field(), "itemsSearchKey");
}

TEST(WatchlistCsv, KeysAreNonBlankAndUniqueIgnoringCase) {
    auto e = refusal("IP,Host\nhost-a,A\n10.0.0.2,B\nHOST-A,C\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.field(), "rawContent");
    EXPECT_STREQ(e.what(),
                 "Row 4 repeats the IP HOST-A of row 2; keys must be unique (ignoring case).");
    e = refusal("IP,Host\n10.0.0.1,A\n  ,B\n");
    EXPECT_STREQ(e.what(), "Row 3 has no value in the key column IP.");
}

TEST(WatchlistCsv, RowsHaveAsManyFieldsAsTheHeader) {
    auto e = refusal("IP,Name\n10.0.0.1,A,extra\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_STREQ(e.what(), "Row 2 has 3 fields; the header has 2.");
    e = refusal("IP,Name\n10.0.0.1,A\n10.0.0.2\n");
    EXPECT_STREQ(e.what(), "Row 3 has 1 fields; the header has 2.");
}

TEST(WatchlistCsv, MalformedQuotingIsRefusedNamingTheRow) {
    auto e = refusal("IP,Name\n10.0.0.1,A\n10.0.0.2,B\"x\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(e.field(), "rawContent");
    EXPECT_TRUE(std::string(e.what()).starts_with("Row 3 is not valid CSV")) << e.what();
    e = refusal("IP,Name\n10.0.0.1,\"unterminated\n");
    EXPECT_TRUE(std::string(e.what()).starts_with("Row 2 is not valid CSV")) << e.what();
}

TEST(WatchlistCsv, HeaderColumnsAreNonBlankAndDistinct) {
    auto e = refusal("IP,,Name\n1,2,3\n");
    EXPECT_EQ(e.field(), "rawContent");
    EXPECT_STREQ(e.what(), "Row 1 (the header): Column names must not be blank.");
    e = refusal("IP,Name,name\n1,2,3\n");
    EXPECT_STREQ(e.what(), "Row 1 (the header): The column name appears twice.");
    e = refusal("");
    EXPECT_STREQ(e.what(), "rawContent has no header row.");
}

TEST(WatchlistCsv, LimitsAreEnforced) {
    // Content size.
    std::string big = "IP\n";
    big.resize(max_watchlist_raw_content_bytes + 1, 'x');
    auto e = refusal(big);
    EXPECT_EQ(e.code(), errc::limit_exceeded);
    EXPECT_EQ(e.field(), "rawContent");
    EXPECT_STREQ(e.what(),
                 "rawContent is 3800001 bytes; a watchlist's content is at most 3800000 "
                 "bytes.");

    // Columns: 50 pass, 51 do not.
    std::string header = "IP";
    for (std::size_t i = 1; i < max_watchlist_columns; ++i)
        header += ",c" + std::to_string(i);
    EXPECT_EQ(parse_watchlist_csv(header + "\n", 0, "IP").columns.size(), max_watchlist_columns);
    e = refusal(header + ",one-too-many\n");
    EXPECT_EQ(e.code(), errc::limit_exceeded);
    EXPECT_STREQ(e.what(),
                 "Row 1 (the header): A watchlist has at most 50 columns; this one has 51.");
    // A data row far wider than any header stops being read at the limit.
    e = refusal("IP\n" + std::string(200, ','));
    EXPECT_EQ(e.code(), errc::limit_exceeded);
    EXPECT_STREQ(e.what(),
                 "Row 2 has more than 50 fields; a watchlist has at most that many columns.");

    // Value length: 1024 bytes pass, 1025 do not.
    const std::string ok(max_watchlist_value_bytes, 'v');
    EXPECT_EQ(parse_watchlist_csv("IP,Notes\n1," + ok + "\n", 0, "IP").items.size(), 1u);
    e = refusal("IP,Notes\n1," + ok + "v\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_STREQ(e.what(), "Row 2 has a field longer than 1024 bytes.");

    // Items: 100,000 pass, one more does not.
    std::string rows = "IP\n";
    for (std::size_t i = 0; i < max_watchlist_items; ++i)
        rows += std::to_string(i) + "\n";
    EXPECT_EQ(parse_watchlist_csv(rows, 0, "IP").items.size(), max_watchlist_items);
    e = refusal(rows + "last\n");
    EXPECT_EQ(e.code(), errc::limit_exceeded);
    EXPECT_STREQ(e.what(), "A watchlist holds at most 100000 items.");
}

TEST(WatchlistKey, FoldsAsciiLettersOnly) {
    EXPECT_EQ(watchlist_key("Host-A.Contoso.COM"), "host-a.contoso.com");
    EXPECT_EQ(watchlist_key("2001:DB8::1"), "2001:db8::1");
    EXPECT_EQ(watchlist_key("ÜNÏcode"), "ÜnÏcode");  // multi-byte letters stay
}

}  // namespace
}  // namespace tocsin::model
