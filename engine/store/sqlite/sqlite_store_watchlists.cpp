// sqlite_store: watchlists and their items (watchlist_store). A watchlist replace deletes the old
// items and inserts the new ones in the same transaction as the watchlist row, so readers see the
// old list or the new one, never a mix. Item keys are unique per watchlist ignoring case; the
// unique index on (watchlist_id, lower(key)) enforces it and serves lookups.

#include <unordered_map>

#include "engine/core/uuid.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/page_token.hpp"
#include "engine/store/sqlite/rows.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

namespace {

using nlohmann::json;

constexpr std::string_view select_watchlist =
    "SELECT w.id, w.alias, w.watchlist_id, w.display_name, w.provider, w.source, w.description, "
    "w.items_search_key, w.column_names, w.labels, w.lines_to_skip, w.content_type, "
    "w.created_by_type, w.created_by_id, w.created_by_name, w.updated_by_type, w.updated_by_id, "
    "w.updated_by_name, w.created_ms, w.updated_ms, w.etag, "
    "(SELECT COUNT(*) FROM watchlist_items i WHERE i.watchlist_id = w.id) FROM watchlists w ";
const std::string find_watchlist_sql =
    std::string(select_watchlist) + "WHERE w.workspace_id = ? AND w.alias = ?";
const std::string list_watchlists_sql = std::string(select_watchlist) +
                                        "WHERE w.workspace_id = ? AND w.alias > ? "
                                        "ORDER BY w.alias LIMIT ?";
constexpr std::string_view insert_watchlist_sql =
    "INSERT INTO watchlists (workspace_id, alias, watchlist_id, display_name, provider, source, "
    "description, items_search_key, column_names, labels, lines_to_skip, content_type, "
    "created_by_type, created_by_id, created_by_name, updated_by_type, updated_by_id, "
    "updated_by_name, created_ms, updated_ms, etag) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view update_watchlist_sql =
    "UPDATE watchlists SET display_name = ?, provider = ?, source = ?, description = ?, "
    "items_search_key = ?, column_names = ?, labels = ?, lines_to_skip = ?, content_type = ?, "
    "updated_by_type = ?, updated_by_id = ?, updated_by_name = ?, updated_ms = ?, etag = ? "
    "WHERE id = ?";
constexpr std::string_view delete_watchlist_sql = "DELETE FROM watchlists WHERE id = ?";
constexpr std::string_view delete_items_sql = "DELETE FROM watchlist_items WHERE watchlist_id = ?";

constexpr std::string_view select_item =
    "SELECT i.id, i.item_id, i.item_values, i.created_by_type, i.created_by_id, "
    "i.created_by_name, i.updated_by_type, i.updated_by_id, i.updated_by_name, i.created_ms, "
    "i.updated_ms, i.etag FROM watchlist_items i ";
const std::string list_items_sql =
    std::string(select_item) + "WHERE i.watchlist_id = ? AND i.id > ? ORDER BY i.id LIMIT ?";
const std::string find_item_sql =
    std::string(select_item) + "WHERE i.watchlist_id = ? AND i.item_id = ?";
const std::string find_item_by_key_sql =
    std::string(select_item) + "WHERE i.watchlist_id = ? AND lower(i.key) = ?";
constexpr std::string_view insert_item_sql =
    "INSERT INTO watchlist_items (watchlist_id, item_id, key, item_values, created_by_type, "
    "created_by_id, created_by_name, updated_by_type, updated_by_id, updated_by_name, "
    "created_ms, updated_ms, etag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view update_item_sql =
    "UPDATE watchlist_items SET key = ?, item_values = ?, updated_by_type = ?, updated_by_id = ?, "
    "updated_by_name = ?, updated_ms = ?, etag = ? WHERE id = ?";
constexpr std::string_view delete_item_sql = "DELETE FROM watchlist_items WHERE id = ?";

struct watchlist_row {
    std::int64_t id = 0;
    model::watchlist value;
};

struct item_row {
    std::int64_t id = 0;
    model::watchlist_item value;
};

std::vector<std::string> strings_of(const std::string& text, std::string_view column) {
    const auto parsed = sqlite::parse_stored_json(text, column);
    std::vector<std::string> out;
    for (const auto& v : parsed)
        if (v.is_string())
            out.push_back(v.get<std::string>());
    return out;
}

watchlist_row read_watchlist(const sqlite::statement& st) {
    watchlist_row row;
    row.id = st.int64(0);
    auto& w = row.value;
    w.alias = st.text(1);
    w.watchlist_id = st.text(2);
    w.display_name = st.text(3);
    w.provider = st.text(4);
    w.source = st.text(5);
    w.description = st.text(6);
    w.items_search_key = st.text(7);
    w.columns = strings_of(st.text(8), "watchlists.column_names");
    w.labels = strings_of(st.text(9), "watchlists.labels");
    w.number_of_lines_to_skip = st.int64(10);
    w.content_type = st.text(11);
    w.created_by = {sqlite::principal_kind_of(st.text(12)), st.text(13), st.text(14)};
    w.updated_by = {sqlite::principal_kind_of(st.text(15)), st.text(16), st.text(17)};
    w.created = st.time(18);
    w.updated = st.time(19);
    w.etag = st.text(20);
    w.items_count = st.int64(21);
    return row;
}

item_row read_item(const sqlite::statement& st) {
    item_row row;
    row.id = st.int64(0);
    auto& i = row.value;
    i.id = st.text(1);
    i.values = sqlite::parse_stored_json(st.text(2), "watchlist_items.item_values");
    i.created_by = {sqlite::principal_kind_of(st.text(3)), st.text(4), st.text(5)};
    i.updated_by = {sqlite::principal_kind_of(st.text(6)), st.text(7), st.text(8)};
    i.created = st.time(9);
    i.updated = st.time(10);
    i.etag = st.text(11);
    return row;
}

std::optional<watchlist_row> find_watchlist_row(sqlite::connection& db, std::int64_t ws_id,
                                                const std::string& alias) {
    auto st = db.cached(find_watchlist_sql);
    st->bind_all(ws_id, alias);
    if (!st->step())
        return std::nullopt;
    return read_watchlist(*st);
}

error watchlist_not_found(std::string_view alias) {
    return error(errc::not_found, "Watchlist " + std::string(alias) + " doesn't exist.");
}

watchlist_row require_watchlist(sqlite::connection& db, std::optional<std::int64_t> ws_id,
                                const std::string& alias) {
    auto row = ws_id ? find_watchlist_row(db, *ws_id, alias) : std::nullopt;
    if (!row)
        throw watchlist_not_found(alias);
    return std::move(*row);
}

std::optional<item_row> find_item_row(sqlite::connection& db, std::int64_t list_id,
                                      const std::string& item_id) {
    auto st = db.cached(find_item_sql);
    st->bind_all(list_id, item_id);
    if (!st->step())
        return std::nullopt;
    return read_item(*st);
}

std::optional<item_row> find_item_by_key(sqlite::connection& db, std::int64_t list_id,
                                         const std::string& key) {
    auto st = db.cached(find_item_by_key_sql);
    st->bind_all(list_id, model::watchlist_key(key));
    if (!st->step())
        return std::nullopt;
    return read_item(*st);
}

json strings_json(const std::vector<std::string>& values) {
    return json(values);
}

void insert_item(sqlite::write_scope& w, std::int64_t list_id, const model::watchlist& list,
                 model::watchlist_item& item) {
    const auto& actor = w.ctx.actor;
    if (item.id.empty())
        item.id = new_time_ordered_uuid();
    item.created_by = item.updated_by = actor;
    item.created = item.updated = w.now;
    item.etag = new_uuid();
    auto st = w.db.cached(insert_item_sql);
    st->bind_all(list_id, item.id, model::watchlist_item_key(list, item.values),
                 sqlite::to_column(item.values), sqlite::to_text(actor.type), actor.id, actor.name,
                 sqlite::to_text(actor.type), actor.id, actor.name, w.now, w.now, item.etag);
    st->run();
}

// The writable fields and their API names, for the activity entry of a replace.
std::vector<model::field_change> metadata_changes(const model::watchlist& before,
                                                  const model::watchlist& after) {
    std::vector<model::field_change> out;
    auto compare = [&out](std::string field, json a, json b) {
        if (a != b)
            out.push_back({std::move(field), std::move(a), std::move(b)});
    };
    compare("displayName", before.display_name, after.display_name);
    compare("provider", before.provider, after.provider);
    compare("source", before.source, after.source);
    compare("description", before.description, after.description);
    compare("itemsSearchKey", before.items_search_key, after.items_search_key);
    compare("columns", before.columns, after.columns);
    compare("labels", before.labels, after.labels);
    compare("numberOfLinesToSkip", before.number_of_lines_to_skip, after.number_of_lines_to_skip);
    return out;
}

void check_length(const std::string& value, std::string_view field) {
    if (value.size() > model::max_watchlist_text_bytes)
        throw error(errc::invalid_argument,
                    std::string(field) + " is longer than " +
                        std::to_string(model::max_watchlist_text_bytes) + " bytes.",
                    std::string(field));
}

void require_text(const std::string& value, std::string_view field) {
    if (model::trim(value).empty())
        throw error(errc::missing_field, std::string(field) + " is required.", std::string(field));
    check_length(value, field);
}

// Normalises the items of a put_watchlist and checks their keys are unique.
void prepare_items(const model::watchlist& list, std::vector<model::watchlist_item>& items) {
    if (items.size() > model::max_watchlist_items)
        throw error(errc::limit_exceeded,
                    "A watchlist holds at most " + std::to_string(model::max_watchlist_items) +
                        " items; " + std::to_string(items.size()) + " were given.",
                    "items");
    std::unordered_map<std::string, std::size_t> index_of_key;
    for (std::size_t i = 0; i < items.size(); ++i) {
        items[i].values = model::normalize_watchlist_values(list, items[i].values);
        const auto key = model::watchlist_item_key(list, items[i].values);
        const auto [it, fresh] = index_of_key.emplace(model::watchlist_key(key), i);
        if (!fresh)
            throw error(errc::invalid_argument,
                        "Items " + std::to_string(it->second + 1) + " and " +
                            std::to_string(i + 1) + " have the same " + list.items_search_key +
                            " " + key + "; keys must be unique (ignoring case).",
                        "items");
    }
}

json watchlist_detail(const model::watchlist& list, std::size_t items) {
    return {{"watchlistAlias", list.alias}, {"itemsCount", items}};
}

json item_detail(const std::string& alias, const std::string& item_id) {
    return {{"watchlistAlias", alias}, {"watchlistItemId", item_id}};
}

std::int64_t after_of(const std::string& skip_token, std::string_view kind) {
    if (skip_token.empty())
        return 0;
    const auto state = decode_page_token(skip_token);
    const auto k = state.find("k");
    const auto i = state.find("i");
    if (k == state.end() || *k != kind || i == state.end() || !i->is_number_integer())
        throw errors::bad_skip_token();
    return i->get<std::int64_t>();
}

}  // namespace

upsert_result<model::watchlist> sqlite_store::put_watchlist(
    const workspace_ref& ws, model::watchlist value, std::vector<model::watchlist_item> items,
    const write_context& ctx) {
    model::validate_child_name(value.alias, "watchlistAlias");
    require_text(value.display_name, "displayName");
    require_text(value.provider, "provider");
    check_length(value.source, "source");
    check_length(value.description, "description");
    if (value.labels.size() > model::max_watchlist_labels)
        throw error(
            errc::limit_exceeded,
            "A watchlist has at most " + std::to_string(model::max_watchlist_labels) + " labels.",
            "labels");
    model::check_watchlist_columns(value);
    prepare_items(value, items);
    upsert_result<model::watchlist> out;
    write(ws, ctx, workspace_mode::create, [&](sqlite::write_scope& w) {
        auto current = find_watchlist_row(w.db, *w.workspace_id, value.alias);
        check_if_match(ctx.if_match, current ? &current->value.etag : nullptr, value.alias);
        value.updated_by = ctx.actor;
        value.updated = w.now;
        value.etag = new_uuid();
        std::int64_t list_id = 0;
        if (current) {
            list_id = current->id;
            const auto& before = current->value;
            value.alias = before.alias;
            value.watchlist_id = before.watchlist_id;
            value.created_by = before.created_by;
            value.created = before.created;
            auto st = w.db.cached(update_watchlist_sql);
            st->bind_all(value.display_name, value.provider, value.source, value.description,
                         value.items_search_key, sqlite::to_column(strings_json(value.columns)),
                         sqlite::to_column(strings_json(value.labels)),
                         value.number_of_lines_to_skip, value.content_type,
                         sqlite::to_text(ctx.actor.type), ctx.actor.id, ctx.actor.name, w.now,
                         value.etag, list_id);
            st->run();
            auto del = w.db.cached(delete_items_sql);
            del->bind_all(list_id);
            del->run();
            auto detail = watchlist_detail(value, items.size());
            detail["previousItemsCount"] = before.items_count;
            w.record({}, "watchlist.updated", metadata_changes(before, value), std::move(detail));
        } else {
            value.watchlist_id = new_time_ordered_uuid();
            value.created_by = ctx.actor;
            value.created = w.now;
            auto st = w.db.cached(insert_watchlist_sql);
            st->bind_all(*w.workspace_id, value.alias, value.watchlist_id, value.display_name,
                         value.provider, value.source, value.description, value.items_search_key,
                         sqlite::to_column(strings_json(value.columns)),
                         sqlite::to_column(strings_json(value.labels)),
                         value.number_of_lines_to_skip, value.content_type,
                         sqlite::to_text(ctx.actor.type), ctx.actor.id, ctx.actor.name,
                         sqlite::to_text(ctx.actor.type), ctx.actor.id, ctx.actor.name, w.now,
                         w.now, value.etag);
            st->run();
            list_id = w.db.last_insert_rowid();
            w.record({}, "watchlist.created", metadata_changes(model::watchlist{}, value),
                     watchlist_detail(value, items.size()));
        }
        for (auto& item : items)
            insert_item(w, list_id, value, item);
        value.items_count = static_cast<std::int64_t>(items.size());
        out = {std::move(value), !current.has_value()};
    });
    return out;
}

std::optional<model::watchlist> sqlite_store::find_watchlist(const workspace_ref& ws,
                                                             const std::string& alias) {
    std::optional<model::watchlist> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        if (auto row = find_watchlist_row(db, *ws_id, alias))
            out = std::move(row->value);
    });
    return out;
}

page<model::watchlist> sqlite_store::list_watchlists(const workspace_ref& ws,
                                                     const watchlist_page_query& query) {
    check_top(query.top);
    std::string after;
    if (!query.skip_token.empty()) {
        const auto state = decode_page_token(query.skip_token);
        const auto a = state.find("a");
        if (a == state.end() || !a->is_string())
            throw errors::bad_skip_token();
        after = a->get<std::string>();
    }
    page<model::watchlist> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto st = db.cached(list_watchlists_sql);
        st->bind_all(*ws_id, after, static_cast<std::int64_t>(query.top + 1));
        while (st->step())
            out.items.push_back(read_watchlist(*st).value);
    });
    if (out.items.size() > query.top) {
        out.items.pop_back();
        out.next_token = encode_page_token({{"a", out.items.back().alias}});
    }
    return out;
}

bool sqlite_store::delete_watchlist(const workspace_ref& ws, const std::string& alias,
                                    const write_context& ctx) {
    bool deleted = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        if (!w.workspace_id)
            return;
        auto current = find_watchlist_row(w.db, *w.workspace_id, alias);
        if (!current)
            return;
        check_if_match(ctx.if_match, &current->value.etag, current->value.alias);
        auto st = w.db.cached(delete_watchlist_sql);
        st->bind_all(current->id);
        st->run();
        w.record(
            {}, "watchlist.deleted", metadata_changes(current->value, model::watchlist{}),
            watchlist_detail(current->value, static_cast<std::size_t>(current->value.items_count)));
        deleted = true;
    });
    return deleted;
}

page<model::watchlist_item> sqlite_store::list_watchlist_items(const workspace_ref& ws,
                                                               const std::string& alias,
                                                               const watchlist_page_query& query) {
    check_top(query.top);
    const auto after = after_of(query.skip_token, "items");
    page<model::watchlist_item> out;
    std::int64_t last_row = 0;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        const auto list = require_watchlist(db, ws_id, alias);
        auto st = db.cached(list_items_sql);
        st->bind_all(list.id, after, static_cast<std::int64_t>(query.top + 1));
        while (st->step()) {
            auto row = read_item(*st);
            if (out.items.size() == query.top) {
                out.next_token = encode_page_token({{"k", "items"}, {"i", last_row}});
                break;
            }
            last_row = row.id;
            out.items.push_back(std::move(row.value));
        }
    });
    return out;
}

std::optional<model::watchlist_item> sqlite_store::find_watchlist_item(const workspace_ref& ws,
                                                                       const std::string& alias,
                                                                       const std::string& item_id) {
    std::optional<model::watchlist_item> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        const auto list = require_watchlist(db, ws_id, alias);
        if (auto row = find_item_row(db, list.id, item_id))
            out = std::move(row->value);
    });
    return out;
}

std::vector<model::watchlist_item> sqlite_store::find_watchlist_items_by_key(
    const workspace_ref& ws, const std::string& alias, const std::vector<std::string>& keys) {
    std::vector<model::watchlist_item> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        const auto list = require_watchlist(db, ws_id, alias);
        std::unordered_map<std::int64_t, bool> seen;
        for (const auto& key : keys) {
            auto row = find_item_by_key(db, list.id, key);
            if (row && seen.emplace(row->id, true).second)
                out.push_back(std::move(row->value));
        }
    });
    return out;
}

upsert_result<model::watchlist_item> sqlite_store::put_watchlist_item(const workspace_ref& ws,
                                                                      const std::string& alias,
                                                                      model::watchlist_item value,
                                                                      const write_context& ctx) {
    if (value.id.empty())
        value.id = new_time_ordered_uuid();
    model::validate_child_name(value.id, "watchlistItemId");
    upsert_result<model::watchlist_item> out;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        const auto list = require_watchlist(w.db, w.workspace_id, alias);
        value.values = model::normalize_watchlist_values(list.value, value.values);
        const auto key = model::watchlist_item_key(list.value, value.values);
        auto current = find_item_row(w.db, list.id, value.id);
        check_if_match(ctx.if_match, current ? &current->value.etag : nullptr, value.id);
        if (auto holder = find_item_by_key(w.db, list.id, key);
            holder && (!current || holder->id != current->id))
            throw error(errc::conflict,
                        "Item " + holder->value.id + " of watchlist " + list.value.alias +
                            " already has the " + list.value.items_search_key + " " + key + ".",
                        "itemsKeyValue." + list.value.items_search_key);
        const auto detail = item_detail(list.value.alias, value.id);
        if (current) {
            auto& item = current->value;
            if (item.values == value.values) {
                out = {std::move(item), false};
                return;
            }
            std::vector<model::field_change> changes{{"itemsKeyValue", item.values, value.values}};
            item.values = std::move(value.values);
            item.updated_by = ctx.actor;
            item.updated = w.now;
            item.etag = new_uuid();
            auto st = w.db.cached(update_item_sql);
            st->bind_all(key, sqlite::to_column(item.values), sqlite::to_text(ctx.actor.type),
                         ctx.actor.id, ctx.actor.name, w.now, item.etag, current->id);
            st->run();
            w.record({}, "watchlistItem.updated", std::move(changes), detail);
            out = {std::move(item), false};
            return;
        }
        if (list.value.items_count >= static_cast<std::int64_t>(model::max_watchlist_items))
            throw error(errc::limit_exceeded, "Watchlist " + list.value.alias + " already holds " +
                                                  std::to_string(model::max_watchlist_items) +
                                                  " items, the most a watchlist may hold.");
        insert_item(w, list.id, list.value, value);
        w.record({}, "watchlistItem.created", {{"itemsKeyValue", nullptr, value.values}}, detail);
        out = {std::move(value), true};
    });
    return out;
}

bool sqlite_store::delete_watchlist_item(const workspace_ref& ws, const std::string& alias,
                                         const std::string& item_id, const write_context& ctx) {
    bool deleted = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        const auto list = require_watchlist(w.db, w.workspace_id, alias);
        auto current = find_item_row(w.db, list.id, item_id);
        if (!current)
            return;
        check_if_match(ctx.if_match, &current->value.etag, current->value.id);
        auto st = w.db.cached(delete_item_sql);
        st->bind_all(current->id);
        st->run();
        w.record({}, "watchlistItem.deleted", {{"itemsKeyValue", current->value.values, nullptr}},
                 item_detail(list.value.alias, current->value.id));
        deleted = true;
    });
    return deleted;
}

}  // namespace tocsin::store
