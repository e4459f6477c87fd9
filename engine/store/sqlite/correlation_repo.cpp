#include "engine/store/sqlite/correlation_repo.hpp"

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/rows.hpp"

namespace tocsin::store::sqlite {

namespace {

model::entity_kind stored_kind(const std::string& text) {
    if (auto kind = model::parse_enum<model::entity_kind>(text))
        return *kind;
    throw error(errc::storage, "The database holds an unknown entity kind '" + text +
                                   "'; was it written by a newer release?");
}

}  // namespace

std::vector<correlation_candidate> correlation_candidates(
    connection& db, std::int64_t workspace_id, const std::vector<std::string>& identity_keys,
    time_point since, std::string_view exclude_alert_id) {
    std::vector<correlation_candidate> out;
    if (identity_keys.empty())
        return out;
    std::vector<std::int64_t> incident_ids;
    {
        auto st = db.cached(correlation_candidates_sql);
        st->bind_all(to_column(nlohmann::json(identity_keys)), workspace_id, since,
                     exclude_alert_id);
        // Rows of one incident are adjacent and its preferred reason comes first.
        while (st->step()) {
            const auto incident_id = st->int64(0);
            if (!incident_ids.empty() && incident_ids.back() == incident_id)
                continue;
            incident_ids.push_back(incident_id);
            auto& c = out.emplace_back();
            c.incident_name = st->text(1);
            c.incident_number = st->int64(2);
            c.incident_created = st->time(3);
            c.identity_key = st->text(5);
            c.entity_kind = stored_kind(st->text(6));
            c.entity_friendly_name = st->text(7);
            c.alert_id = st->text(8);
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i].alerts_count = count_alerts(db, incident_ids[i]);
    return out;
}

}  // namespace tocsin::store::sqlite
