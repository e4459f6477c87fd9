// sqlite_store: what alert correlation stands on — the candidate lookup, an incident created
// together with its alerts, and the merge of two incidents. The writes compose the single-step
// internals (incident_writes, relation_writes) inside one transaction, so their rules, activity
// entries and events are the same as the separate calls', and a failure leaves nothing.

#include "engine/core/uuid.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/etag.hpp"
#include "engine/store/sqlite/correlation_repo.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/incident_writes.hpp"
#include "engine/store/sqlite/relation_repo.hpp"
#include "engine/store/sqlite/relation_writes.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

namespace {

void require_open(const sqlite::incident_row& row) {
    if (row.value.status == model::incident_status::closed)
        throw errors::merge_of_closed_incident(row.value.number, row.value.name);
}

std::string merged_into_text(const model::incident& survivor) {
    return "Merged into incident #" + std::to_string(survivor.number) + " (" + survivor.name + ").";
}

}  // namespace

std::vector<correlation_candidate> sqlite_store::correlation_candidates(
    const workspace_ref& ws, const std::vector<std::string>& identity_keys, time_point since,
    const std::string& exclude_alert_id) {
    std::vector<correlation_candidate> out;
    if (identity_keys.empty())
        return out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (ws_id)
            out =
                sqlite::correlation_candidates(db, *ws_id, identity_keys, since, exclude_alert_id);
    });
    return out;
}

upsert_result<model::incident> sqlite_store::create_incident_with_alerts(
    const workspace_ref& ws, model::incident value, const std::vector<std::string>& alert_ids,
    const write_context& ctx) {
    model::normalize(value);
    model::validate(value);
    if (alert_ids.empty())
        throw errors::no_alerts_given();
    upsert_result<model::incident> out;
    write(ws, ctx, workspace_mode::create, [&](sqlite::write_scope& w) {
        if (value.name.empty())
            value.name = new_time_ordered_uuid();
        else if (sqlite::find_incident(w.db, *w.workspace_id, value.name))
            throw errors::incident_exists(value.name);
        check_if_match(ctx.if_match, nullptr, value.name);
        const auto name = value.name;
        sqlite::create_incident(w, std::move(value));
        const auto incident = sqlite::require_incident(w, name);
        // The relations are new, so no caller etag applies to them.
        for (const auto& alert_id : alert_ids)
            sqlite::relate_alert(w, incident, {}, alert_id, model::sole_alert_policy::keep,
                                 std::nullopt);
        out = {
            sqlite::incident_view(w.db, sqlite::load_incident(w.db, incident.id), w.workspace_key),
            true};
    });
    return out;
}

merge_result sqlite_store::merge_incidents(const workspace_ref& ws, const std::string& survivor,
                                           const std::string& absorbed, const write_context& ctx) {
    if (model::iequals(survivor, absorbed))
        throw errors::merge_into_itself(absorbed);
    merge_result out;
    write(ws, ctx, workspace_mode::existing, [&](sqlite::write_scope& w) {
        const auto kept = sqlite::require_incident(w, survivor);
        const auto gone = sqlite::require_incident(w, absorbed);
        check_if_match(ctx.if_match, &kept.value.etag, kept.value.name);
        require_open(kept);
        require_open(gone);

        std::vector<sqlite::relation_row> moving;
        for (auto& relation : sqlite::list_relations(w.db, gone.id)) {
            if (!sqlite::find_relation_of_alert(w.db, kept.id, relation.alert_row_id))
                moving.push_back(std::move(relation));
        }
        // Checked up front: the per-relation cap check would fail only halfway through.
        const auto alerts_after =
            static_cast<std::size_t>(sqlite::count_alerts(w.db, kept.id)) + moving.size();
        if (alerts_after > model::max_alerts_per_incident)
            throw errors::merge_cap_exceeded(gone.value.number, kept.value.number, alerts_after);

        const nlohmann::json merged_into = {{"mergedInto", kept.value.name},
                                            {"mergedIntoNumber", kept.value.number}};
        const nlohmann::json merged_from = {{"mergedIncident", gone.value.name},
                                            {"mergedIncidentNumber", gone.value.number}};
        for (const auto& relation : moving) {
            {
                const sqlite::scoped_detail why(w, merged_into);
                sqlite::unrelate_alert(w, gone, relation);
            }
            {
                const sqlite::scoped_detail why(w, merged_from);
                sqlite::relate_alert(w, kept, {}, relation.value.alert_id,
                                     model::sole_alert_policy::keep, std::nullopt);
            }
            out.moved_alert_ids.push_back(relation.value.alert_id);
        }
        auto detail = merged_from;
        detail["movedAlerts"] = out.moved_alert_ids;
        w.record(kept.value.name, "incident.merged", {}, std::move(detail));
        {
            const sqlite::scoped_detail why(w, merged_into);
            out.absorbed = sqlite::close_as_undetermined(w, gone.id, merged_into_text(kept.value));
        }
        out.survivor =
            sqlite::incident_view(w.db, sqlite::load_incident(w.db, kept.id), w.workspace_key);
    });
    return out;
}

}  // namespace tocsin::store
