// The watchlists plugin through Lua against a real SQLite store: lookup, contains and items on a
// watchlist loaded from the shipped example CSV, keys ignoring case, and the nil, err answers
// (not_found naming the watchlist or the key; invalid input raises or answers invalid_argument).

#include <fstream>
#include <sstream>

#include "engine/model/watchlist_csv.hpp"
#include "engine/store/watchlist_store.hpp"
#include "tests/runner/runner_fixture.hpp"

namespace tocsin::runner::test {
namespace {

class WatchlistsPlugin : public ::testing::Test {
  protected:
    void SetUp() override {
        // The example the docs point to, loaded as the API loads a PUT.
        std::ifstream in(std::string(TOCSIN_SOURCE_DIR) +
                         "/examples/watchlists/known-scanners.csv");
        ASSERT_TRUE(in) << "examples/watchlists/known-scanners.csv";
        std::stringstream text;
        text << in.rdbuf();
        auto csv = model::parse_watchlist_csv(text.str(), 0, "IP");
        model::watchlist list;
        list.alias = "known-scanners";
        list.display_name = "Known scanners";
        list.provider = "SecOps";
        list.items_search_key = "IP";
        list.columns = csv.columns;
        std::vector<model::watchlist_item> items;
        for (auto& values : csv.items) {
            model::watchlist_item item;
            item.values = std::move(values);
            items.push_back(std::move(item));
        }
        rows_ = items.size();
        fx.store().watchlists().put_watchlist(test_workspace(), list, std::move(items), {});
    }

    store::run_record ok(const std::string& body) {
        auto r = fx.run(body);
        EXPECT_EQ(r.status, "succeeded") << r.error;
        return r;
    }
    std::string raised(const std::string& body) {
        auto r = fx.run(body);
        EXPECT_EQ(r.status, "failed");
        return r.error;
    }

    runner_fixture fx;
    std::size_t rows_ = 0;
};

TEST_F(WatchlistsPlugin, LookupReturnsTheRowIgnoringCase) {
    const auto r = ok(R"(
local row = tocsin.watchlists.lookup{ watchlist = 'known-scanners', key = '198.51.100.23' }
local host = tocsin.watchlists.lookup{ watchlist = 'KNOWN-SCANNERS', key = 'SCAN-01.corp.contoso.com' }
return { row.IP, row.Name, row.Owner, host.IP }
)");
    EXPECT_EQ(r.result, json::parse(R"(["198.51.100.23","Contoso external perimeter scanner",
        "secops@contoso.com","scan-01.corp.contoso.com"])"));
}

TEST_F(WatchlistsPlugin, LookupSaysWhichThingIsMissing) {
    const auto r = ok(R"(
local none, no_item = tocsin.watchlists.lookup{ watchlist = 'known-scanners', key = '10.9.9.9' }
local _, no_list = tocsin.watchlists.lookup{ watchlist = 'vip-accounts', key = 'ann' }
return { none == nil, no_item.code, no_item.message, no_list.code, no_list.message,
         no_item.retryable }
)");
    EXPECT_EQ(r.result,
              json::parse(R"([true,"not_found","'10.9.9.9' is not in watchlist 'known-scanners'",
        "not_found","watchlist 'vip-accounts' was not found",false])"));
}

TEST_F(WatchlistsPlugin, ContainsSplitsValuesIntoFoundAndMissing) {
    const auto r = ok(R"(
local all = tocsin.watchlists.contains{ watchlist = 'known-scanners',
                                        values = { '198.51.100.23', '203.0.113.7' } }
local some = tocsin.watchlists.contains{ watchlist = 'known-scanners',
                                         values = { '203.0.113.99', 'Scan-01.Corp.Contoso.com' } }
local none = tocsin.watchlists.contains{ watchlist = 'known-scanners', values = {} }
local _, gone = tocsin.watchlists.contains{ watchlist = 'absent-list', values = { '1.2.3.4' } }
return { all.all, #all.found, #all.missing, some.all, some.found[1], some.missing[1], none.all,
         #none.found, gone.code }
)");
    EXPECT_EQ(r.result, json::parse(R"([true,2,0,false,"Scan-01.Corp.Contoso.com","203.0.113.99",
        false,0,"not_found"])"));
}

TEST_F(WatchlistsPlugin, ItemsAreBoundedAndInLoadOrder) {
    const auto r = ok(R"(
local all = tocsin.watchlists.items{ watchlist = 'known-scanners' }
local two = tocsin.watchlists.items{ watchlist = 'known-scanners', limit = 2 }
local _, bad = tocsin.watchlists.items{ watchlist = 'known-scanners', limit = 5000 }
local _, gone = tocsin.watchlists.items{ watchlist = 'absent-list' }
return { #all, #two, two[1].IP, bad.code, gone.code, gone.message }
)");
    EXPECT_EQ(r.result[0], rows_);
    EXPECT_EQ(r.result[1], 2);
    EXPECT_EQ(r.result[2], "198.51.100.23");
    EXPECT_EQ(r.result[3], "invalid_argument");
    EXPECT_EQ(r.result[4], "not_found");
    EXPECT_EQ(r.result[5], "watchlist 'absent-list' was not found");
}

// The example docs/watchlists.md quotes.
TEST_F(WatchlistsPlugin, DocumentedExampleRuns) {
    std::ifstream in(std::string(TOCSIN_SOURCE_DIR) +
                     "/tests/plugins/fixtures/watchlist_lookups.lua");
    ASSERT_TRUE(in);
    std::stringstream body;
    body << in.rdbuf();
    const auto r = ok(body.str());
    EXPECT_EQ(r.result["all"], false);
    EXPECT_EQ(r.result["found"], json({"198.51.100.23", "Scan-01.Corp.Contoso.com"}));
    EXPECT_EQ(r.result["missing"], json({"203.0.113.99"}));
    EXPECT_EQ(r.result["name"], "Contoso external perimeter scanner");
    EXPECT_EQ(r.result["owner"], "secops@contoso.com");
    EXPECT_EQ(r.result["code"], "not_found");
    EXPECT_EQ(r.result["message"], "'203.0.113.99' is not in watchlist 'known-scanners'");
}

TEST_F(WatchlistsPlugin, WrongArgumentsRaise) {
    EXPECT_NE(raised("tocsin.watchlists.lookup{ key = '1.2.3.4' }").find("'watchlist' is required"),
              std::string::npos);
    EXPECT_NE(raised("tocsin.watchlists.lookup{ watchlist = 'known-scanners' }")
                  .find("'key' is required"),
              std::string::npos);
    const auto r = ok(R"(
local _, bad = tocsin.watchlists.contains{ watchlist = 'known-scanners', values = { 1, 2 } }
local _, text = tocsin.watchlists.contains{ watchlist = 'known-scanners', values = 'x' }
return { bad.code, bad.message, text.code }
)");
    EXPECT_EQ(r.result, json::parse(R"(["invalid_argument","'values' must be a list of strings",
        "invalid_argument"])"));
}

}  // namespace
}  // namespace tocsin::runner::test
