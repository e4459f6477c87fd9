// sqlite_store: relations between incidents and alerts, with Sentinel's rules.

#include "engine/core/uuid.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/alert_repo.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/incident_writes.hpp"
#include "engine/store/sqlite/relation_repo.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

namespace {

sqlite::incident_row require_incident(sqlite::write_scope& w, const std::string& name) {
    std::optional<sqlite::incident_row> row;
    if (w.workspace_id)
        row = sqlite::find_incident(w.db, *w.workspace_id, name);
    if (!row)
        throw errors::incident_not_found(name);
    return std::move(*row);
}

// An external provider's incident takes and loses its own alerts only in that provider (whose
// next sync would undo our change); other products' alerts may still join.
void check_provider(const model::incident& incident, const model::alert& alert) {
    if (!incident.is_own() && model::iequals(alert.product_name, incident.provider_name))
        throw errors::provider_owned(incident.provider_name);
}

model::relation relation_view(sqlite::relation_row row, const std::string& incident_name) {
    row.value.incident_name = incident_name;
    return std::move(row.value);
}

}  // namespace

relation_result sqlite_store::add_relation(
    const workspace_ref& ws, const std::string& incident_name, const std::string& relation_name,
    const std::string& alert_id, model::sole_alert_policy policy, const write_context& ctx) {
    if (!relation_name.empty())
        model::validate_child_name(relation_name, "name");
    relation_result out;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = require_incident(w, incident_name);
        const auto& name = incident.value.name;
        auto alert = sqlite::find_alert(w.db, *w.workspace_id, alert_id);
        if (!alert) {
            if (sqlite::alert_exists_elsewhere(w.db, *w.workspace_id, alert_id))
                throw errors::alert_in_other_workspace(alert_id, name);
            throw errors::alert_not_found(alert_id);
        }
        const auto& alert_value = alert->value;

        const std::string rel_name = relation_name.empty() ? new_uuid() : relation_name;
        auto by_name = sqlite::find_relation(w.db, incident.id, rel_name);
        check_if_match(ctx.if_match, by_name ? &by_name->value.etag : nullptr, rel_name);
        if (by_name) {
            if (by_name->alert_row_id != alert->id)
                throw errors::relation_name_taken(rel_name);
            out = {relation_view(std::move(*by_name), name), false, std::nullopt};
            return;
        }
        if (sqlite::find_relation_of_alert(w.db, incident.id, alert->id))
            throw errors::alert_already_related(alert_value.system_alert_id, name);
        check_provider(incident.value, alert_value);
        if (sqlite::count_alerts(w.db, incident.id) >=
            static_cast<std::int64_t>(model::max_alerts_per_incident))
            throw errors::relation_cap_reached(incident.value.number);

        const auto etag = new_uuid();
        sqlite::insert_relation(w.db, incident.id, rel_name, alert->id, etag, w.now);

        // Incidents that held only this alert; under close_other they close below, after the
        // relation's own entry and event, in the same transaction.
        std::vector<std::int64_t> to_close;
        if (policy == model::sole_alert_policy::close_other)
            to_close = sqlite::sole_alert_incidents(w.db, alert->id, incident.id);
        std::optional<std::string> closed;
        if (!to_close.empty())
            closed = sqlite::load_incident(w.db, to_close.front()).value.name;

        nlohmann::json detail = {{"relationName", rel_name},
                                 {"alertId", alert_value.system_alert_id}};
        if (closed)
            detail["closedIncident"] = *closed;
        w.record(name, "relation.added", {}, std::move(detail));
        auto view =
            sqlite::incident_view(w.db, sqlite::load_incident(w.db, incident.id), w.workspace_key);
        {
            auto& e = w.emit(event_type::alert_related, name);
            e.alert_id = alert_value.system_alert_id;
            e.relation_name = rel_name;
            e.incident = std::make_shared<const model::incident>(std::move(view));
            e.alert = std::make_shared<const model::alert>(alert_value);
        }
        for (const auto other_id : to_close)
            sqlite::close_for_moved_alert(w, other_id, incident.value);

        model::relation relation;
        relation.name = rel_name;
        relation.incident_name = name;
        relation.alert_id = alert_value.system_alert_id;
        relation.etag = etag;
        relation.created = w.now;
        out = {std::move(relation), true, std::move(closed)};
    });
    return out;
}

bool sqlite_store::remove_relation(const workspace_ref& ws, const std::string& incident_name,
                                   const std::string& relation_name, const write_context& ctx) {
    bool removed = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = require_incident(w, incident_name);
        const auto& name = incident.value.name;
        auto relation = sqlite::find_relation(w.db, incident.id, relation_name);
        if (!relation)
            return;
        check_if_match(ctx.if_match, &relation->value.etag, relation->value.name);
        auto alert = sqlite::find_alert(w.db, *w.workspace_id, relation->value.alert_id);
        if (alert)
            check_provider(incident.value, alert->value);
        sqlite::delete_relation(w.db, relation->id);
        w.record(name, "relation.removed", {},
                 {{"relationName", relation->value.name}, {"alertId", relation->value.alert_id}});
        auto view =
            sqlite::incident_view(w.db, sqlite::load_incident(w.db, incident.id), w.workspace_key);
        auto& e = w.emit(event_type::alert_unrelated, name);
        e.alert_id = relation->value.alert_id;
        e.relation_name = relation->value.name;
        e.incident = std::make_shared<const model::incident>(std::move(view));
        if (alert)
            e.alert = std::make_shared<const model::alert>(std::move(alert->value));
        removed = true;
    });
    return removed;
}

std::optional<model::relation> sqlite_store::find_relation(const workspace_ref& ws,
                                                           const std::string& incident_name,
                                                           const std::string& relation_name) {
    std::optional<model::relation> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto incident = sqlite::find_incident(db, *ws_id, incident_name);
        if (!incident)
            return;
        if (auto row = sqlite::find_relation(db, incident->id, relation_name))
            out = relation_view(std::move(*row), incident->value.name);
    });
    return out;
}

std::vector<model::relation> sqlite_store::list_relations(const workspace_ref& ws,
                                                          const std::string& incident_name) {
    std::vector<model::relation> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        std::optional<sqlite::incident_row> incident;
        if (ws_id)
            incident = sqlite::find_incident(db, *ws_id, incident_name);
        if (!incident)
            throw errors::incident_not_found(incident_name);
        for (auto& row : sqlite::list_relations(db, incident->id))
            out.push_back(relation_view(std::move(row), incident->value.name));
    });
    return out;
}

}  // namespace tocsin::store
