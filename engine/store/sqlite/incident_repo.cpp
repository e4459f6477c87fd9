#include "engine/store/sqlite/incident_repo.hpp"

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/store/sqlite/sql.hpp"

namespace tocsin::store::sqlite {

namespace {

std::optional<std::string> optional_name(const auto& value) {
    if (!value)
        return std::nullopt;
    return std::string(model::to_string(*value));
}

void replace_labels(connection& db, std::int64_t incident_id, const model::incident& value) {
    {
        auto del = db.cached(sql::delete_labels);
        del->bind_all(incident_id);
        del->run();
    }
    auto ins = db.cached(sql::insert_label);
    std::int64_t position = 0;
    for (const auto& l : value.labels) {
        ins->bind_all(incident_id, position++, l.name, model::to_string(l.type));
        ins->run();
        ins->reset();
    }
}

std::vector<std::string> strings_of(connection& db, std::string_view sql, std::int64_t id) {
    std::vector<std::string> out;
    auto st = db.cached(sql);
    st->bind_all(id);
    while (st->step())
        out.push_back(st->text(0));
    return out;
}

}  // namespace

std::optional<incident_row> find_incident(connection& db, std::int64_t workspace_id,
                                          std::string_view name) {
    std::optional<incident_row> row;
    {
        auto st = db.cached(sql::find_incident);
        st->bind_all(workspace_id, name);
        if (!st->step())
            return std::nullopt;
        row = read_incident(*st);
    }
    load_labels(db, *row);
    return row;
}

incident_row load_incident(connection& db, std::int64_t incident_id) {
    std::optional<incident_row> row;
    {
        auto st = db.cached(sql::find_incident_by_id);
        st->bind_all(incident_id);
        if (!st->step())
            throw error(errc::internal,
                        "Incident row " + std::to_string(incident_id) + " vanished.");
        row = read_incident(*st);
    }
    load_labels(db, *row);
    return std::move(*row);
}

void load_labels(connection& db, incident_row& row) {
    row.value.labels.clear();
    auto st = db.cached(sql::select_labels);
    st->bind_all(row.id);
    while (st->step()) {
        model::label l;
        l.name = st->text(0);
        l.type =
            model::parse_enum<model::label_type>(st->text(1)).value_or(model::label_type::user);
        row.value.labels.push_back(std::move(l));
    }
}

std::int64_t count_alerts(connection& db, std::int64_t incident_id) {
    auto st = db.cached(sql::count_relations);
    st->bind_all(incident_id);
    return st->step() ? st->int64(0) : 0;
}

void attach_summary(connection& db, incident_row& row) {
    auto& summary = row.value.summary;
    summary = {};
    {
        auto st = db.cached(sql::summary_alerts);
        st->bind_all(row.id);
        if (st->step()) {
            summary.alerts_count = st->int64(0);
            if (summary.alerts_count > 0) {
                row.value.first_activity = st->optional_time(1);
                row.value.last_activity = st->optional_time(2);
            }
        }
    }
    {
        auto st = db.cached(sql::summary_children);
        st->bind_all(row.id);
        if (st->step()) {
            summary.comments_count = st->int64(0);
            summary.tasks_count = st->int64(1);
        }
    }
    if (summary.alerts_count == 0)
        return;
    summary.alert_product_names = strings_of(db, sql::summary_products, row.id);
    summary.tactics = strings_of(db, sql::summary_tactics, row.id);
    summary.techniques = strings_of(db, sql::summary_techniques, row.id);
}

std::int64_t insert_incident(connection& db, std::int64_t workspace_id, const model::incident& v) {
    {
        auto st = db.cached(sql::insert_incident);
        st->bind_all(workspace_id, v.name, v.number, v.title, v.description,
                     model::to_string(v.severity), model::severity_rank(v.severity),
                     model::to_string(v.status), optional_name(v.classification),
                     optional_name(v.reason), v.classification_comment, v.owner.object_id,
                     v.owner.email, v.owner.assigned_to, v.owner.user_principal_name,
                     model::to_string(v.owner.owner_type), v.provider_name, v.provider_incident_id,
                     to_column(nlohmann::json(v.related_analytic_rule_ids)), v.first_activity,
                     v.last_activity, v.created, v.last_modified, v.etag);
        st->run();
    }
    const auto id = db.last_insert_rowid();
    replace_labels(db, id, v);
    return id;
}

void update_incident(connection& db, std::int64_t incident_id, const model::incident& v) {
    {
        auto st = db.cached(sql::update_incident);
        st->bind_all(
            v.title, v.description, model::to_string(v.severity), model::severity_rank(v.severity),
            model::to_string(v.status), optional_name(v.classification), optional_name(v.reason),
            v.classification_comment, v.owner.object_id, v.owner.email, v.owner.assigned_to,
            v.owner.user_principal_name, model::to_string(v.owner.owner_type), v.provider_name,
            v.provider_incident_id, to_column(nlohmann::json(v.related_analytic_rule_ids)),
            v.first_activity, v.last_activity, v.last_modified, v.etag, incident_id);
        st->run();
    }
    replace_labels(db, incident_id, v);
}

void delete_incident(connection& db, std::int64_t incident_id) {
    auto st = db.cached(sql::delete_incident);
    st->bind_all(incident_id);
    st->run();
}

}  // namespace tocsin::store::sqlite
