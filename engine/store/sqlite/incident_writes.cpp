#include "engine/store/sqlite/incident_writes.hpp"

#include "engine/core/uuid.hpp"
#include "engine/model/relation.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/incident_diff.hpp"
#include "engine/store/sqlite/comment_repo.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/workspace_repo.hpp"

namespace tocsin::store::sqlite {

namespace {

void emit_incident_events(write_scope& w, event_type first, const model::incident& after,
                          const std::vector<model::field_change>& changes, bool closed) {
    auto snapshot = std::make_shared<const model::incident>(after);
    {
        auto& e = w.emit(first, after.name);
        e.changes = changes;
        e.incident = snapshot;
    }
    if (closed) {
        auto& e = w.emit(event_type::incident_closed, after.name);
        e.changes = changes;
        e.incident = snapshot;
    }
}

}  // namespace

model::incident incident_view(connection& db, incident_row row, std::string_view workspace_key) {
    attach_summary(db, row);
    row.value.workspace_key = std::string(workspace_key);
    return std::move(row.value);
}

model::incident create_incident(write_scope& w, model::incident value) {
    const auto ws = *w.workspace_id;
    value.number = take_incident_number(w.db, ws);
    if (value.provider_name.empty())
        value.provider_name = std::string(model::own_provider_name);
    if (value.is_own() && value.provider_incident_id.empty())
        value.provider_incident_id = std::to_string(value.number);
    value.created = value.last_modified = w.now;
    value.etag = new_uuid();
    value.summary = {};
    const auto id = insert_incident(w.db, ws, value);

    auto view = incident_view(w.db, load_incident(w.db, id), w.workspace_key);
    const auto changes = creation_changes(view);
    w.record(view.name, "incident.created", changes, {{"incidentNumber", view.number}});
    emit_incident_events(w, event_type::incident_created, view, changes,
                         view.status == model::incident_status::closed);
    return view;
}

model::incident change_incident(write_scope& w, const incident_row& current, model::incident next) {
    const auto& before = current.value;
    next.name = before.name;
    next.number = before.number;
    next.created = before.created;
    next.etag = before.etag;
    next.last_modified = before.last_modified;
    if (next.provider_name.empty())
        next.provider_name = before.provider_name;
    if (next.provider_incident_id.empty())
        next.provider_incident_id = before.provider_incident_id;
    // With alerts, activity times are derived on every read: what the client sends back is that
    // derived value, not an edit, so the stored value stands.
    if (count_alerts(w.db, current.id) > 0) {
        next.first_activity = before.first_activity;
        next.last_activity = before.last_activity;
    }

    const auto changes = diff_incident(before, next);
    if (changes.empty())
        return incident_view(w.db, current, w.workspace_key);

    next.last_modified = w.now;
    next.etag = new_uuid();
    update_incident(w.db, current.id, next);

    auto view = incident_view(w.db, load_incident(w.db, current.id), w.workspace_key);
    const bool closed = closes(before, next);
    w.record(view.name, closed ? "incident.closed" : "incident.updated", changes);
    emit_incident_events(w, event_type::incident_updated, view, changes, closed);
    return view;
}

void remove_incident(write_scope& w, const incident_row& current) {
    auto snapshot = incident_view(w.db, current, w.workspace_key);
    delete_incident(w.db, current.id);
    w.record(snapshot.name, "incident.deleted", {},
             {{"incidentNumber", snapshot.number}, {"title", snapshot.title}});
    auto& e = w.emit(event_type::incident_deleted, snapshot.name);
    e.incident = std::make_shared<const model::incident>(std::move(snapshot));
}

model::incident close_as_undetermined(write_scope& w, std::int64_t incident_id,
                                      const std::string& text) {
    auto current = load_incident(w.db, incident_id);
    model::incident next = current.value;
    next.status = model::incident_status::closed;
    next.classification = model::classification::undetermined;
    next.reason.reset();
    next.classification_comment = text;
    model::normalize(next);
    model::validate(next);
    change_incident(w, current, std::move(next));

    model::comment note;
    note.name = new_time_ordered_uuid();
    note.incident_name = current.value.name;
    note.message = text;
    note.author = w.ctx.actor;
    write_comment(w, current, std::move(note));
    return incident_view(w.db, load_incident(w.db, incident_id), w.workspace_key);
}

void close_for_moved_alert(write_scope& w, std::int64_t other_id, const model::incident& target) {
    close_as_undetermined(w, other_id,
                          std::string(model::moved_alert_comment) + ": #" +
                              std::to_string(target.number) + " " + target.title);
}

upsert_result<model::comment> write_comment(write_scope& w, const incident_row& incident,
                                            model::comment value) {
    value.incident_name = incident.value.name;
    auto current = find_comment(w.db, incident.id, value.name);
    if (current) {
        auto& c = current->value;
        c.incident_name = incident.value.name;
        if (c.message == value.message)
            return {std::move(c), false};
        const std::vector<model::field_change> changes{{"message", c.message, value.message}};
        c.message = std::move(value.message);
        c.last_modified = w.now;
        c.etag = new_uuid();
        update_comment(w.db, current->id, c);
        w.record(incident.value.name, "comment.updated", changes, {{"commentName", c.name}});
        return {std::move(c), false};
    }
    if (value.author.id.empty() && value.author.name.empty())
        value.author = w.ctx.actor;
    value.created = value.last_modified = w.now;
    value.etag = new_uuid();
    insert_comment(w.db, incident.id, value);
    w.record(incident.value.name, "comment.added", {{"message", nullptr, value.message}},
             {{"commentName", value.name}});
    auto& e = w.emit(event_type::comment_added, incident.value.name);
    e.incident = std::make_shared<const model::incident>(
        incident_view(w.db, load_incident(w.db, incident.id), w.workspace_key));
    return {std::move(value), true};
}

}  // namespace tocsin::store::sqlite
