// Watchlists and watchlist items against the served document: every answer of every route
// matches its schema (call() checks them), the request bodies match the documented ones, and
// Microsoft's operationIds are kept.

#include <set>

#include "tests/openapi/openapi_fixture.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

class openapi_watchlists : public openapi_test {};

TEST_F(openapi_watchlists, every_answer_matches_its_schema) {
    const json list = {{"properties",
                        {{"displayName", "Known scanners"},
                         {"provider", "SecOps"},
                         {"source", "known-scanners.csv"},
                         {"description", "Expected scan traffic"},
                         {"itemsSearchKey", "IP"},
                         {"contentType", "text/csv"},
                         {"numberOfLinesToSkip", 0},
                         {"labels", {"perimeter"}},
                         {"rawContent", "IP,Name\n198.51.100.23,Scanner A\n203.0.113.7,B\n"}}}};
    EXPECT_EQ(call("PUT", arm("watchlists/known-scanners"), list).status, 201);
    EXPECT_EQ(call("PUT", arm("watchlists/known-scanners"), list).status, 200);
    const auto read = call("GET", arm("watchlists/known-scanners"));
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(call("GET", arm("watchlists")).status, 200);
    EXPECT_EQ(call("GET", arm("watchlists/absent-list")).status, 404);

    const auto items = call("GET", arm("watchlists/known-scanners/watchlistItems"));
    ASSERT_EQ(items.status, 200);
    const auto id = items.json()["value"][0]["name"].get<std::string>();
    EXPECT_EQ(call("GET", arm("watchlists/known-scanners/watchlistItems/" + id)).status, 200);
    const json item = {
        {"properties", {{"itemsKeyValue", {{"IP", "192.0.2.9"}, {"Name", "Scanner C"}}}}}};
    EXPECT_EQ(call("PUT", arm("watchlists/known-scanners/watchlistItems/item-c"), item).status,
              201);
    EXPECT_EQ(call("PUT", arm("watchlists/known-scanners/watchlistItems/item-c"), item).status,
              200);
    const json clash = {{"properties", {{"itemsKeyValue", {{"IP", "192.0.2.9"}}}}}};
    EXPECT_EQ(call("PUT", arm("watchlists/known-scanners/watchlistItems/item-d"), clash,
                   /*check_request=*/false)
                  .status,
              409);
    EXPECT_EQ(call("DELETE", arm("watchlists/known-scanners/watchlistItems/item-c")).status, 200);
    EXPECT_EQ(call("DELETE", arm("watchlists/known-scanners/watchlistItems/item-c")).status, 204);

    auto bad = list;
    bad["properties"]["itemsSearchKey"] = "Address";
    EXPECT_EQ(call("PUT", arm("watchlists/other-list"), bad, /*check_request=*/false).status, 400);
    EXPECT_EQ(call("DELETE", arm("watchlists/known-scanners")).status, 200);
    EXPECT_EQ(call("DELETE", arm("watchlists/known-scanners")).status, 204);
}

TEST_F(openapi_watchlists, operations_keep_microsoft_operation_ids) {
    std::set<std::string> ids;
    for (const auto& [path, item] : document().at("paths").items())
        for (const auto& [method, op] : item.items())
            if (method != "parameters")
                ids.insert(op.value("operationId", ""));
    for (const char* id : {"Watchlists_List", "Watchlists_Get", "Watchlists_CreateOrUpdate",
                           "Watchlists_Delete", "WatchlistItems_List", "WatchlistItems_Get",
                           "WatchlistItems_CreateOrUpdate", "WatchlistItems_Delete"})
        EXPECT_TRUE(ids.contains(id)) << id;
}

}  // namespace
}  // namespace tocsin::test
