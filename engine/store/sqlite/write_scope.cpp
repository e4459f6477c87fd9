#include "engine/store/sqlite/write_scope.hpp"

#include "engine/error.hpp"
#include "engine/store/sqlite/activity_repo.hpp"

namespace tocsin::store::sqlite {

void write_scope::record(std::string_view incident_name, std::string_view action,
                         std::vector<model::field_change> changes, nlohmann::json detail) {
    if (!workspace_id)
        throw error(errc::internal, "Activity recorded outside a workspace.");
    model::activity_entry entry;
    entry.incident_name = std::string(incident_name);
    entry.action = std::string(action);
    entry.actor = ctx.actor;
    entry.at = now;
    entry.changes = std::move(changes);
    entry.detail = std::move(detail);
    append_activity(db, *workspace_id, entry);
}

domain_event& write_scope::emit(event_type type, std::string_view incident_name) {
    auto& e = events.emplace_back();
    e.type = type;
    e.workspace_key = workspace_key;
    e.incident_name = std::string(incident_name);
    e.actor = ctx.actor;
    e.at = now;
    return e;
}

}  // namespace tocsin::store::sqlite
