// Watchlists over the real server: the Sentinel-shaped resources, create/replace from CSV with
// etags, items one by one, paging, and every refusal with its status, field and message. The
// server takes bodies of up to 5 MiB here so the 3.8 MB content limit is reachable.

#include <fstream>

#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

constexpr std::string_view scanners_csv =
    "IP,Name,Owner,Notes\n"
    "198.51.100.23,Contoso external scanner,secops@contoso.com,Weekly perimeter scan\n"
    "203.0.113.7,Qualys cloud scanner,vuln-mgmt@contoso.com,\"Ranges 64.39.96.0/20, "
    "139.87.112.0/23\"\n"
    "scan-01.contoso.com,Internal Nessus,vuln-mgmt@contoso.com,\n";

json watchlist_body(std::string_view csv, std::string_view key = "IP") {
    return {{"properties",
             {{"displayName", "Known scanners"},
              {"provider", "SecOps"},
              {"source", "known-scanners.csv"},
              {"description", "Scanners whose alerts are expected"},
              {"itemsSearchKey", key},
              {"contentType", "text/csv"},
              {"numberOfLinesToSkip", 0},
              {"labels", {"perimeter"}},
              {"rawContent", csv}}}};
}

class watchlist_routes : public api_test {
  protected:
    static void SetUpTestSuite() { start_server({.body_limit = 5 * 1024 * 1024}); }

    http_reply put_list(const json& body, std::string_view alias = "known-scanners",
                        header_list headers = {}) {
        return put("watchlists/" + std::string(alias), body, std::move(headers));
    }
    // The 400's field as the error body names it, from a PUT of that body.
    void expect_refused(const json& body, int status, std::string_view message) {
        const auto reply = put_list(body);
        EXPECT_EQ(reply.status, status) << reply.body;
        EXPECT_EQ(error_message(reply), message);
    }
};

TEST_F(watchlist_routes, a_watchlist_is_created_read_listed_replaced_and_deleted) {
    const auto created = put_list(watchlist_body(scanners_csv));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto w = created.json();
    EXPECT_EQ(w["id"], prefix() + "/watchlists/known-scanners");
    EXPECT_EQ(w["name"], "known-scanners");
    EXPECT_EQ(w["type"], "Microsoft.SecurityInsights/Watchlists");
    EXPECT_EQ(created.header("ETag"), w["etag"].get<std::string>());
    const auto& p = w["properties"];
    EXPECT_EQ(p["watchlistAlias"], "known-scanners");
    EXPECT_EQ(p["displayName"], "Known scanners");
    EXPECT_EQ(p["provider"], "SecOps");
    EXPECT_EQ(p["source"], "known-scanners.csv");
    EXPECT_EQ(p["itemsSearchKey"], "IP");
    EXPECT_EQ(p["columns"], json({"IP", "Name", "Owner", "Notes"}));
    EXPECT_EQ(p["contentType"], "text/csv");
    EXPECT_EQ(p["labels"], json({"perimeter"}));
    EXPECT_EQ(p["itemsCount"], 3);
    EXPECT_EQ(p["createdBy"]["name"], test_actor_name);
    EXPECT_FALSE(p.contains("rawContent"));
    EXPECT_FALSE(p["watchlistId"].get<std::string>().empty());

    const auto read = get("watchlists/KNOWN-SCANNERS");
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.json()["etag"], w["etag"]);

    const auto listed = get("watchlists");
    ASSERT_EQ(listed.status, 200);
    const auto list_body = listed.json();
    ASSERT_EQ(list_body["value"].size(), 1u);
    EXPECT_EQ(list_body["value"][0]["name"], "known-scanners");

    // Replace: the body etag as the SDKs send it; all items swapped, the id kept.
    auto body = watchlist_body("IP,Name,Owner,Notes\n192.0.2.10,New scanner,secops,\n");
    body["etag"] = w["etag"];
    const auto replaced = put_list(body);
    ASSERT_EQ(replaced.status, 200) << replaced.body;
    EXPECT_EQ(replaced.json()["properties"]["itemsCount"], 1);
    EXPECT_EQ(replaced.json()["properties"]["watchlistId"], p["watchlistId"]);
    EXPECT_NE(replaced.json()["etag"], w["etag"]);

    // The old etag is stale now, in the body or as If-Match.
    auto stale = watchlist_body(scanners_csv);
    stale["etag"] = w["etag"];
    EXPECT_EQ(put_list(stale).status, 409);
    const auto conflict = put_list(watchlist_body(scanners_csv), "known-scanners",
                                   {{"If-Match", w["etag"].get<std::string>()}});
    EXPECT_EQ(conflict.status, 409);
    EXPECT_EQ(error_code(conflict), "Conflict");
    EXPECT_EQ(get("watchlists/known-scanners").json()["properties"]["itemsCount"], 1);

    EXPECT_EQ(del("watchlists/known-scanners").status, 200);
    EXPECT_EQ(del("watchlists/known-scanners").status, 204);
    const auto gone = get("watchlists/known-scanners");
    EXPECT_EQ(gone.status, 404);
    EXPECT_EQ(error_code(gone), "NotFound");
    EXPECT_EQ(error_message(gone), "Watchlist known-scanners doesn't exist.");
}

// The body docs/watchlists.md quotes.
TEST_F(watchlist_routes, the_documented_body_creates_a_watchlist) {
    std::ifstream in(std::string(TOCSIN_SOURCE_DIR) +
                     "/tests/api/fixtures/watchlists/known-scanners.json");
    ASSERT_TRUE(in);
    const auto body = json::parse(in);
    const auto created = put_list(body);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json()["properties"]["itemsCount"], 2);
    const auto items = get("watchlists/known-scanners/watchlistItems").json();
    EXPECT_EQ(items["value"][1]["properties"]["itemsKeyValue"]["Notes"],
              "Ranges 64.39.96.0/20, 139.87.112.0/23");
}

TEST_F(watchlist_routes, items_are_listed_paged_read_and_written) {
    ASSERT_EQ(put_list(watchlist_body(scanners_csv)).status, 201);
    const auto first = get("watchlists/known-scanners/watchlistItems", "$top=2");
    ASSERT_EQ(first.status, 200) << first.body;
    const auto page = first.json();
    ASSERT_EQ(page["value"].size(), 2u);
    const auto& item = page["value"][0];
    EXPECT_EQ(item["type"], "Microsoft.SecurityInsights/Watchlists/WatchlistItems");
    EXPECT_EQ(item["properties"]["itemsKeyValue"]["IP"], "198.51.100.23");
    EXPECT_EQ(item["properties"]["itemsKeyValue"]["Notes"], "Weekly perimeter scan");
    EXPECT_EQ(item["properties"]["entityMapping"], json::object());
    const auto id = item["name"].get<std::string>();
    EXPECT_EQ(item["id"], prefix() + "/watchlists/known-scanners/watchlistItems/" + id);
    EXPECT_EQ(page["value"][1]["properties"]["itemsKeyValue"]["Notes"],
              "Ranges 64.39.96.0/20, 139.87.112.0/23");

    // nextLink continues where the page ended.
    const auto link = page["nextLink"].get<std::string>();
    const auto rest = client().get(link.substr(link.find("/subscriptions/")));
    ASSERT_EQ(rest.status, 200) << rest.body;
    ASSERT_EQ(rest.json()["value"].size(), 1u);
    EXPECT_EQ(rest.json()["value"][0]["properties"]["itemsKeyValue"]["IP"], "scan-01.contoso.com");
    EXPECT_FALSE(rest.json().contains("nextLink"));

    const auto one = get("watchlists/known-scanners/watchlistItems/" + id);
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(one.json()["properties"]["watchlistItemId"], id);

    // A new item; a key held by another item (any case) is a conflict.
    const json added = {
        {"properties", {{"itemsKeyValue", {{"IP", "192.0.2.44"}, {"Name", "Pen test 2026"}}}}}};
    const auto created = put("watchlists/known-scanners/watchlistItems/pentest-2026", added);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json()["properties"]["itemsKeyValue"]["Owner"], "");
    const json clash = {
        {"properties", {{"itemsKeyValue", {{"IP", "SCAN-01.contoso.com"}, {"Name", "x"}}}}}};
    const auto conflict = put("watchlists/known-scanners/watchlistItems/another-one", clash);
    EXPECT_EQ(conflict.status, 409);
    EXPECT_NE(error_message(conflict).find(" of watchlist known-scanners already has the IP "
                                           "SCAN-01.contoso.com."),
              std::string::npos)
        << conflict.body;
    const json stray = {
        {"properties", {{"itemsKeyValue", {{"IP", "192.0.2.45"}, {"Colour", "red"}}}}}};
    const auto bad = put("watchlists/known-scanners/watchlistItems/stray-one", stray);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(error_message(bad),
              "itemsKeyValue names Colour, which is not a column of watchlist known-scanners.");
    const auto no_values = put("watchlists/known-scanners/watchlistItems/empty-one",
                               json{{"properties", json::object()}});
    EXPECT_EQ(no_values.status, 400);
    EXPECT_EQ(error_message(no_values), "properties.itemsKeyValue is required.");
    EXPECT_EQ(get("watchlists/known-scanners").json()["properties"]["itemsCount"], 4);

    EXPECT_EQ(del("watchlists/known-scanners/watchlistItems/pentest-2026").status, 200);
    EXPECT_EQ(del("watchlists/known-scanners/watchlistItems/pentest-2026").status, 204);
    const auto missing = get("watchlists/known-scanners/watchlistItems/pentest-2026");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(error_message(missing),
              "Watchlist item pentest-2026 doesn't exist in watchlist known-scanners.");
    const auto no_list = get("watchlists/absent/watchlistItems");
    EXPECT_EQ(no_list.status, 404);
    EXPECT_EQ(error_message(no_list), "Watchlist absent doesn't exist.");
    EXPECT_EQ(put("watchlists/absent/watchlistItems/pentest-2026", added).status, 404);
}

TEST_F(watchlist_routes, lists_page_with_next_links) {
    for (const auto* alias : {"list-c", "list-a", "list-b"})
        ASSERT_EQ(put_list(watchlist_body(scanners_csv), alias).status, 201);
    const auto first = get("watchlists", "$top=2").json();
    ASSERT_EQ(first["value"].size(), 2u);
    EXPECT_EQ(first["value"][0]["name"], "list-a");
    const auto link = first["nextLink"].get<std::string>();
    const auto rest = client().get(link.substr(link.find("/subscriptions/"))).json();
    ASSERT_EQ(rest["value"].size(), 1u);
    EXPECT_EQ(rest["value"][0]["name"], "list-c");
    const auto bad = get("watchlists", "$skipToken=nonsense");
    EXPECT_EQ(bad.status, 400);
}

TEST_F(watchlist_routes, bad_watchlists_are_refused_naming_what_is_wrong) {
    auto body = watchlist_body(scanners_csv);
    body["properties"].erase("itemsSearchKey");
    expect_refused(body, 400, "properties.itemsSearchKey is required.");
    body = watchlist_body(scanners_csv);
    body["properties"].erase("displayName");
    expect_refused(body, 400, "properties.displayName is required.");
    body = watchlist_body(scanners_csv);
    body["properties"].erase("provider");
    expect_refused(body, 400, "properties.provider is required.");
    body = watchlist_body(scanners_csv);
    body["properties"].erase("rawContent");
    expect_refused(body, 400,
                   "properties.rawContent is required: the CSV content, its header row first.");
    expect_refused(watchlist_body(scanners_csv, "Address"), 400,
                   "itemsSearchKey Address is not a column of the CSV header (IP, Name, Owner, "
                   "Notes).");
    expect_refused(watchlist_body("IP,Name\n10.0.0.1,A\n10.0.0.1,B\n"), 400,
                   "Row 3 repeats the IP 10.0.0.1 of row 2; keys must be unique (ignoring case).");
    expect_refused(watchlist_body("IP,Name\n10.0.0.1,A,extra\n"), 400,
                   "Row 2 has 3 fields; the header has 2.");
    body = watchlist_body(scanners_csv);
    body["properties"]["contentType"] = "application/json";
    expect_refused(body, 400,
                   "properties.contentType application/json is not supported; use "
                   "text/csv.");
    body = watchlist_body(scanners_csv);
    body["properties"]["numberOfLinesToSkip"] = -1;
    expect_refused(body, 400, "properties.numberOfLinesToSkip must be an integer from 0 to 1000.");
    body = watchlist_body(scanners_csv);
    body["properties"]["watchlistAlias"] = "other-alias";
    expect_refused(body, 400,
                   "properties.watchlistAlias other-alias differs from the alias in the path "
                   "(known-scanners).");

    const auto field = put_list(watchlist_body(scanners_csv, "Address"));
    EXPECT_EQ(field.json()["error"]["code"], "BadRequest");
    EXPECT_EQ(field.json()["error"]["target"], "properties.itemsSearchKey");
    EXPECT_EQ(put_list(watchlist_body(scanners_csv), "x").status, 400);  // alias too short
    // Nothing was written by any of them.
    EXPECT_EQ(get("watchlists").json()["value"].size(), 0u);
}

TEST_F(watchlist_routes, lines_before_the_header_are_skipped) {
    auto body =
        watchlist_body(std::string("# exported by the scanner team\n") + std::string(scanners_csv));
    body["properties"]["numberOfLinesToSkip"] = 1;
    const auto created = put_list(body);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json()["properties"]["numberOfLinesToSkip"], 1);
    EXPECT_EQ(created.json()["properties"]["itemsCount"], 3);
}

TEST_F(watchlist_routes, content_limits_are_enforced) {
    // 3,800,000 bytes are taken, one more is not.
    std::string csv = "IP,Notes\n";
    std::size_t n = 0;
    for (; csv.size() < 3'800'000 - 500; ++n)
        csv += "10." + std::to_string(n / 65536) + "." + std::to_string(n / 256 % 256) + "." +
               std::to_string(n % 256) + "," + std::string(100, 'n') + "\n";
    const std::string tail = "last,";
    csv += tail + std::string(3'800'000 - csv.size() - tail.size() - 1, 'n') + "\n";
    ASSERT_EQ(csv.size(), 3'800'000u);
    const auto at_limit = put_list(watchlist_body(csv), "big-list");
    ASSERT_EQ(at_limit.status, 201) << at_limit.body.substr(0, 300);
    EXPECT_EQ(at_limit.json()["properties"]["itemsCount"], n + 1);

    const auto over = put_list(watchlist_body(csv + "x"), "big-list");
    EXPECT_EQ(over.status, 400);
    EXPECT_EQ(error_message(over),
              "rawContent is 3800001 bytes; a watchlist's content is at most 3800000 bytes.");
    EXPECT_EQ(over.json()["error"]["target"], "properties.rawContent");
    EXPECT_EQ(get("watchlists/big-list").json()["properties"]["itemsCount"], n + 1);
}

}  // namespace
}  // namespace tocsin::test
