// sqlite_store: owner details by objectId, for clients that assign an incident by objectId
// alone (the Sentinel SDKs do) and expect the name and e-mail back.

#include "engine/model/enums.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace tocsin::store {

namespace {

// Served by incidents_by_owner (migration 3); newest write first.
constexpr std::string_view find_owner_sql =
    "SELECT owner_object_id, owner_email, owner_assigned_to, owner_user_principal_name, "
    "owner_type FROM incidents "
    "WHERE workspace_id = ? AND owner_object_id = ? COLLATE NOCASE "
    "AND (owner_email <> '' OR owner_assigned_to <> '' OR owner_user_principal_name <> '') "
    "ORDER BY last_modified_ms DESC, id DESC LIMIT 1";

}  // namespace

std::optional<model::owner_info> sqlite_store::find_owner(const workspace_ref& ws,
                                                          const std::string& object_id) {
    std::optional<model::owner_info> out;
    if (object_id.empty())
        return out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto st = db.cached(find_owner_sql);
        st->bind_all(*ws_id, object_id);
        if (!st->step())
            return;
        model::owner_info owner;
        owner.object_id = st->text(0);
        owner.email = st->text(1);
        owner.assigned_to = st->text(2);
        owner.user_principal_name = st->text(3);
        owner.owner_type =
            model::parse_enum<model::owner_type>(st->text(4)).value_or(model::owner_type::unknown);
        out = std::move(owner);
    });
    return out;
}

}  // namespace tocsin::store
