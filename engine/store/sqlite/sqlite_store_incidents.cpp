// sqlite_store: incidents.

#include "engine/core/uuid.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/activity_repo.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/incident_writes.hpp"
#include "engine/store/sqlite/query_compiler.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

upsert_result<model::incident> sqlite_store::put_incident(const workspace_ref& ws,
                                                          model::incident value,
                                                          const write_context& ctx) {
    model::normalize(value);
    model::validate(value);
    upsert_result<model::incident> out;
    write(ws, ctx, workspace_mode::create, [&](sqlite::write_scope& w) {
        if (value.name.empty())
            value.name = new_time_ordered_uuid();
        auto current = sqlite::find_incident(w.db, *w.workspace_id, value.name);
        check_if_match(ctx.if_match, current ? &current->value.etag : nullptr, value.name);
        if (!current) {
            out = {sqlite::create_incident(w, std::move(value)), true};
        } else {
            out = {sqlite::change_incident(w, *current, std::move(value)), false};
        }
    });
    return out;
}

model::incident sqlite_store::update_incident(const workspace_ref& ws, const std::string& name,
                                              const std::function<void(model::incident&)>& mutate,
                                              const write_context& ctx) {
    model::incident out;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        std::optional<sqlite::incident_row> current;
        if (w.workspace_id)
            current = sqlite::find_incident(w.db, *w.workspace_id, name);
        if (!current)
            throw errors::incident_not_found(name);
        check_if_match(ctx.if_match, &current->value.etag, current->value.name);
        // The callback sees what a read returns (summary, derived activity times) and runs
        // inside the transaction, so nothing can change between its read and the write.
        auto next = sqlite::incident_view(w.db, *current, w.workspace_key);
        mutate(next);
        model::normalize(next);
        model::validate(next);
        out = sqlite::change_incident(w, *current, std::move(next));
    });
    return out;
}

std::optional<model::incident> sqlite_store::find_incident(const workspace_ref& ws,
                                                           const std::string& name) {
    std::optional<model::incident> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        if (auto row = sqlite::find_incident(db, *ws_id, name))
            out = sqlite::incident_view(db, std::move(*row), ws.key());
    });
    return out;
}

page<model::incident> sqlite_store::list_incidents(const workspace_ref& ws,
                                                   const incident_query& query) {
    // Compiled before the workspace is known, so a bad query fails the same way everywhere.
    auto compiled = sqlite::compile_incident_query(0, query);
    page<model::incident> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        compiled.params.front() = *ws_id;
        std::vector<sqlite::incident_row> rows;
        {
            auto st = db.prepare(compiled.sql);
            sqlite::bind_params(st, compiled.params);
            std::string last_token;
            while (st.step()) {
                if (rows.size() == compiled.top) {
                    out.next_token = std::move(last_token);
                    break;
                }
                rows.push_back(sqlite::read_incident(st));
                // Tokens are cheap; computing one per row keeps the loop single-pass.
                last_token = sqlite::page_token_after(compiled, st);
            }
        }
        out.items.reserve(rows.size());
        for (auto& row : rows) {
            sqlite::load_labels(db, row);
            out.items.push_back(sqlite::incident_view(db, std::move(row), ws.key()));
        }
    });
    return out;
}

bool sqlite_store::delete_incident(const workspace_ref& ws, const std::string& name,
                                   const write_context& ctx) {
    bool deleted = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        if (!w.workspace_id)
            return;
        auto current = sqlite::find_incident(w.db, *w.workspace_id, name);
        if (!current)
            return;
        check_if_match(ctx.if_match, &current->value.etag, current->value.name);
        sqlite::remove_incident(w, *current);
        deleted = true;
    });
    return deleted;
}

std::vector<model::activity_entry> sqlite_store::activity_of_incident(
    const workspace_ref& ws, const std::string& incident_name) {
    std::vector<model::activity_entry> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (ws_id)
            out = sqlite::activity_of_incident(db, *ws_id, incident_name);
    });
    return out;
}

}  // namespace tocsin::store
