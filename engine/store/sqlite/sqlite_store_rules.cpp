// sqlite_store: stored rules (automation rules, alert rules). One implementation for every kind:
// a kind is a table of the same columns plus what tells it apart (its activity names and its
// listing order), described by a rule_table. The properties JSON is stored as the API validated
// it; the store owns names, etags, times and the activity entries.

#include <string>

#include "engine/core/uuid.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/rows.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

namespace sqlite {

// One kind of stored rule. Its statements are built once, from constants, when the descriptor
// is constructed; immutable afterwards, so shared by every thread.
class rule_table {
  public:
    // `table`: the SQL table (columns as automation_rules, migration 3); `noun`: for messages
    // ("Automation rule"); `activity_prefix`: actions are "<prefix>.created" etc.; `detail_key`:
    // the key naming the rule in the activity detail; `order_by`: the listing order, over the
    // table alias r.
    rule_table(std::string_view table, std::string_view noun, std::string_view activity_prefix,
               std::string_view detail_key, std::string_view order_by)
        : noun(noun),
          created_action(std::string(activity_prefix) + ".created"),
          updated_action(std::string(activity_prefix) + ".updated"),
          deleted_action(std::string(activity_prefix) + ".deleted"),
          detail_key(detail_key),
          find_sql(select(table) + " WHERE r.workspace_id = ? AND r.name = ?"),
          list_sql(select(table) + " WHERE r.workspace_id = ? ORDER BY " + std::string(order_by)),
          insert_sql("INSERT INTO " + std::string(table) +
                     " (workspace_id, name, properties, created_by_type, created_by_id, "
                     "created_by_name, last_modified_by_type, last_modified_by_id, "
                     "last_modified_by_name, created_ms, last_modified_ms, etag) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          update_sql("UPDATE " + std::string(table) +
                     " SET properties = ?, last_modified_by_type = ?, last_modified_by_id = ?, "
                     "last_modified_by_name = ?, last_modified_ms = ?, etag = ? WHERE id = ?"),
          delete_sql("DELETE FROM " + std::string(table) + " WHERE id = ?"),
          properties_column(std::string(table) + ".properties") {}

    const std::string noun;
    const std::string created_action;
    const std::string updated_action;
    const std::string deleted_action;
    const std::string detail_key;
    const std::string find_sql;
    const std::string list_sql;
    const std::string insert_sql;
    const std::string update_sql;
    const std::string delete_sql;
    const std::string properties_column;  // for messages about unreadable stored JSON

  private:
    static std::string select(std::string_view table) {
        return "SELECT r.id, r.name, r.properties, r.created_by_type, r.created_by_id, "
               "r.created_by_name, r.last_modified_by_type, r.last_modified_by_id, "
               "r.last_modified_by_name, r.created_ms, r.last_modified_ms, r.etag FROM " +
               std::string(table) + " r";
    }
};

}  // namespace sqlite

namespace {

// Automation rules list in execution order, as the rule engine runs them; the name breaks ties
// deterministically.
const sqlite::rule_table automation_rules("automation_rules", "Automation rule", "automationRule",
                                          "automationRuleName",
                                          "json_extract(r.properties, '$.order'), "
                                          "r.name COLLATE NOCASE");
// Alert rules have no order of their own: every matching rule applies.
const sqlite::rule_table alert_rules("alert_rules", "Alert rule", "alertRule", "alertRuleName",
                                     "r.name COLLATE NOCASE");

struct rule_row {
    std::int64_t id = 0;
    stored_rule value;
};

rule_row read_rule(const sqlite::rule_table& table, const sqlite::statement& st) {
    rule_row row;
    row.id = st.int64(0);
    auto& r = row.value;
    r.name = st.text(1);
    r.properties = sqlite::parse_stored_json(st.text(2), table.properties_column);
    r.created_by = {sqlite::principal_kind_of(st.text(3)), st.text(4), st.text(5)};
    r.last_modified_by = {sqlite::principal_kind_of(st.text(6)), st.text(7), st.text(8)};
    r.created = st.time(9);
    r.last_modified = st.time(10);
    r.etag = st.text(11);
    return row;
}

std::optional<rule_row> find_row(const sqlite::rule_table& table, sqlite::connection& db,
                                 std::int64_t ws_id, const std::string& name) {
    auto st = db.cached(table.find_sql);
    st->bind_all(ws_id, name);
    if (!st->step())
        return std::nullopt;
    return read_rule(table, *st);
}

nlohmann::json rule_detail(const sqlite::rule_table& table, const std::string& name) {
    return {{table.detail_key, name}};
}

}  // namespace

upsert_result<stored_rule> sqlite_store::put_rule(const sqlite::rule_table& table,
                                                  const workspace_ref& ws, stored_rule value,
                                                  const write_context& ctx) {
    if (value.name.empty())
        value.name = new_time_ordered_uuid();
    if (!value.properties.is_object())
        throw error(errc::invalid_argument, table.noun + " properties must be an object.",
                    "properties");
    upsert_result<stored_rule> out;
    write(ws, ctx, workspace_mode::create, [&](sqlite::write_scope& w) {
        auto current = find_row(table, w.db, *w.workspace_id, value.name);
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
            auto st = w.db.cached(table.update_sql);
            st->bind_all(sqlite::to_column(r.properties), sqlite::to_text(ctx.actor.type),
                         ctx.actor.id, ctx.actor.name, w.now, r.etag, current->id);
            st->run();
            w.record({}, table.updated_action, std::move(changes), rule_detail(table, r.name));
            out = {std::move(r), false};
            return;
        }
        value.created_by = value.last_modified_by = ctx.actor;
        value.created = value.last_modified = w.now;
        value.etag = new_uuid();
        auto st = w.db.cached(table.insert_sql);
        st->bind_all(*w.workspace_id, value.name, sqlite::to_column(value.properties),
                     sqlite::to_text(ctx.actor.type), ctx.actor.id, ctx.actor.name,
                     sqlite::to_text(ctx.actor.type), ctx.actor.id, ctx.actor.name, w.now, w.now,
                     value.etag);
        st->run();
        w.record({}, table.created_action, {{"properties", nullptr, value.properties}},
                 rule_detail(table, value.name));
        out = {std::move(value), true};
    });
    return out;
}

std::optional<stored_rule> sqlite_store::find_rule(const sqlite::rule_table& table,
                                                   const workspace_ref& ws,
                                                   const std::string& name) {
    std::optional<stored_rule> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        if (auto row = find_row(table, db, *ws_id, name))
            out = std::move(row->value);
    });
    return out;
}

std::vector<stored_rule> sqlite_store::list_rules(const sqlite::rule_table& table,
                                                  const workspace_ref& ws) {
    std::vector<stored_rule> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto st = db.cached(table.list_sql);
        st->bind_all(*ws_id);
        while (st->step())
            out.push_back(read_rule(table, *st).value);
    });
    return out;
}

bool sqlite_store::delete_rule(const sqlite::rule_table& table, const workspace_ref& ws,
                               const std::string& name, const write_context& ctx) {
    bool deleted = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        if (!w.workspace_id)
            return;
        auto current = find_row(table, w.db, *w.workspace_id, name);
        if (!current)
            return;
        check_if_match(ctx.if_match, &current->value.etag, current->value.name);
        auto st = w.db.cached(table.delete_sql);
        st->bind_all(current->id);
        st->run();
        w.record({}, table.deleted_action, {{"properties", current->value.properties, nullptr}},
                 rule_detail(table, current->value.name));
        deleted = true;
    });
    return deleted;
}

upsert_result<automation_rule> sqlite_store::put_automation_rule(const workspace_ref& ws,
                                                                 automation_rule value,
                                                                 const write_context& ctx) {
    return put_rule(automation_rules, ws, std::move(value), ctx);
}

std::optional<automation_rule> sqlite_store::find_automation_rule(const workspace_ref& ws,
                                                                  const std::string& name) {
    return find_rule(automation_rules, ws, name);
}

std::vector<automation_rule> sqlite_store::list_automation_rules(const workspace_ref& ws) {
    return list_rules(automation_rules, ws);
}

bool sqlite_store::delete_automation_rule(const workspace_ref& ws, const std::string& name,
                                          const write_context& ctx) {
    return delete_rule(automation_rules, ws, name, ctx);
}

upsert_result<alert_rule> sqlite_store::put_alert_rule(const workspace_ref& ws, alert_rule value,
                                                       const write_context& ctx) {
    return put_rule(alert_rules, ws, std::move(value), ctx);
}

std::optional<alert_rule> sqlite_store::find_alert_rule(const workspace_ref& ws,
                                                        const std::string& name) {
    return find_rule(alert_rules, ws, name);
}

std::vector<alert_rule> sqlite_store::list_alert_rules(const workspace_ref& ws) {
    return list_rules(alert_rules, ws);
}

bool sqlite_store::delete_alert_rule(const workspace_ref& ws, const std::string& name,
                                     const write_context& ctx) {
    return delete_rule(alert_rules, ws, name, ctx);
}

}  // namespace tocsin::store
