// `tocsin watchlists …` against a real server, with the shipped example CSV.

#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string example_csv =
    std::string(TOCSIN_SOURCE_DIR) + "/examples/watchlists/known-scanners.csv";

TEST_F(cli_test, WatchlistLifeFromACsvFile) {
    const auto created = tocsin({"watchlists", "create", "known-scanners", "--csv", example_csv,
                                 "--key", "IP", "--display-name", "Known scanners", "--description",
                                 "Expected scan traffic", "--label", "perimeter"});
    ASSERT_EQ(created.status, 0) << created.output;
    EXPECT_EQ(created.output, "Created watchlist known-scanners with 10 items (key IP).\n");

    const auto listed = tocsin({"watchlists", "list"});
    ASSERT_EQ(listed.status, 0) << listed.output;
    const auto rows = lines_of(listed.output);
    ASSERT_EQ(rows.size(), 2u) << listed.output;
    EXPECT_THAT(rows[0], StartsWith("ALIAS           ITEMS  KEY  PROVIDER"));
    EXPECT_THAT(rows[1], StartsWith("known-scanners  10     IP   tocsin"));
    EXPECT_THAT(rows[1], HasSubstr("Known scanners"));

    const auto shown = tocsin({"watchlists", "show", "known-scanners"});
    ASSERT_EQ(shown.status, 0) << shown.output;
    const auto lines = lines_of(shown.output);
    ASSERT_GE(lines.size(), 6u) << shown.output;
    EXPECT_EQ(lines[0], "Watchlist known-scanners: Known scanners");
    EXPECT_EQ(lines[1], "  items           10");
    EXPECT_EQ(lines[2], "  key column      IP");
    EXPECT_EQ(lines[3], "  columns         IP, Name, Owner, Notes");
    EXPECT_EQ(lines[4], "  provider        tocsin");
    EXPECT_EQ(lines[5], "  source          known-scanners.csv");
    const auto as_json = tocsin_json({"watchlists", "show", "known-scanners"});
    EXPECT_EQ(as_json["properties"]["labels"], json({"perimeter"}));
    EXPECT_EQ(as_json["properties"]["description"], "Expected scan traffic");

    // items: the header's column order, the first N.
    const auto items = tocsin({"watchlists", "items", "known-scanners", "--top", "3"});
    ASSERT_EQ(items.status, 0) << items.output;
    const auto item_rows = lines_of(items.output);
    ASSERT_EQ(item_rows.size(), 5u) << items.output;
    EXPECT_THAT(item_rows[0], StartsWith("IP "));
    EXPECT_THAT(item_rows[0], HasSubstr("Name"));
    EXPECT_THAT(item_rows[1], StartsWith("198.51.100.23 "));
    EXPECT_EQ(item_rows[4], "(first 3 of 10 items; --top N shows more)");
    const auto all = tocsin_json({"watchlists", "items", "known-scanners", "--top", "50"});
    ASSERT_EQ(all["value"].size(), 10u);
    EXPECT_EQ(all["value"][9]["properties"]["itemsKeyValue"]["IP"], "172.16.40.9");
    EXPECT_FALSE(all.contains("nextLink"));

    // create again replaces every item.
    const auto smaller =
        write_file("scanners-" + workspace_.substr(workspace_.rfind('/') + 1) + ".csv",
                   "# generated\nIP,Name\n192.0.2.1,One\n");
    const auto replaced = tocsin({"watchlists", "create", "known-scanners", "--csv", smaller,
                                  "--key", "IP", "--skip-lines", "1"});
    ASSERT_EQ(replaced.status, 0) << replaced.output;
    EXPECT_EQ(replaced.output, "Replaced watchlist known-scanners with 1 items (key IP).\n");

    const auto deleted = tocsin({"watchlists", "delete", "known-scanners"});
    ASSERT_EQ(deleted.status, 0) << deleted.output;
    EXPECT_EQ(deleted.output, "Deleted watchlist known-scanners.\n");
    const auto again = tocsin({"watchlists", "delete", "known-scanners"});
    EXPECT_EQ(again.status, 1);
    EXPECT_EQ(again.output, "tocsin: Watchlist known-scanners doesn't exist.\n");
    EXPECT_EQ(tocsin({"watchlists", "delete", "known-scanners", "--if-exists"}).output,
              "Watchlist known-scanners did not exist.\n");
    EXPECT_EQ(tocsin({"watchlists", "list"}).output, "No watchlists.\n");
}

TEST_F(cli_test, WatchlistFailuresAreOneLineWithAStatus) {
    const auto no_key = tocsin(
        {"watchlists", "create", "known-scanners", "--csv", example_csv, "--key", "Address"});
    EXPECT_EQ(no_key.status, 1);
    EXPECT_EQ(no_key.output,
              "tocsin: 400 BadRequest: itemsSearchKey Address is not a column of the CSV header "
              "(IP, Name, Owner, Notes).\n");
    const auto missing_file = tocsin(
        {"watchlists", "create", "known-scanners", "--csv", "/nonexistent.csv", "--key", "IP"});
    EXPECT_EQ(missing_file.status, 1);
    EXPECT_EQ(missing_file.output, "tocsin: Cannot read /nonexistent.csv.\n");
    const auto dup = write_file("dup-" + workspace_.substr(workspace_.rfind('/') + 1) + ".csv",
                                "IP\n10.0.0.1\n10.0.0.1\n");
    const auto duplicate =
        tocsin({"watchlists", "create", "known-scanners", "--csv", dup, "--key", "IP"});
    EXPECT_EQ(duplicate.status, 1);
    EXPECT_EQ(duplicate.output,
              "tocsin: 400 BadRequest: Row 3 repeats the IP 10.0.0.1 of row 2; keys must be "
              "unique (ignoring case).\n");
    const auto absent = tocsin({"watchlists", "show", "absent-list"});
    EXPECT_EQ(absent.status, 1);
    EXPECT_EQ(absent.output, "tocsin: 404 NotFound: Watchlist absent-list doesn't exist.\n");
    EXPECT_EQ(tocsin({"watchlists", "items", "absent-list"}).status, 1);
    // Usage errors exit 2.
    EXPECT_EQ(tocsin({"watchlists", "create", "known-scanners", "--key", "IP"}).status, 2);
    EXPECT_EQ(tocsin({"watchlists", "create", "known-scanners", "--csv", example_csv, "--key", "IP",
                      "--skip-lines", "many"})
                  .status,
              2);
    EXPECT_EQ(tocsin({"watchlists", "show"}).status, 2);
}

}  // namespace
}  // namespace tocsin::test
