#include "engine/store/sqlite/relation_writes.hpp"

#include <memory>
#include <vector>

#include "engine/core/uuid.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/alert_repo.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/incident_writes.hpp"
#include "engine/store/sqlite/relation_repo.hpp"

namespace tocsin::store::sqlite {

namespace {

// An external provider's incident takes and loses its own alerts only in that provider (whose
// next sync would undo our change); other products' alerts may still join.
void check_provider(const model::incident& incident, const model::alert& alert) {
    if (!incident.is_own() && model::iequals(alert.product_name, incident.provider_name))
        throw errors::provider_owned(incident.provider_name);
}

}  // namespace

model::relation relation_view(relation_row row, const std::string& incident_name) {
    row.value.incident_name = incident_name;
    return std::move(row.value);
}

incident_row require_incident(write_scope& w, std::string_view name) {
    std::optional<incident_row> row;
    if (w.workspace_id)
        row = find_incident(w.db, *w.workspace_id, name);
    if (!row)
        throw errors::incident_not_found(name);
    return std::move(*row);
}

relation_result relate_alert(write_scope& w, const incident_row& incident,
                             const std::string& relation_name, const std::string& alert_id,
                             model::sole_alert_policy policy,
                             const std::optional<std::string>& if_match) {
    const auto& name = incident.value.name;
    auto alert = find_alert(w.db, *w.workspace_id, alert_id);
    if (!alert) {
        if (alert_exists_elsewhere(w.db, *w.workspace_id, alert_id))
            throw errors::alert_in_other_workspace(alert_id, name);
        throw errors::alert_not_found(alert_id);
    }
    const auto& alert_value = alert->value;

    const std::string rel_name = relation_name.empty() ? new_time_ordered_uuid() : relation_name;
    auto by_name = find_relation(w.db, incident.id, rel_name);
    check_if_match(if_match, by_name ? &by_name->value.etag : nullptr, rel_name);
    if (by_name) {
        if (by_name->alert_row_id != alert->id)
            throw errors::relation_name_taken(rel_name);
        return {relation_view(std::move(*by_name), name), false, std::nullopt};
    }
    if (find_relation_of_alert(w.db, incident.id, alert->id))
        throw errors::alert_already_related(alert_value.system_alert_id, name);
    check_provider(incident.value, alert_value);
    if (count_alerts(w.db, incident.id) >=
        static_cast<std::int64_t>(model::max_alerts_per_incident))
        throw errors::relation_cap_reached(incident.value.number);

    const auto etag = new_uuid();
    insert_relation(w.db, incident.id, rel_name, alert->id, etag, w.now);

    // Incidents that held only this alert; under close_other they close below, after the
    // relation's own entry and event, in the same transaction.
    std::vector<std::int64_t> to_close;
    if (policy == model::sole_alert_policy::close_other)
        to_close = sole_alert_incidents(w.db, alert->id, incident.id);
    std::optional<std::string> closed;
    if (!to_close.empty())
        closed = load_incident(w.db, to_close.front()).value.name;

    nlohmann::json detail = {{"relationName", rel_name}, {"alertId", alert_value.system_alert_id}};
    if (closed)
        detail["closedIncident"] = *closed;
    w.record(name, "relation.added", {}, std::move(detail));
    auto view = incident_view(w.db, load_incident(w.db, incident.id), w.workspace_key);
    {
        auto& e = w.emit(event_type::alert_related, name);
        e.alert_id = alert_value.system_alert_id;
        e.relation_name = rel_name;
        e.incident = std::make_shared<const model::incident>(std::move(view));
        e.alert = std::make_shared<const model::alert>(alert_value);
    }
    for (const auto other_id : to_close)
        close_for_moved_alert(w, other_id, incident.value);

    model::relation relation;
    relation.name = rel_name;
    relation.incident_name = name;
    relation.alert_id = alert_value.system_alert_id;
    relation.etag = etag;
    relation.created = w.now;
    return {std::move(relation), true, std::move(closed)};
}

void unrelate_alert(write_scope& w, const incident_row& incident, const relation_row& relation) {
    const auto& name = incident.value.name;
    auto alert = find_alert(w.db, *w.workspace_id, relation.value.alert_id);
    if (alert)
        check_provider(incident.value, alert->value);
    delete_relation(w.db, relation.id);
    w.record(name, "relation.removed", {},
             {{"relationName", relation.value.name}, {"alertId", relation.value.alert_id}});
    auto view = incident_view(w.db, load_incident(w.db, incident.id), w.workspace_key);
    auto& e = w.emit(event_type::alert_unrelated, name);
    e.alert_id = relation.value.alert_id;
    e.relation_name = relation.value.name;
    e.incident = std::make_shared<const model::incident>(std::move(view));
    if (alert)
        e.alert = std::make_shared<const model::alert>(std::move(alert->value));
}

}  // namespace tocsin::store::sqlite
