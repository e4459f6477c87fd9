// Conformance: watchlists (store::watchlist_store). A watchlist is created or replaced with all
// its items in one transaction; item keys are unique per watchlist ignoring case and found by
// key ignoring case; items are written one by one with etags; every write is in the activity log
// (about no incident); workspaces never see each other's watchlists.

#include "engine/store/errors.hpp"
#include "engine/store/watchlist_store.hpp"
#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

model::watchlist scanners(std::string alias = "known-scanners") {
    model::watchlist w;
    w.alias = std::move(alias);
    w.display_name = "Known scanners";
    w.provider = "SecOps";
    w.source = "known-scanners.csv";
    w.items_search_key = "IP";
    w.columns = {"IP", "Name", "Owner"};
    w.labels = {"perimeter"};
    return w;
}

model::watchlist_item row(std::string ip, std::string name, std::string owner = "secops") {
    model::watchlist_item i;
    i.values = {{"IP", std::move(ip)}, {"Name", std::move(name)}, {"Owner", std::move(owner)}};
    return i;
}

std::vector<model::watchlist_item> three_rows() {
    return {row("198.51.100.23", "Scanner A"), row("203.0.113.7", "Scanner B"),
            row("Scan-Host.Contoso.com", "Scanner C")};
}

std::vector<std::string> keys_of(const std::vector<model::watchlist_item>& items) {
    std::vector<std::string> out;
    for (const auto& i : items)
        out.push_back(i.values["IP"].get<std::string>());
    return out;
}

TEST_P(watchlist_conformance, a_watchlist_is_created_with_its_items) {
    auto& lists = s().watchlists();
    const auto created = lists.put_watchlist(ws(), scanners(), three_rows(), as_user("Ada"));
    EXPECT_TRUE(created.created);
    const auto& w = created.value;
    EXPECT_EQ(w.alias, "known-scanners");
    EXPECT_FALSE(w.watchlist_id.empty());
    EXPECT_FALSE(w.etag.empty());
    EXPECT_EQ(w.items_count, 3);
    EXPECT_EQ(w.created, clock_.now());
    EXPECT_EQ(w.created_by.name, "Ada");
    EXPECT_EQ(w.updated_by.name, "Ada");

    const auto found = lists.find_watchlist(ws(), "KNOWN-SCANNERS");  // aliases ignore case
    ASSERT_TRUE(found);
    EXPECT_EQ(found->watchlist_id, w.watchlist_id);
    EXPECT_EQ(found->display_name, "Known scanners");
    EXPECT_EQ(found->provider, "SecOps");
    EXPECT_EQ(found->source, "known-scanners.csv");
    EXPECT_EQ(found->columns, (std::vector<std::string>{"IP", "Name", "Owner"}));
    EXPECT_EQ(found->labels, (std::vector<std::string>{"perimeter"}));
    EXPECT_EQ(found->items_count, 3);
    EXPECT_EQ(found->etag, w.etag);

    const auto items = lists.list_watchlist_items(ws(), "known-scanners", {});
    EXPECT_THAT(keys_of(items.items),
                ElementsAre("198.51.100.23", "203.0.113.7", "Scan-Host.Contoso.com"));
    EXPECT_TRUE(items.next_token.empty());
    for (const auto& i : items.items) {
        EXPECT_FALSE(i.id.empty());
        EXPECT_FALSE(i.etag.empty());
        EXPECT_EQ(i.created_by.name, "Ada");
    }
    EXPECT_FALSE(lists.find_watchlist(other_ws(), "known-scanners"));
}

TEST_P(watchlist_conformance, keys_are_found_ignoring_case_each_item_once) {
    auto& lists = s().watchlists();
    lists.put_watchlist(ws(), scanners(), three_rows(), as_user());
    const auto found = lists.find_watchlist_items_by_key(
        ws(), "known-scanners",
        {"scan-host.contoso.COM", "10.9.9.9", "198.51.100.23", "SCAN-HOST.CONTOSO.COM"});
    EXPECT_THAT(keys_of(found), ElementsAre("Scan-Host.Contoso.com", "198.51.100.23"));
    EXPECT_THAT(lists.find_watchlist_items_by_key(ws(), "known-scanners", {}), IsEmpty());
    expect_error([&] { lists.find_watchlist_items_by_key(ws(), "nope", {"1.2.3.4"}); },
                 errc::not_found, "Watchlist nope doesn't exist.");
    expect_error([&] { lists.find_watchlist_items_by_key(other_ws(), "known-scanners", {"x"}); },
                 errc::not_found, "Watchlist known-scanners doesn't exist.");
}

TEST_P(watchlist_conformance, a_replace_swaps_every_item_and_keeps_the_identity) {
    auto& lists = s().watchlists();
    const auto first = lists.put_watchlist(ws(), scanners(), three_rows(), as_user("Ada")).value;
    clock_.advance(std::chrono::minutes(5));
    auto changed = scanners();
    changed.display_name = "Scanners (Q3)";
    const auto second =
        lists.put_watchlist(ws(), changed, {row("192.0.2.10", "Scanner D")}, if_match(first.etag));
    EXPECT_FALSE(second.created);
    EXPECT_EQ(second.value.watchlist_id, first.watchlist_id);
    EXPECT_EQ(second.value.created, first.created);
    EXPECT_EQ(second.value.created_by.name, "Ada");
    EXPECT_EQ(second.value.updated, clock_.now());
    EXPECT_EQ(second.value.updated_by.name, "Ada Analyst");
    EXPECT_NE(second.value.etag, first.etag);
    EXPECT_EQ(second.value.items_count, 1);
    EXPECT_THAT(keys_of(lists.list_watchlist_items(ws(), "known-scanners", {}).items),
                ElementsAre("192.0.2.10"));
    EXPECT_THAT(lists.find_watchlist_items_by_key(ws(), "known-scanners", {"198.51.100.23"}),
                IsEmpty());

    // A stale etag writes nothing.
    expect_error([&] { lists.put_watchlist(ws(), scanners(), three_rows(), if_match(first.etag)); },
                 errc::conflict,
                 "Newer version of resource known-scanners exists. Data was not saved");
    EXPECT_EQ(lists.find_watchlist(ws(), "known-scanners")->display_name, "Scanners (Q3)");
}

TEST_P(watchlist_conformance, a_failed_replace_leaves_the_old_watchlist_whole) {
    auto& lists = s().watchlists();
    const auto before = lists.put_watchlist(ws(), scanners(), three_rows(), as_user()).value;
    auto bad = three_rows();
    bad.push_back(row("203.0.113.7", "Duplicate"));
    expect_error([&] { lists.put_watchlist(ws(), scanners(), bad, as_user()); },
                 errc::invalid_argument,
                 "Items 2 and 4 have the same IP 203.0.113.7; keys must be unique (ignoring "
                 "case).");
    const auto after = lists.find_watchlist(ws(), "known-scanners");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->etag, before.etag);
    EXPECT_EQ(after->items_count, 3);
}

TEST_P(watchlist_conformance, watchlists_are_checked_before_anything_is_written) {
    auto& lists = s().watchlists();
    auto no_key = scanners();
    no_key.items_search_key = "Address";
    expect_field_error([&] { lists.put_watchlist(ws(), no_key, {}, as_user()); },
                       errc::invalid_argument, "itemsSearchKey");
    auto unnamed = scanners();
    unnamed.display_name = " ";
    expect_field_error([&] { lists.put_watchlist(ws(), unnamed, {}, as_user()); },
                       errc::missing_field, "displayName");
    auto no_provider = scanners();
    no_provider.provider.clear();
    expect_field_error([&] { lists.put_watchlist(ws(), no_provider, {}, as_user()); },
                       errc::missing_field, "provider");
    expect_field_error([&] { lists.put_watchlist(ws(), scanners("x"), {}, as_user()); },
                       errc::invalid_argument, "watchlistAlias");
    expect_field_error(
        [&] { lists.put_watchlist(ws(), scanners(), {row("  ", "blank key")}, as_user()); },
        errc::invalid_argument, "itemsKeyValue.IP");
    model::watchlist_item stray;
    stray.values = {{"IP", "10.0.0.1"}, {"Colour", "red"}};
    expect_field_error([&] { lists.put_watchlist(ws(), scanners(), {stray}, as_user()); },
                       errc::invalid_argument, "itemsKeyValue.Colour");
    auto wide = scanners();
    wide.columns.clear();
    for (std::size_t i = 0; i <= model::max_watchlist_columns; ++i)
        wide.columns.push_back("c" + std::to_string(i));
    wide.columns[0] = "IP";
    expect_field_error([&] { lists.put_watchlist(ws(), wide, {}, as_user()); },
                       errc::limit_exceeded, "columns");
    std::vector<model::watchlist_item> too_many(model::max_watchlist_items + 1);
    expect_field_error([&] { lists.put_watchlist(ws(), scanners(), too_many, as_user()); },
                       errc::limit_exceeded, "items");
    EXPECT_FALSE(lists.find_watchlist(ws(), "known-scanners"));
}

TEST_P(watchlist_conformance, lists_page_by_alias) {
    auto& lists = s().watchlists();
    for (const auto* alias : {"charlie", "Alpha", "bravo"})
        lists.put_watchlist(ws(), scanners(alias), {}, as_user());
    lists.put_watchlist(other_ws(), scanners("delta"), {}, as_user());
    const auto first = lists.list_watchlists(ws(), {.top = 2});
    ASSERT_EQ(first.items.size(), 2u);
    EXPECT_EQ(first.items[0].alias, "Alpha");
    EXPECT_EQ(first.items[1].alias, "bravo");
    ASSERT_FALSE(first.next_token.empty());
    const auto second = lists.list_watchlists(ws(), {.top = 2, .skip_token = first.next_token});
    ASSERT_EQ(second.items.size(), 1u);
    EXPECT_EQ(second.items[0].alias, "charlie");
    EXPECT_TRUE(second.next_token.empty());
    EXPECT_THAT(lists.list_watchlists(model::workspace_ref{"s", "r", "never"}, {}).items,
                IsEmpty());
    expect_error([&] { lists.list_watchlists(ws(), {.top = 2, .skip_token = "garbage"}); },
                 errc::invalid_argument, store::errors::bad_skip_token().what());
}

TEST_P(watchlist_conformance, items_page_in_load_order) {
    auto& lists = s().watchlists();
    lists.put_watchlist(ws(), scanners(), three_rows(), as_user());
    const auto first = lists.list_watchlist_items(ws(), "known-scanners", {.top = 2});
    EXPECT_THAT(keys_of(first.items), ElementsAre("198.51.100.23", "203.0.113.7"));
    ASSERT_FALSE(first.next_token.empty());
    const auto second = lists.list_watchlist_items(ws(), "known-scanners",
                                                   {.top = 2, .skip_token = first.next_token});
    EXPECT_THAT(keys_of(second.items), ElementsAre("Scan-Host.Contoso.com"));
    EXPECT_TRUE(second.next_token.empty());
    expect_error([&] { lists.list_watchlist_items(ws(), "absent", {}); }, errc::not_found,
                 "Watchlist absent doesn't exist.");
}

TEST_P(watchlist_conformance, items_are_written_one_by_one_with_etags) {
    auto& lists = s().watchlists();
    lists.put_watchlist(ws(), scanners(), three_rows(), as_user());
    auto added = row("192.0.2.44", "Scanner E");
    added.id = "item-e";
    added.values.erase("Owner");  // absent columns are stored empty
    const auto created = lists.put_watchlist_item(ws(), "known-scanners", added, as_user("Bo"));
    EXPECT_TRUE(created.created);
    EXPECT_EQ(created.value.values["Owner"], "");
    EXPECT_EQ(created.value.created_by.name, "Bo");
    EXPECT_EQ(lists.find_watchlist(ws(), "known-scanners")->items_count, 4);

    // Unchanged: no write.
    auto same = lists.put_watchlist_item(ws(), "known-scanners", added, as_user());
    EXPECT_FALSE(same.created);
    EXPECT_EQ(same.value.etag, created.value.etag);

    clock_.advance(std::chrono::minutes(1));
    auto renamed = added;
    renamed.values["Name"] = "Scanner E (retired)";
    const auto updated =
        lists.put_watchlist_item(ws(), "known-scanners", renamed, if_match(created.value.etag));
    EXPECT_FALSE(updated.created);
    EXPECT_NE(updated.value.etag, created.value.etag);
    EXPECT_EQ(updated.value.updated, clock_.now());
    EXPECT_EQ(lists.find_watchlist_item(ws(), "known-scanners", "ITEM-E")->values["Name"],
              "Scanner E (retired)");
    expect_error(
        [&] {
            lists.put_watchlist_item(ws(), "known-scanners", added, if_match(created.value.etag));
        },
        errc::conflict, "Newer version of resource item-e exists. Data was not saved");

    // A key another item holds, in any case.
    auto clash = row("SCAN-HOST.contoso.com", "Clash");
    clash.id = "item-f";
    const auto holder =
        lists.find_watchlist_items_by_key(ws(), "known-scanners", {"scan-host.contoso.com"});
    ASSERT_EQ(holder.size(), 1u);
    expect_error([&] { lists.put_watchlist_item(ws(), "known-scanners", clash, as_user()); },
                 errc::conflict,
                 "Item " + holder[0].id +
                     " of watchlist known-scanners already has the IP SCAN-HOST.contoso.com.");
    expect_error([&] { lists.put_watchlist_item(ws(), "absent", clash, as_user()); },
                 errc::not_found, "Watchlist absent doesn't exist.");

    expect_error(
        [&] {
            lists.delete_watchlist_item(ws(), "known-scanners", "item-e",
                                        if_match(created.value.etag));
        },
        errc::conflict, "Newer version of resource item-e exists. Data was not saved");
    EXPECT_TRUE(lists.delete_watchlist_item(ws(), "known-scanners", "item-e",
                                            if_match(updated.value.etag)));
    EXPECT_FALSE(lists.delete_watchlist_item(ws(), "known-scanners", "item-e", as_user()));
    EXPECT_FALSE(lists.find_watchlist_item(ws(), "known-scanners", "item-e"));
    EXPECT_EQ(lists.find_watchlist(ws(), "known-scanners")->items_count, 3);
}

TEST_P(watchlist_conformance, deleting_a_watchlist_deletes_its_items) {
    auto& lists = s().watchlists();
    const auto w = lists.put_watchlist(ws(), scanners(), three_rows(), as_user()).value;
    expect_error([&] { lists.delete_watchlist(ws(), "known-scanners", if_match("stale")); },
                 errc::conflict,
                 "Newer version of resource known-scanners exists. Data was not saved");
    EXPECT_TRUE(lists.delete_watchlist(ws(), "Known-Scanners", if_match(w.etag)));
    EXPECT_FALSE(lists.delete_watchlist(ws(), "known-scanners", as_user()));
    EXPECT_FALSE(lists.find_watchlist(ws(), "known-scanners"));
    // A new watchlist of the same alias starts empty, with a new id.
    const auto again = lists.put_watchlist(ws(), scanners(), {}, as_user()).value;
    EXPECT_NE(again.watchlist_id, w.watchlist_id);
    EXPECT_THAT(lists.list_watchlist_items(ws(), "known-scanners", {}).items, IsEmpty());
}

TEST_P(watchlist_conformance, writes_are_in_the_activity_log) {
    auto& lists = s().watchlists();
    lists.put_watchlist(ws(), scanners(), three_rows(), as_user("Ada"));
    auto changed = scanners();
    changed.description = "Perimeter scanners we run";
    lists.put_watchlist(ws(), changed, {row("192.0.2.10", "Scanner D")}, as_user("Bo"));
    auto item = row("192.0.2.11", "Scanner E");
    item.id = "item-e";
    lists.put_watchlist_item(ws(), "known-scanners", item, as_user("Cy"));
    lists.delete_watchlist_item(ws(), "known-scanners", "item-e", as_user("Cy"));
    lists.delete_watchlist(ws(), "known-scanners", as_user("Di"));

    std::vector<std::string> actions;
    std::vector<std::string> actors;
    const auto log = s().activity_of_incident(ws(), "");
    for (const auto& e : log) {
        actions.push_back(e.action);
        actors.push_back(e.actor.name);
        EXPECT_EQ(e.detail["watchlistAlias"], "known-scanners") << e.action;
    }
    EXPECT_THAT(actions,
                ElementsAre("watchlist.created", "watchlist.updated", "watchlistItem.created",
                            "watchlistItem.deleted", "watchlist.deleted"));
    EXPECT_THAT(actors, ElementsAre("Ada", "Bo", "Cy", "Cy", "Di"));
    ASSERT_EQ(log.size(), 5u);
    EXPECT_EQ(log[0].detail["itemsCount"], 3);
    EXPECT_EQ(log[1].detail["itemsCount"], 1);
    EXPECT_EQ(log[1].detail["previousItemsCount"], 3);
    ASSERT_EQ(log[1].changes.size(), 1u);
    EXPECT_EQ(log[1].changes[0].field, "description");
    EXPECT_EQ(log[1].changes[0].after, "Perimeter scanners we run");
    EXPECT_EQ(log[2].detail["watchlistItemId"], "item-e");
    EXPECT_EQ(log[2].changes[0].after["IP"], "192.0.2.11");
    EXPECT_EQ(log[4].detail["itemsCount"], 1);
}

TEST_P(watchlist_conformance, a_full_watchlist_takes_no_more_items) {
    auto& lists = s().watchlists();
    std::vector<model::watchlist_item> items;
    items.reserve(model::max_watchlist_items);
    for (std::size_t i = 0; i < model::max_watchlist_items; ++i)
        items.push_back(row("10." + std::to_string(i / 65536) + "." +
                                std::to_string(i / 256 % 256) + "." + std::to_string(i % 256),
                            "host " + std::to_string(i)));
    const auto full = lists.put_watchlist(ws(), scanners(), std::move(items), as_user()).value;
    EXPECT_EQ(full.items_count, static_cast<std::int64_t>(model::max_watchlist_items));
    auto extra = row("192.0.2.1", "one too many");
    extra.id = "extra-item";
    expect_error([&] { lists.put_watchlist_item(ws(), "known-scanners", extra, as_user()); },
                 errc::limit_exceeded,
                 "Watchlist known-scanners already holds 100000 items, the most a watchlist may "
                 "hold.");
    // The last row is found by key like the first.
    EXPECT_EQ(lists.find_watchlist_items_by_key(ws(), "known-scanners", {"10.1.134.159"}).size(),
              1u);
    // Replacing an existing item stays possible.
    auto first = lists.list_watchlist_items(ws(), "known-scanners", {.top = 1}).items.at(0);
    first.values["Name"] = "renamed";
    EXPECT_FALSE(lists.put_watchlist_item(ws(), "known-scanners", first, as_user()).created);
}

TEST_P(watchlist_conformance, a_replace_survives_a_reopen) {
    s().watchlists().put_watchlist(ws(), scanners(), three_rows(), as_user());
    reopen();
    EXPECT_EQ(s().watchlists().find_watchlist(ws(), "known-scanners")->items_count, 3);
    EXPECT_EQ(s().watchlists()
                  .find_watchlist_items_by_key(ws(), "known-scanners", {"203.0.113.7"})
                  .size(),
              1u);
}

}  // namespace
}  // namespace tocsin::test
