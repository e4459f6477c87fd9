// sqlite_store: automation rules. The properties JSON is stored as the API validated it; the
// store owns names, etags, times and the activity entries.

#include "engine/core/uuid.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/rows.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

namespace {

#define TOCSIN_SQL_RULE_COLUMNS                                                           \
    "r.id, r.name, r.properties, r.created_by_type, r.created_by_id, r.created_by_name, " \
    "r.last_modified_by_type, r.last_modified_by_id, r.last_modified_by_name, "           \
    "r.created_ms, r.last_modified_ms, r.etag"

constexpr std::string_view find_rule_sql =
    "SELECT " TOCSIN_SQL_RULE_COLUMNS
    " FROM automation_rules r WHERE r.workspace_id = ? AND r.name = ?";
// Execution order, as the rule engine runs them; the name breaks ties deterministically.
constexpr std::string_view list_rules_sql =
    "SELECT " TOCSIN_SQL_RULE_COLUMNS
    " FROM automation_rules r WHERE r.workspace_id = ? "
    "ORDER BY json_extract(r.properties, '$.order'), r.name COLLATE NOCASE";
constexpr std::string_view insert_rule_sql =
    "INSERT INTO automation_rules (workspace_id, name, properties, created_by_type, "
    "created_by_id, created_by_name, last_modified_by_type, last_modified_by_id, "
    "last_modified_by_name, created_ms, last_modified_ms, etag) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view update_rule_sql =
    "UPDATE automation_rules SET properties = ?, last_modified_by_type = ?, "
    "last_modified_by_id = ?, last_modified_by_name = ?, last_modified_ms = ?, etag = ? "
    "WHERE id = ?";
constexpr std::string_view delete_rule_sql = "DELETE FROM automation_rules WHERE id = ?";

#undef TOCSIN_SQL_RULE_COLUMNS

struct rule_row {
    std::int64_t id = 0;
    automation_rule value;
};

rule_row read_rule(const sqlite::statement& st) {
    rule_row row;
    row.id = st.int64(0);
    auto& r = row.value;
    r.name = st.text(1);
    r.properties = sqlite::parse_stored_json(st.text(2), "automation_rules.properties");
    r.created_by = {sqlite::principal_kind_of(st.text(3)), st.text(4), st.text(5)};
    r.last_modified_by = {sqlite::principal_kind_of(st.text(6)), st.text(7), st.text(8)};
    r.created = st.time(9);
    r.last_modified = st.time(10);
    r.etag = st.text(11);
    return row;
}

std::optional<rule_row> find_rule(sqlite::connection& db, std::int64_t ws_id,
                                  const std::string& name) {
    auto st = db.cached(find_rule_sql);
    st->bind_all(ws_id, name);
    if (!st->step())
        return std::nullopt;
    return read_rule(*st);
}

nlohmann::json rule_detail(const std::string& name) {
    return {{"automationRuleName", name}};
}

}  // namespace

upsert_result<automation_rule> sqlite_store::put_automation_rule(const workspace_ref& ws,
                                                                 automation_rule value,
                                                                 const write_context& ctx) {
    if (value.name.empty())
        value.name = new_uuid();
    if (!value.properties.is_object())
        throw error(errc::invalid_argument, "Automation rule properties must be an object.",
                    "properties");
    upsert_result<automation_rule> out;
    write(ws, ctx, workspace_mode::create, [&](sqlite::write_scope& w) {
        auto current = find_rule(w.db, *w.workspace_id, value.name);
        check_if_match(ctx.if_match, current ? &current->value.etag : nullptr, value.name);
        if (current) {
            auto& r = current->value;
            if (r.properties == value.properties) {
                out = {std::move(r), false};
                return;
            }
            std::vector<model::field_change> changes{
                {"properties", r.properties, value.properties}};
            r.properties = std::move(value.properties);
            r.last_modified_by = ctx.actor;
            r.last_modified = w.now;
            r.etag = new_uuid();
            auto st = w.db.cached(update_rule_sql);
            st->bind_all(sqlite::to_column(r.properties), sqlite::to_text(ctx.actor.type),
                         ctx.actor.id, ctx.actor.name, w.now, r.etag, current->id);
            st->run();
            w.record({}, "automationRule.updated", std::move(changes), rule_detail(r.name));
            out = {std::move(r), false};
            return;
        }
        value.created_by = value.last_modified_by = ctx.actor;
        value.created = value.last_modified = w.now;
        value.etag = new_uuid();
        auto st = w.db.cached(insert_rule_sql);
        st->bind_all(*w.workspace_id, value.name, sqlite::to_column(value.properties),
                     sqlite::to_text(ctx.actor.type), ctx.actor.id, ctx.actor.name,
                     sqlite::to_text(ctx.actor.type), ctx.actor.id, ctx.actor.name, w.now, w.now,
                     value.etag);
        st->run();
        w.record({}, "automationRule.created", {{"properties", nullptr, value.properties}},
                 rule_detail(value.name));
        out = {std::move(value), true};
    });
    return out;
}

std::optional<automation_rule> sqlite_store::find_automation_rule(const workspace_ref& ws,
                                                                  const std::string& name) {
    std::optional<automation_rule> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        if (auto row = find_rule(db, *ws_id, name))
            out = std::move(row->value);
    });
    return out;
}

std::vector<automation_rule> sqlite_store::list_automation_rules(const workspace_ref& ws) {
    std::vector<automation_rule> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto st = db.cached(list_rules_sql);
        st->bind_all(*ws_id);
        while (st->step())
            out.push_back(read_rule(*st).value);
    });
    return out;
}

bool sqlite_store::delete_automation_rule(const workspace_ref& ws, const std::string& name,
                                          const write_context& ctx) {
    bool deleted = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        if (!w.workspace_id)
            return;
        auto current = find_rule(w.db, *w.workspace_id, name);
        if (!current)
            return;
        check_if_match(ctx.if_match, &current->value.etag, current->value.name);
        auto st = w.db.cached(delete_rule_sql);
        st->bind_all(current->id);
        st->run();
        w.record({}, "automationRule.deleted", {{"properties", current->value.properties, nullptr}},
                 rule_detail(current->value.name));
        deleted = true;
    });
    return deleted;
}

}  // namespace tocsin::store
