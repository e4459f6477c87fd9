#include "engine/store/sqlite/activity_repo.hpp"

#include "engine/store/sqlite/rows.hpp"
#include "engine/store/sqlite/sql.hpp"

namespace tocsin::store::sqlite {

void append_activity(connection& db, std::int64_t workspace_id, const model::activity_entry& e) {
    auto st = db.cached(sql::insert_activity);
    st->bind_all(workspace_id, e.incident_name, e.action, to_text(e.actor.type), e.actor.id,
                 e.actor.name, e.at, to_column(changes_json(e.changes)), to_column(e.detail));
    st->run();
}

std::vector<model::activity_entry> activity_of_incident(connection& db, std::int64_t workspace_id,
                                                        std::string_view incident_name) {
    std::vector<model::activity_entry> out;
    auto st = db.cached(sql::activity_of_incident);
    st->bind_all(workspace_id, incident_name);
    while (st->step())
        out.push_back(read_activity(*st));
    return out;
}

}  // namespace tocsin::store::sqlite
