// sqlite_store: relations between incidents and alerts, with Sentinel's rules (relation_writes).

#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/relation_repo.hpp"
#include "engine/store/sqlite/relation_writes.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

relation_result sqlite_store::add_relation(
    const workspace_ref& ws, const std::string& incident_name, const std::string& relation_name,
    const std::string& alert_id, model::sole_alert_policy policy, const write_context& ctx) {
    if (!relation_name.empty())
        model::validate_child_name(relation_name, "name");
    relation_result out;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = sqlite::require_incident(w, incident_name);
        out = sqlite::relate_alert(w, incident, relation_name, alert_id, policy, ctx.if_match);
    });
    return out;
}

bool sqlite_store::remove_relation(const workspace_ref& ws, const std::string& incident_name,
                                   const std::string& relation_name, const write_context& ctx) {
    bool removed = false;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        auto incident = sqlite::require_incident(w, incident_name);
        auto relation = sqlite::find_relation(w.db, incident.id, relation_name);
        if (!relation)
            return;
        check_if_match(ctx.if_match, &relation->value.etag, relation->value.name);
        sqlite::unrelate_alert(w, incident, *relation);
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
            out = sqlite::relation_view(std::move(*row), incident->value.name);
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
            out.push_back(sqlite::relation_view(std::move(row), incident->value.name));
    });
    return out;
}

}  // namespace tocsin::store
