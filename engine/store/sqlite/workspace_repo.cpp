#include "engine/store/sqlite/workspace_repo.hpp"

#include "engine/error.hpp"
#include "engine/store/sqlite/sql.hpp"

namespace tocsin::store::sqlite {

std::optional<std::int64_t> find_workspace(connection& db, const model::workspace_ref& ws) {
    auto st = db.cached(sql::find_workspace);
    st->bind_all(ws.key());
    if (!st->step())
        return std::nullopt;
    return st->int64(0);
}

std::int64_t ensure_workspace(connection& db, const model::workspace_ref& ws, time_point now) {
    if (auto id = find_workspace(db, ws))
        return *id;
    {
        auto st = db.cached(sql::insert_workspace);
        st->bind_all(ws.key(), ws.subscription, ws.resource_group, ws.name, now);
        st->run();
    }
    // Read back rather than trust last_insert_rowid(): DO NOTHING leaves it untouched.
    if (auto id = find_workspace(db, ws))
        return *id;
    throw error(errc::internal, "Workspace " + ws.key() + " was not created.");
}

std::int64_t take_incident_number(connection& db, std::int64_t workspace_id) {
    auto st = db.cached(sql::take_incident_number);
    st->bind_all(workspace_id);
    if (!st->step())
        throw error(errc::internal, "Workspace row " + std::to_string(workspace_id) + " vanished.");
    return st->int64(0);
}

}  // namespace tocsin::store::sqlite
