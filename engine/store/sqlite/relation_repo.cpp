#include "engine/store/sqlite/relation_repo.hpp"

#include "engine/store/sqlite/sql.hpp"

namespace tocsin::store::sqlite {

std::optional<relation_row> find_relation(connection& db, std::int64_t incident_id,
                                          std::string_view name) {
    auto st = db.cached(sql::find_relation);
    st->bind_all(incident_id, name);
    if (!st->step())
        return std::nullopt;
    return read_relation(*st);
}

std::optional<relation_row> find_relation_of_alert(connection& db, std::int64_t incident_id,
                                                   std::int64_t alert_row_id) {
    auto st = db.cached(sql::find_relation_of_alert);
    st->bind_all(incident_id, alert_row_id);
    if (!st->step())
        return std::nullopt;
    return read_relation(*st);
}

std::vector<relation_row> list_relations(connection& db, std::int64_t incident_id) {
    std::vector<relation_row> out;
    auto st = db.cached(sql::list_relations);
    st->bind_all(incident_id);
    while (st->step())
        out.push_back(read_relation(*st));
    return out;
}

std::int64_t insert_relation(connection& db, std::int64_t incident_id, std::string_view name,
                             std::int64_t alert_row_id, std::string_view etag, time_point now) {
    auto st = db.cached(sql::insert_relation);
    st->bind_all(incident_id, name, alert_row_id, etag, now);
    st->run();
    return db.last_insert_rowid();
}

void delete_relation(connection& db, std::int64_t relation_id) {
    auto st = db.cached(sql::delete_relation);
    st->bind_all(relation_id);
    st->run();
}

std::vector<std::int64_t> sole_alert_incidents(connection& db, std::int64_t alert_row_id,
                                               std::int64_t except_incident_id) {
    std::vector<std::int64_t> out;
    auto st = db.cached(sql::sole_alert_incidents);
    st->bind_all(alert_row_id, except_incident_id);
    while (st->step())
        out.push_back(st->int64(0));
    return out;
}

}  // namespace tocsin::store::sqlite
