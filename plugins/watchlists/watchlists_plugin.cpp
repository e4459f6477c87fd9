// Built-in plugin `watchlists`: reads of the workspace's watchlists (engine/store/
// watchlist_store.hpp) for playbooks: one item by key, which of several values a watchlist
// holds, and its items. Keys compare ignoring case. Writing watchlists is the API's and the
// CLI's business, not a playbook's.
#include <unordered_set>

#include "engine/store/watchlist_store.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;

// How many values one contains call checks, and items one items call returns.
constexpr std::size_t max_contains_values = 1000;
constexpr std::size_t max_items_returned = store::max_page_size;

model::watchlist require_watchlist(store::watchlist_store& lists, const model::workspace_ref& ws,
                                   const std::string& alias) {
    auto found = lists.find_watchlist(ws, alias);
    if (!found)
        throw error(errc::not_found, "watchlist '" + alias + "' was not found", "watchlist");
    return std::move(*found);
}

// A not_found from the store while reading items means the watchlist went away meanwhile.
template <typename Fn>
auto reading_items(const std::string& alias, Fn fn) {
    try {
        return fn();
    } catch (const error& e) {
        if (e.code() == errc::not_found)
            throw error(errc::not_found, "watchlist '" + alias + "' was not found", "watchlist");
        throw;
    }
}

json lookup(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto alias = text(call.input, "watchlist");
    const auto key = text(call.input, "key");
    auto& lists = svc.store.watchlists();
    require_watchlist(lists, ws, alias);
    auto found =
        reading_items(alias, [&] { return lists.find_watchlist_items_by_key(ws, alias, {key}); });
    if (found.empty())
        throw error(errc::not_found, "'" + key + "' is not in watchlist '" + alias + "'", "key");
    return std::move(found.front().values);
}

std::vector<std::string> values_of(const json& input) {
    const auto it = input.find("values");
    // An empty Lua table arrives as an empty object: no values.
    if (it->is_object() && it->empty())
        return {};
    if (!it->is_array())
        throw error(errc::invalid_argument, "'values' must be a list of strings", "values");
    if (it->size() > max_contains_values)
        throw error(errc::invalid_argument,
                    "'values' holds at most " + std::to_string(max_contains_values) + " values",
                    "values");
    std::vector<std::string> out;
    for (const auto& v : *it) {
        if (!v.is_string())
            throw error(errc::invalid_argument, "'values' must be a list of strings", "values");
        out.push_back(v.get<std::string>());
    }
    return out;
}

json contains(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto alias = text(call.input, "watchlist");
    const auto values = values_of(call.input);
    auto& lists = svc.store.watchlists();
    const auto list = require_watchlist(lists, ws, alias);
    const auto items =
        reading_items(alias, [&] { return lists.find_watchlist_items_by_key(ws, alias, values); });
    std::unordered_set<std::string> present;
    for (const auto& item : items)
        present.insert(model::watchlist_key(model::watchlist_item_key(list, item.values)));
    json found = json::array();
    json missing = json::array();
    for (const auto& v : values)
        (present.contains(model::watchlist_key(v)) ? found : missing).push_back(v);
    const bool all = !values.empty() && missing.empty();
    return {{"all", all}, {"found", std::move(found)}, {"missing", std::move(missing)}};
}

json items(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto alias = text(call.input, "watchlist");
    const auto limit = call.input.value("limit", static_cast<std::int64_t>(max_items_returned));
    if (limit < 1 || limit > static_cast<std::int64_t>(max_items_returned))
        throw error(errc::invalid_argument,
                    "'limit' must be from 1 to " + std::to_string(max_items_returned), "limit");
    auto& lists = svc.store.watchlists();
    store::watchlist_page_query query;
    query.top = static_cast<std::size_t>(limit);
    const auto page =
        reading_items(alias, [&] { return lists.list_watchlist_items(ws, alias, query); });
    json out = json::array();
    for (const auto& item : page.items)
        out.push_back(item.values);
    return out;
}

json example_row() {
    return {{"IP", "198.51.100.23"},
            {"Name", "Contoso external scanner"},
            {"Owner", "secops@contoso.com"},
            {"Notes", "Weekly perimeter scan"}};
}

plugin::field watchlist_field() {
    return string_field("watchlist", true, "the watchlist's alias", 63);
}

plugin::action_descriptor read_action(std::string name, std::string description) {
    plugin::action_descriptor a;
    a.name = std::move(name);
    a.description = std::move(description);
    a.side_effects = false;
    a.idempotent = true;
    a.errors = {errc::not_found, errc::invalid_argument, errc::unavailable};
    a.retry = {3, std::chrono::milliseconds(100), std::chrono::seconds(2)};
    return a;
}

}  // namespace

plugin::plugin_descriptor register_watchlists() {
    plugin::plugin_descriptor p{"watchlists", "1.0.0", "Lookups in the workspace's watchlists", {}};

    auto a = read_action("watchlists.lookup",
                         "The item whose key column equals `key` (ignoring case), as "
                         "{column = value, …}; nil, not_found when the watchlist or the item "
                         "does not exist (the message says which).");
    a.input.fields = {
        watchlist_field(),
        string_field("key", true, "the value of the key column to find",
                     model::max_watchlist_value_bytes),
        workspace_field(),
    };
    a.output_example = example_row();
    a.run = plugin::blocking_handler(lookup);
    p.actions.push_back(std::move(a));

    a = read_action("watchlists.contains",
                    "Which of `values` are keys of the watchlist (ignoring case): {all, found, "
                    "missing}, found and missing in the order given; all is false for no "
                    "values. nil, not_found when the watchlist does not exist.");
    plugin::field values = make_field("values", plugin::value_type::any, true,
                                      "the values to look for: a list of up to 1000 strings");
    a.input.fields = {watchlist_field(), std::move(values), workspace_field()};
    a.output_example = {
        {"all", false}, {"found", {"198.51.100.23"}}, {"missing", {"203.0.113.99"}}};
    a.run = plugin::blocking_handler(contains);
    p.actions.push_back(std::move(a));

    a = read_action("watchlists.items",
                    "The watchlist's items in load order, each {column = value, …}: at most "
                    "`limit` (1 to 1000, default 1000). Use lookup or contains for larger lists.");
    plugin::field limit =
        make_field("limit", plugin::value_type::integer, false, "how many items at most (1..1000)");
    limit.default_value = static_cast<std::int64_t>(max_items_returned);
    a.input.fields = {watchlist_field(), std::move(limit), workspace_field()};
    a.output_example = json::array({example_row()});
    a.run = plugin::blocking_handler(items);
    p.actions.push_back(std::move(a));
    return p;
}

}  // namespace tocsin::plugins
