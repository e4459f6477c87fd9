// sqlite_store: alerts and entities.

#include <limits>

#include "engine/core/uuid.hpp"
#include "engine/model/validation.hpp"
#include "engine/store/errors.hpp"
#include "engine/store/page_token.hpp"
#include "engine/store/sqlite/alert_repo.hpp"
#include "engine/store/sqlite/incident_repo.hpp"
#include "engine/store/sqlite/incident_writes.hpp"
#include "engine/store/sqlite/sql.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "engine/store/sqlite/transaction.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store {

namespace {

void prepare_alert(model::alert& value) {
    if (value.system_alert_id.empty())
        value.system_alert_id = new_time_ordered_uuid();
    model::normalize(value);  // also assigns entity identities
    model::validate(value);
}

model::alert alert_view(sqlite::alert_row row, std::string_view workspace_key) {
    row.value.workspace_key = std::string(workspace_key);
    return std::move(row.value);
}

// The existing alert of that id (created=false), or the new one written in w's transaction.
upsert_result<model::alert> insert_or_find(sqlite::write_scope& w, const model::alert& value) {
    const auto ws = *w.workspace_id;
    if (auto existing = sqlite::find_alert(w.db, ws, value.system_alert_id))
        return {alert_view(std::move(*existing), w.workspace_key), false};
    const auto id = sqlite::insert_alert(w.db, ws, value, w.now);
    sqlite::alert_row row{id, value};
    row.value.created = w.now;
    sqlite::load_entities(w.db, row);
    auto stored = alert_view(std::move(row), w.workspace_key);
    w.record({}, "alert.created", {},
             {{"alertId", stored.system_alert_id}, {"productName", stored.product_name}});
    auto& e = w.emit(event_type::alert_created);
    e.alert_id = stored.system_alert_id;
    e.alert = std::make_shared<const model::alert>(stored);
    return {std::move(stored), true};
}

// An alert id read from the token of the previous page.
struct alert_cursor {
    std::int64_t time_ms = std::numeric_limits<std::int64_t>::max();
    std::int64_t id = std::numeric_limits<std::int64_t>::max();
};

std::uint64_t alert_query_fingerprint(const alert_query& q) {
    std::string text = q.product_name.value_or("\x01");
    text += '|';
    if (q.generated_after)
        text += std::to_string(q.generated_after->time_since_epoch().count());
    return fingerprint(text);
}

}  // namespace

upsert_result<model::alert> sqlite_store::create_alert(const workspace_ref& ws, model::alert value,
                                                       const write_context& ctx) {
    prepare_alert(value);
    std::optional<upsert_result<model::alert>> out;
    write(ws, ctx, workspace_mode::create,
          [&](sqlite::write_scope& w) { out = insert_or_find(w, value); });
    return std::move(*out);
}

std::vector<result<upsert_result<model::alert>>> sqlite_store::create_alerts(
    const workspace_ref& ws, std::vector<model::alert> values, const write_context& ctx) {
    std::vector<std::optional<result<upsert_result<model::alert>>>> slots(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto prepared = capture([&] { prepare_alert(values[i]); });
        if (!prepared)
            slots[i] = prepared.error();
    }
    write(ws, ctx, workspace_mode::create, [&](sqlite::write_scope& w) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (slots[i])
                continue;
            // Each item in its own savepoint: a failure rolls back that item alone.
            const auto events_before = w.events.size();
            try {
                sqlite::savepoint item(w.db, "alert_item");
                auto written = insert_or_find(w, values[i]);
                item.release();
                slots[i] = std::move(written);
            } catch (const error& e) {
                // A failing database fails the whole batch; an item's own fault fails the item.
                if (e.code() == errc::storage || e.code() == errc::unavailable)
                    throw;
                w.events.resize(events_before);
                slots[i] = e.info();
            }
        }
    });
    std::vector<result<upsert_result<model::alert>>> out;
    out.reserve(slots.size());
    for (auto& s : slots)
        out.push_back(std::move(*s));
    return out;
}

std::optional<model::alert> sqlite_store::find_alert(const workspace_ref& ws,
                                                     const std::string& system_alert_id) {
    std::optional<model::alert> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        if (auto row = sqlite::find_alert(db, *ws_id, system_alert_id))
            out = alert_view(std::move(*row), ws.key());
    });
    return out;
}

page<model::alert> sqlite_store::list_alerts(const workspace_ref& ws, const alert_query& query) {
    check_top(query.top);
    const auto print = alert_query_fingerprint(query);
    alert_cursor cursor;
    if (!query.skip_token.empty()) {
        const auto state = decode_page_token(query.skip_token);
        const auto f = state.find("f");
        const auto t = state.find("t");
        const auto i = state.find("i");
        if (f == state.end() || !f->is_number_unsigned() || f->get<std::uint64_t>() != print ||
            t == state.end() || !t->is_number_integer() || i == state.end() ||
            !i->is_number_integer())
            throw errors::bad_skip_token();
        cursor = {t->get<std::int64_t>(), i->get<std::int64_t>()};
    }
    const std::int64_t after = query.generated_after
                                   ? query.generated_after->time_since_epoch().count()
                                   : std::numeric_limits<std::int64_t>::min();
    page<model::alert> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        std::vector<sqlite::alert_row> rows;
        const auto limit = static_cast<std::int64_t>(query.top + 1);
        {
            auto st = db.cached(query.product_name ? sqlite::sql::list_alerts_of_product
                                                   : sqlite::sql::list_alerts);
            if (query.product_name) {
                st->bind_all(*ws_id, after, cursor.time_ms, cursor.id, *query.product_name, limit);
            } else {
                st->bind_all(*ws_id, after, cursor.time_ms, cursor.id, limit);
            }
            while (st->step())
                rows.push_back(sqlite::read_alert(*st));
        }
        if (rows.size() > query.top) {
            rows.pop_back();
            const auto& last = rows.back();
            out.next_token = encode_page_token(
                {{"f", print},
                 {"t",
                  static_cast<std::int64_t>(last.value.time_generated.time_since_epoch().count())},
                 {"i", last.id}});
        }
        for (auto& row : rows) {
            sqlite::load_entities(db, row);
            out.items.push_back(alert_view(std::move(row), ws.key()));
        }
    });
    return out;
}

std::vector<model::alert> sqlite_store::alerts_of_incident(const workspace_ref& ws,
                                                           const std::string& incident_name) {
    std::vector<model::alert> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        std::optional<sqlite::incident_row> incident;
        if (ws_id)
            incident = sqlite::find_incident(db, *ws_id, incident_name);
        if (!incident)
            throw errors::incident_not_found(incident_name);
        for (auto& row : sqlite::alerts_of_incident(db, incident->id))
            out.push_back(alert_view(std::move(row), ws.key()));
    });
    return out;
}

std::vector<model::incident> sqlite_store::incidents_of_alert(const workspace_ref& ws,
                                                              const std::string& alert_id) {
    std::vector<model::incident> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        auto alert = sqlite::find_alert(db, *ws_id, alert_id);
        if (!alert)
            return;
        std::vector<sqlite::incident_row> rows;
        {
            auto st = db.cached(sqlite::sql::incidents_of_alert);
            st->bind_all(alert->id);
            while (st->step())
                rows.push_back(sqlite::read_incident(*st));
        }
        for (auto& row : rows) {
            sqlite::load_labels(db, row);
            out.push_back(sqlite::incident_view(db, std::move(row), ws.key()));
        }
    });
    return out;
}

std::vector<model::entity> sqlite_store::entities_of_incident(const workspace_ref& ws,
                                                              const std::string& incident_name) {
    std::vector<model::entity> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        std::optional<sqlite::incident_row> incident;
        if (ws_id)
            incident = sqlite::find_incident(db, *ws_id, incident_name);
        if (!incident)
            throw errors::incident_not_found(incident_name);
        out = sqlite::entities_of_incident(db, incident->id);
    });
    return out;
}

std::vector<model::entity> sqlite_store::entities_of_alert(const workspace_ref& ws,
                                                           const std::string& alert_id) {
    std::vector<model::entity> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (!ws_id)
            return;
        if (auto alert = sqlite::find_alert(db, *ws_id, alert_id))
            out = std::move(alert->value.entities);
    });
    return out;
}

std::optional<model::entity> sqlite_store::find_entity(const workspace_ref& ws,
                                                       const std::string& entity_id) {
    std::optional<model::entity> out;
    read(ws, [&](sqlite::connection& db, std::optional<std::int64_t> ws_id) {
        if (ws_id)
            out = sqlite::find_entity(db, *ws_id, entity_id);
    });
    return out;
}

}  // namespace tocsin::store
