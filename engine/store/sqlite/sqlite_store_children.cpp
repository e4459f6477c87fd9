// sqlite_store: comments and tasks, the children of an incident.

#include "engine/core/uuid.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/comment_repo.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/incident_writes.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

namespace {

sqlite::incident_row require_incident(sqlite::connection& db, std::optional<std::int64_t> ws_id,
                                      const std::string& name) {
    std::optional<sqlite::incident_row> row;
    if (ws_id)
        row = sqlite::find_incident(db, *ws_id, name);
    if (!row)
        throw errors::incident_not_found(name);
    return std::move(*row);
}

nlohmann::json task_status_json(model::task_status s) {
    return model::to_string(s);
}

}  // namespace

// ---- comments ----

upsert_result<model::comment> sqlite_store::put_comment(const workspace_ref& ws,
                                                        model::comment value,
                                                        const write_context& ctx) {
    if (!value.name.empty())
        model::validate_child_name(value.name, "name");
    model::validate(value);
    std::optional<upsert_result<model::comment>> out;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = require_incident(w.db, w.workspace_id, value.incident_name);
        if (value.name.empty())
            value.name = new_time_ordered_uuid();
        auto current = sqlite::find_comment(w.db, incident.id, value.name);
        check_if_match(ctx.if_match, current ? &current->value.etag : nullptr, value.name);
        out = sqlite::write_comment(w, incident, std::move(value));
    });
    return std::move(*out);
}

std::optional<model::comment> sqlite_store::find_comment(const workspace_ref& ws,
                                                         const std::string& incident_name,
                                                         const std::string& name) {
    std::optional<model::comment> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto incident = sqlite::find_incident(db, *ws_id, incident_name);
        if (!incident)
            return;
        if (auto row = sqlite::find_comment(db, incident->id, name)) {
            row->value.incident_name = incident->value.name;
            out = std::move(row->value);
        }
    });
    return out;
}

std::vector<model::comment> sqlite_store::list_comments(const workspace_ref& ws,
                                                        const std::string& incident_name) {
    std::vector<model::comment> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        auto incident = require_incident(db, ws_id, incident_name);
        for (auto& row : sqlite::list_comments(db, incident.id)) {
            row.value.incident_name = incident.value.name;
            out.push_back(std::move(row.value));
        }
    });
    return out;
}

bool sqlite_store::delete_comment(const workspace_ref& ws, const std::string& incident_name,
                                  const std::string& name, const write_context& ctx) {
    bool deleted = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = require_incident(w.db, w.workspace_id, incident_name);
        auto current = sqlite::find_comment(w.db, incident.id, name);
        if (!current)
            return;
        check_if_match(ctx.if_match, &current->value.etag, current->value.name);
        sqlite::delete_comment(w.db, current->id);
        w.record(incident.value.name, "comment.deleted",
                 {{"message", current->value.message, nullptr}},
                 {{"commentName", current->value.name}});
        deleted = true;
    });
    return deleted;
}

// ---- tasks ----

upsert_result<model::task> sqlite_store::put_task(const workspace_ref& ws, model::task value,
                                                  const write_context& ctx) {
    if (!value.name.empty())
        model::validate_child_name(value.name, "name");
    model::validate(value);
    std::optional<upsert_result<model::task>> out;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = require_incident(w.db, w.workspace_id, value.incident_name);
        const auto& incident_name = incident.value.name;
        if (value.name.empty())
            value.name = new_time_ordered_uuid();
        auto current = sqlite::find_task(w.db, incident.id, value.name);
        check_if_match(ctx.if_match, current ? &current->value.etag : nullptr, value.name);

        if (current) {
            auto t = std::move(current->value);
            t.incident_name = incident_name;
            std::vector<model::field_change> changes;
            if (t.title != value.title)
                changes.push_back({"title", t.title, value.title});
            if (t.description != value.description)
                changes.push_back({"description", t.description, value.description});
            if (t.status != value.status)
                changes.push_back(
                    {"status", task_status_json(t.status), task_status_json(value.status)});
            if (changes.empty()) {
                out = {std::move(t), false};
                return;
            }
            t.title = std::move(value.title);
            t.description = std::move(value.description);
            t.status = value.status;
            t.last_modified_by = ctx.actor;
            t.last_modified = w.now;
            t.etag = new_uuid();
            sqlite::update_task(w.db, current->id, t);
            w.record(incident_name, "task.updated", std::move(changes), {{"taskName", t.name}});
            out = {std::move(t), false};
            return;
        }

        value.incident_name = incident_name;
        value.created_by = value.last_modified_by = ctx.actor;
        value.created = value.last_modified = w.now;
        value.etag = new_uuid();
        sqlite::insert_task(w.db, incident.id, value);
        std::vector<model::field_change> changes{
            {"title", nullptr, value.title}, {"status", nullptr, task_status_json(value.status)}};
        if (!value.description.empty())
            changes.push_back({"description", nullptr, value.description});
        w.record(incident_name, "task.added", std::move(changes), {{"taskName", value.name}});
        auto& e = w.emit(event_type::task_added, incident_name);
        e.incident = std::make_shared<const model::incident>(
            sqlite::incident_view(w.db, sqlite::load_incident(w.db, incident.id), w.workspace_key));
        out = {std::move(value), true};
    });
    return std::move(*out);
}

std::optional<model::task> sqlite_store::find_task(const workspace_ref& ws,
                                                   const std::string& incident_name,
                                                   const std::string& name) {
    std::optional<model::task> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto incident = sqlite::find_incident(db, *ws_id, incident_name);
        if (!incident)
            return;
        if (auto row = sqlite::find_task(db, incident->id, name)) {
            row->value.incident_name = incident->value.name;
            out = std::move(row->value);
        }
    });
    return out;
}

std::vector<model::task> sqlite_store::list_tasks(const workspace_ref& ws,
                                                  const std::string& incident_name) {
    std::vector<model::task> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        auto incident = require_incident(db, ws_id, incident_name);
        for (auto& row : sqlite::list_tasks(db, incident.id)) {
            row.value.incident_name = incident.value.name;
            out.push_back(std::move(row.value));
        }
    });
    return out;
}

bool sqlite_store::delete_task(const workspace_ref& ws, const std::string& incident_name,
                               const std::string& name, const write_context& ctx) {
    bool deleted = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = require_incident(w.db, w.workspace_id, incident_name);
        auto current = sqlite::find_task(w.db, incident.id, name);
        if (!current)
            return;
        check_if_match(ctx.if_match, &current->value.etag, current->value.name);
        sqlite::delete_task(w.db, current->id);
        w.record(incident.value.name, "task.deleted", {}, {{"taskName", current->value.name}});
        deleted = true;
    });
    return deleted;
}

}  // namespace tocsin::store
