#include "engine/store/sqlite/run_repo.hpp"

#include "engine/error.hpp"

namespace tocsin::store::sqlite {
namespace {

using nlohmann::json;

// The WHERE of the upsert keeps an ended record from being overwritten by a late "running"
// write (start and end writes of a run go through the blocking pool and may swap order).
constexpr std::string_view upsert_run_sql = R"sql(
INSERT INTO playbook_runs (id, playbook, version, sha256, source_path, trigger_kind, trigger,
                           params, status, started_ms, ended_ms, error, traceback, result, logs,
                           actions)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
ON CONFLICT (id) DO UPDATE SET
    playbook = excluded.playbook, version = excluded.version, sha256 = excluded.sha256,
    source_path = excluded.source_path, trigger_kind = excluded.trigger_kind,
    trigger = excluded.trigger, params = excluded.params, status = excluded.status,
    started_ms = excluded.started_ms, ended_ms = excluded.ended_ms, error = excluded.error,
    traceback = excluded.traceback, result = excluded.result, logs = excluded.logs,
    actions = excluded.actions
WHERE excluded.status <> 'running' OR playbook_runs.status = 'running'
)sql";

// Sources are content-addressed: a run that starts with a known source adds nothing.
constexpr std::string_view insert_source_sql =
    "INSERT INTO playbook_sources (sha256, source) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING";

constexpr std::string_view select_run_sql = R"sql(
SELECT r.id, r.playbook, r.version, r.sha256, r.source_path, r.trigger_kind, r.trigger, r.params,
       r.status, r.started_ms, r.ended_ms, r.error, r.traceback, r.result, r.logs, r.actions,
       s.source
FROM playbook_runs r LEFT JOIN playbook_sources s ON s.sha256 = r.sha256
WHERE r.id = ?1
)sql";

constexpr std::string_view select_runs_sql = R"sql(
SELECT id, playbook, version, sha256, source_path, trigger_kind, trigger, params, status,
       started_ms, ended_ms, error, traceback, result, logs, actions
FROM playbook_runs
WHERE (?1 IS NULL OR playbook = ?1) AND (?2 IS NULL OR status = ?2)
ORDER BY started_ms DESC, id DESC LIMIT ?3
)sql";

constexpr std::string_view select_unfinished_sql =
    "SELECT id FROM playbook_runs WHERE status = 'running' ORDER BY started_ms, id";

constexpr std::string_view insert_journal_sql =
    "INSERT INTO playbook_journal (run_id, sequence, kind, data) VALUES (?1, ?2, ?3, ?4)";

constexpr std::string_view select_journal_sql =
    "SELECT run_id, sequence, kind, data FROM playbook_journal WHERE run_id = ?1 "
    "ORDER BY sequence";

// Scans the activity log by its primary key from `after` on; the action filter is cheap there.
constexpr std::string_view select_creation_events_sql = R"sql(
SELECT a.id, w.key, a.action, a.incident_name, a.detail, a.actor_type, a.actor_id, a.actor_name
FROM activity a JOIN workspaces w ON w.id = a.workspace_id
WHERE a.id > ?1 AND a.action IN ('incident.created', 'alert.created')
ORDER BY a.id LIMIT ?2
)sql";

constexpr std::string_view select_last_activity_sql = "SELECT COALESCE(MAX(id), 0) FROM activity";

constexpr std::string_view select_runner_value_sql =
    "SELECT value FROM runner_state WHERE key = ?1";

constexpr std::string_view upsert_runner_value_sql =
    "INSERT INTO runner_state (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

json parse_or(const std::string& text, json fallback) {
    auto v = json::parse(text, nullptr, false);
    return v.is_discarded() ? fallback : v;
}

run_record read_run(statement& st) {
    run_record r;
    r.id = st.text(0);
    r.playbook = st.text(1);
    r.version = st.text(2);
    r.sha256 = st.text(3);
    r.source_path = st.text(4);
    r.trigger_kind = st.text(5);
    r.trigger = parse_or(st.text(6), json::object());
    r.params = parse_or(st.text(7), json::object());
    r.status = st.text(8);
    r.started = st.time(9);
    r.ended = st.optional_time(10);
    r.error = st.text(11);
    r.traceback = st.text(12);
    r.result = parse_or(st.text(13), nullptr);
    r.logs = parse_or(st.text(14), json::array());
    r.actions = parse_or(st.text(15), json::array());
    if (st.column_count() > 16)
        r.source = st.optional_text(16).value_or(std::string());
    return r;
}

}  // namespace

void upsert_run(connection& db, const run_record& r) {
    auto st = db.cached(upsert_run_sql);
    st->bind_all(r.id, r.playbook, r.version, r.sha256, r.source_path, r.trigger_kind,
                 r.trigger.dump(), r.params.dump(), r.status, r.started);
    st->bind(11, r.ended);
    st->bind(12, r.error);
    st->bind(13, r.traceback);
    st->bind(14, r.result.dump());
    st->bind(15, r.logs.dump());
    st->bind(16, r.actions.dump());
    st->run();
    if (!r.source.empty() && !r.sha256.empty()) {
        auto src = db.cached(insert_source_sql);
        src->bind_all(r.sha256, r.source);
        src->run();
    }
}

std::optional<run_record> select_run(connection& db, const std::string& id) {
    auto st = db.cached(select_run_sql);
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_run(*st);
}

std::vector<run_record> select_runs(connection& db, const run_query& query) {
    auto st = db.cached(select_runs_sql);
    st->bind(1, query.playbook);
    st->bind(2, query.status);
    st->bind(3, static_cast<std::int64_t>(query.top));
    std::vector<run_record> out;
    while (st->step())
        out.push_back(read_run(*st));
    return out;
}

std::vector<std::string> select_unfinished_runs(connection& db) {
    auto st = db.cached(select_unfinished_sql);
    std::vector<std::string> out;
    while (st->step())
        out.push_back(st->text(0));
    return out;
}

void insert_journal(connection& db, const journal_entry& e) {
    auto st = db.cached(insert_journal_sql);
    st->bind_all(e.run_id, static_cast<std::int64_t>(e.sequence), e.kind, e.data.dump());
    try {
        st->run();
    } catch (const error& err) {
        if (err.code() == errc::conflict)
            throw error(errc::already_exists, "journal entry " + std::to_string(e.sequence) +
                                                  " of run " + e.run_id + " exists");
        throw;
    }
}

std::vector<journal_entry> select_journal(connection& db, const std::string& run_id) {
    auto st = db.cached(select_journal_sql);
    st->bind(1, run_id);
    std::vector<journal_entry> out;
    while (st->step()) {
        journal_entry e;
        e.run_id = st->text(0);
        e.sequence = static_cast<std::uint64_t>(st->int64(1));
        e.kind = st->text(2);
        e.data = parse_or(st->text(3), nullptr);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<creation_event> select_creation_events(connection& db, std::int64_t after,
                                                   std::size_t limit) {
    auto st = db.cached(select_creation_events_sql);
    st->bind(1, after);
    st->bind(2, static_cast<std::int64_t>(limit));
    std::vector<creation_event> out;
    while (st->step()) {
        creation_event e;
        e.id = st->int64(0);
        e.workspace_key = st->text(1);
        e.action = st->text(2);
        if (e.action == "alert.created")
            e.subject = parse_or(st->text(4), json::object()).value("alertId", std::string());
        else
            e.subject = st->text(3);
        e.actor_type = st->text(5);
        e.actor_id = st->text(6);
        e.actor_name = st->text(7);
        out.push_back(std::move(e));
    }
    return out;
}

std::int64_t select_last_activity_id(connection& db) {
    auto st = db.cached(select_last_activity_sql);
    return st->step() ? st->int64(0) : 0;
}

std::optional<std::string> select_runner_value(connection& db, const std::string& key) {
    auto st = db.cached(select_runner_value_sql);
    st->bind(1, key);
    if (!st->step())
        return std::nullopt;
    return st->text(0);
}

void upsert_runner_value(connection& db, const std::string& key, const std::string& value) {
    auto st = db.cached(upsert_runner_value_sql);
    st->bind_all(key, value);
    st->run();
}

}  // namespace tocsin::store::sqlite
