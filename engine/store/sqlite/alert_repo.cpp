#include "engine/store/sqlite/alert_repo.hpp"

#include <nlohmann/json.hpp>

#include "engine/store/sqlite/sql.hpp"

namespace tocsin::store::sqlite {

namespace {

// The entity's row id, inserting it when the workspace has not seen its identity. A known
// entity keeps what it has (the first report wins) and gains the properties it lacked, so a
// later alert with more detail about the same host enriches the one row.
std::int64_t upsert_entity(connection& db, std::int64_t workspace_id, const model::entity& e,
                           time_point now) {
    std::optional<std::int64_t> id;
    nlohmann::json stored;
    std::string friendly_name;
    {
        auto st = db.cached(sql::find_entity_by_key);
        st->bind_all(workspace_id, e.identity_key);
        if (st->step()) {
            id = st->int64(0);
            stored = parse_stored_json(st->text(1), "entities.properties");
            friendly_name = st->text(2);
        }
    }
    if (!id) {
        auto st = db.cached(sql::insert_entity);
        st->bind_all(workspace_id, e.id, model::to_string(e.kind), e.identity_key, e.friendly_name,
                     to_column(e.properties), now);
        st->run();
        return db.last_insert_rowid();
    }
    bool changed = false;
    if (stored.is_object() && e.properties.is_object()) {
        for (const auto& [key, value] : e.properties.items()) {
            if (!stored.contains(key)) {
                stored[key] = value;
                changed = true;
            }
        }
    }
    if (friendly_name.empty() && !e.friendly_name.empty()) {
        friendly_name = e.friendly_name;
        changed = true;
    }
    if (changed) {
        auto st = db.cached(sql::update_entity);
        st->bind_all(friendly_name, to_column(stored), *id);
        st->run();
    }
    return *id;
}

std::vector<model::entity> entities_by(connection& db, std::string_view sql, std::int64_t id) {
    std::vector<model::entity> out;
    auto st = db.cached(sql);
    st->bind_all(id);
    while (st->step())
        out.push_back(read_entity(*st));
    return out;
}

}  // namespace

std::optional<alert_row> find_alert(connection& db, std::int64_t workspace_id,
                                    std::string_view system_alert_id) {
    std::optional<alert_row> row;
    {
        auto st = db.cached(sql::find_alert);
        st->bind_all(workspace_id, system_alert_id);
        if (!st->step())
            return std::nullopt;
        row = read_alert(*st);
    }
    load_entities(db, *row);
    return row;
}

bool alert_exists_elsewhere(connection& db, std::int64_t workspace_id,
                            std::string_view system_alert_id) {
    auto st = db.cached(sql::alert_in_other_workspace);
    st->bind_all(system_alert_id, workspace_id);
    return st->step();
}

void load_entities(connection& db, alert_row& row) {
    row.value.entities = entities_by(db, sql::entities_of_alert, row.id);
}

std::int64_t insert_alert(connection& db, std::int64_t workspace_id, const model::alert& a,
                          time_point now) {
    {
        auto st = db.cached(sql::insert_alert);
        st->bind_all(workspace_id, a.system_alert_id, a.display_name, model::to_string(a.severity),
                     model::severity_rank(a.severity), model::to_string(a.status), a.product_name,
                     a.provider_alert_id, to_column(nlohmann::json(a.tactics)),
                     to_column(nlohmann::json(a.techniques)), a.start_time, a.end_time,
                     a.time_generated, now, to_column(alert_data(a)));
        st->run();
    }
    const auto alert_id = db.last_insert_rowid();
    std::int64_t position = 0;
    for (const auto& e : a.entities) {
        const auto entity_id = upsert_entity(db, workspace_id, e, now);
        auto link = db.cached(sql::link_alert_entity);
        link->bind_all(alert_id, entity_id, position++);
        link->run();
    }
    return alert_id;
}

std::vector<model::entity> entities_of_alert(connection& db, std::int64_t alert_row_id) {
    return entities_by(db, sql::entities_of_alert, alert_row_id);
}

std::vector<model::entity> entities_of_incident(connection& db, std::int64_t incident_id) {
    return entities_by(db, sql::entities_of_incident, incident_id);
}

std::optional<model::entity> find_entity(connection& db, std::int64_t workspace_id,
                                         std::string_view entity_id) {
    auto st = db.cached(sql::find_entity);
    st->bind_all(workspace_id, entity_id);
    if (!st->step())
        return std::nullopt;
    return read_entity(*st);
}

std::vector<alert_row> alerts_of_incident(connection& db, std::int64_t incident_id) {
    std::vector<alert_row> out;
    {
        auto st = db.cached(sql::alerts_of_incident);
        st->bind_all(incident_id);
        while (st->step())
            out.push_back(read_alert(*st));
    }
    for (auto& row : out)
        load_entities(db, row);
    return out;
}

}  // namespace tocsin::store::sqlite
