#include "engine/store/sqlite/migrations.hpp"

#include <array>
#include <string>

#include "engine/error.hpp"
#include "engine/store/sqlite/transaction.hpp"

namespace tocsin::store::sqlite {

namespace {

constexpr std::string_view bootstrap_sql = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version       INTEGER PRIMARY KEY,
    description   TEXT    NOT NULL,
    applied_at_ms INTEGER NOT NULL
);
)sql";

// Version 1: the whole model. Conventions: times are INTEGER milliseconds since the Unix epoch
// (UTC); names compare case-insensitively (COLLATE NOCASE) as ARM resource names do; text that
// is absent is '' rather than NULL, except where NULL means "not set" (classification, times).
// Internal INTEGER PRIMARY KEYs join the tables; API names are unique per parent.
constexpr std::string_view v1_initial_schema = R"sql(
CREATE TABLE workspaces (
    id                   INTEGER PRIMARY KEY,
    key                  TEXT    NOT NULL UNIQUE,   -- lower-case "sub/rg/name"
    subscription         TEXT    NOT NULL,
    resource_group       TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    -- Next incident number; only ever grows, so numbers are never reused after a delete.
    next_incident_number INTEGER NOT NULL DEFAULT 1 CHECK (next_incident_number >= 1),
    created_ms           INTEGER NOT NULL
);

CREATE TABLE incidents (
    id                        INTEGER PRIMARY KEY,
    workspace_id              INTEGER NOT NULL REFERENCES workspaces (id),
    name                      TEXT    NOT NULL COLLATE NOCASE,
    number                    INTEGER NOT NULL,
    title                     TEXT    NOT NULL,
    description               TEXT    NOT NULL DEFAULT '',
    severity                  TEXT    NOT NULL,
    severity_rank             INTEGER NOT NULL CHECK (severity_rank BETWEEN 0 AND 3),
    status                    TEXT    NOT NULL CHECK (status IN ('New', 'Active', 'Closed')),
    classification            TEXT,
    classification_reason     TEXT,
    classification_comment    TEXT    NOT NULL DEFAULT '',
    owner_object_id           TEXT    NOT NULL DEFAULT '',
    owner_email               TEXT    NOT NULL DEFAULT '',
    owner_assigned_to         TEXT    NOT NULL DEFAULT '',
    owner_user_principal_name TEXT    NOT NULL DEFAULT '',
    owner_type                TEXT    NOT NULL DEFAULT 'Unknown',
    provider_name             TEXT    NOT NULL COLLATE NOCASE,
    provider_incident_id      TEXT    NOT NULL DEFAULT '',
    related_analytic_rule_ids TEXT    NOT NULL DEFAULT '[]',   -- JSON array of strings
    first_activity_ms         INTEGER,
    last_activity_ms          INTEGER,
    created_ms                INTEGER NOT NULL,
    last_modified_ms          INTEGER NOT NULL,
    etag                      TEXT    NOT NULL,
    UNIQUE (workspace_id, name),
    UNIQUE (workspace_id, number)
);
CREATE INDEX incidents_by_created  ON incidents (workspace_id, created_ms, id);
CREATE INDEX incidents_by_modified ON incidents (workspace_id, last_modified_ms, id);
CREATE INDEX incidents_by_status   ON incidents (workspace_id, status, severity_rank);

CREATE TABLE incident_labels (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL COLLATE NOCASE,
    type        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, position)
) WITHOUT ROWID;
CREATE INDEX incident_labels_by_name ON incident_labels (name, incident_id);

CREATE TABLE alerts (
    id                INTEGER PRIMARY KEY,
    workspace_id      INTEGER NOT NULL REFERENCES workspaces (id),
    system_alert_id   TEXT    NOT NULL COLLATE NOCASE,
    display_name      TEXT    NOT NULL,
    severity          TEXT    NOT NULL,
    severity_rank     INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    product_name      TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    provider_alert_id TEXT    NOT NULL DEFAULT '',
    tactics           TEXT    NOT NULL DEFAULT '[]',   -- JSON array: summaries read it in SQL
    techniques        TEXT    NOT NULL DEFAULT '[]',
    start_ms          INTEGER,
    end_ms            INTEGER,
    time_generated_ms INTEGER NOT NULL,
    created_ms        INTEGER NOT NULL,
    data              TEXT    NOT NULL DEFAULT '{}',   -- JSON: the remaining alert fields
    UNIQUE (workspace_id, system_alert_id)
);
-- Finds an alert id in another workspace (relations across workspaces are refused by name).
CREATE INDEX alerts_by_system_id ON alerts (system_alert_id);

CREATE TABLE entities (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id),
    entity_id     TEXT    NOT NULL,   -- name-based UUID of identity_key
    kind          TEXT    NOT NULL,
    identity_key  TEXT    NOT NULL,
    friendly_name TEXT    NOT NULL DEFAULT '',
    properties    TEXT    NOT NULL DEFAULT '{}',
    created_ms    INTEGER NOT NULL,
    UNIQUE (workspace_id, identity_key)
);
CREATE INDEX entities_by_entity_id ON entities (workspace_id, entity_id);

-- Correlation walks entity → alerts → incidents: entities (workspace_id, identity_key),
-- alert_entities_by_entity, relations_by_alert; every step is an index lookup.
CREATE TABLE alert_entities (
    alert_id  INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (alert_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX alert_entities_by_entity ON alert_entities (entity_id, alert_id);

CREATE TABLE relations (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL COLLATE NOCASE,
    alert_id    INTEGER NOT NULL REFERENCES alerts (id),
    etag        TEXT    NOT NULL,
    created_ms  INTEGER NOT NULL,
    UNIQUE (incident_id, name),
    UNIQUE (incident_id, alert_id)
);
CREATE INDEX relations_by_alert ON relations (alert_id, incident_id);

CREATE TABLE comments (
    id               INTEGER PRIMARY KEY,
    incident_id      INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    name             TEXT    NOT NULL COLLATE NOCASE,
    message          TEXT    NOT NULL,
    author_type      TEXT    NOT NULL,
    author_id        TEXT    NOT NULL DEFAULT '',
    author_name      TEXT    NOT NULL DEFAULT '',
    author_email     TEXT    NOT NULL DEFAULT '',
    created_ms       INTEGER NOT NULL,
    last_modified_ms INTEGER NOT NULL,
    etag             TEXT    NOT NULL,
    UNIQUE (incident_id, name)
);

CREATE TABLE tasks (
    id                      INTEGER PRIMARY KEY,
    incident_id             INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    name                    TEXT    NOT NULL COLLATE NOCASE,
    title                   TEXT    NOT NULL,
    description             TEXT    NOT NULL DEFAULT '',
    status                  TEXT    NOT NULL,
    created_by_type         TEXT    NOT NULL,
    created_by_id           TEXT    NOT NULL DEFAULT '',
    created_by_name         TEXT    NOT NULL DEFAULT '',
    last_modified_by_type   TEXT    NOT NULL,
    last_modified_by_id     TEXT    NOT NULL DEFAULT '',
    last_modified_by_name   TEXT    NOT NULL DEFAULT '',
    created_ms              INTEGER NOT NULL,
    last_modified_ms        INTEGER NOT NULL,
    etag                    TEXT    NOT NULL,
    UNIQUE (incident_id, name)
);

-- The audit log. Keyed by incident name, not id, so entries outlive the incident; append-only,
-- which the triggers below enforce against any code path (and any hand-written SQL).
CREATE TABLE activity (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id),
    incident_name TEXT    NOT NULL COLLATE NOCASE,   -- '' for entries about no incident
    action        TEXT    NOT NULL,
    actor_type    TEXT    NOT NULL,
    actor_id      TEXT    NOT NULL DEFAULT '',
    actor_name    TEXT    NOT NULL DEFAULT '',
    at_ms         INTEGER NOT NULL,
    changes       TEXT    NOT NULL DEFAULT '[]',   -- JSON [{field, before, after}]
    detail        TEXT    NOT NULL DEFAULT '{}'    -- JSON object
);
CREATE INDEX activity_by_incident ON activity (workspace_id, incident_name, id);
CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
)sql";

// Version 2: list_alerts filters by product and pages by generation time, newest first.
constexpr std::string_view v2_alert_listing = R"sql(
CREATE INDEX alerts_by_generated ON alerts (workspace_id, time_generated_ms, id);
CREATE INDEX alerts_by_product   ON alerts (workspace_id, product_name, time_generated_ms, id);
)sql";

// Version 3: automation rules (the validated Sentinel properties as JSON; the rule engine reads
// them in execution order), and the index behind find_owner (owner details by objectId).
constexpr std::string_view v3_automation_rules_and_owners = R"sql(
CREATE TABLE automation_rules (
    id                    INTEGER PRIMARY KEY,
    workspace_id          INTEGER NOT NULL REFERENCES workspaces (id),
    name                  TEXT    NOT NULL COLLATE NOCASE,
    properties            TEXT    NOT NULL,   -- JSON object
    created_by_type       TEXT    NOT NULL,
    created_by_id         TEXT    NOT NULL DEFAULT '',
    created_by_name       TEXT    NOT NULL DEFAULT '',
    last_modified_by_type TEXT    NOT NULL,
    last_modified_by_id   TEXT    NOT NULL DEFAULT '',
    last_modified_by_name TEXT    NOT NULL DEFAULT '',
    created_ms            INTEGER NOT NULL,
    last_modified_ms      INTEGER NOT NULL,
    etag                  TEXT    NOT NULL,
    UNIQUE (workspace_id, name)
);
CREATE INDEX incidents_by_owner ON incidents (workspace_id, owner_object_id COLLATE NOCASE,
                                              last_modified_ms);
)sql";

// Version 4: playbook run records (JSON columns hold what only the runner interprets) and the
// per-run action journal that durable runs replay after a crash.
constexpr std::string_view v4_playbook_runs = R"sql(
CREATE TABLE playbook_runs (
    id            TEXT    PRIMARY KEY,
    playbook      TEXT    NOT NULL,
    version       TEXT    NOT NULL DEFAULT '',
    sha256        TEXT    NOT NULL DEFAULT '',
    source_path   TEXT    NOT NULL DEFAULT '',
    trigger_kind  TEXT    NOT NULL,
    trigger       TEXT    NOT NULL DEFAULT '{}',   -- JSON
    params        TEXT    NOT NULL DEFAULT '{}',   -- JSON
    status        TEXT    NOT NULL,
    started_ms    INTEGER NOT NULL,
    ended_ms      INTEGER,
    error         TEXT    NOT NULL DEFAULT '',
    traceback     TEXT    NOT NULL DEFAULT '',
    result        TEXT    NOT NULL DEFAULT 'null', -- JSON
    logs          TEXT    NOT NULL DEFAULT '[]',   -- JSON
    actions       TEXT    NOT NULL DEFAULT '[]'    -- JSON
);
CREATE INDEX playbook_runs_by_start  ON playbook_runs (started_ms, id);
CREATE INDEX playbook_runs_by_status ON playbook_runs (status);
CREATE TABLE playbook_journal (
    run_id    TEXT    NOT NULL,
    sequence  INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    data      TEXT    NOT NULL,   -- JSON
    PRIMARY KEY (run_id, sequence)
);
)sql";

// Version 5: durable runs. The playbook source each run started with, by content hash (a resumed
// run replays the source it began with, whatever the file says now), and the runner's cursor
// into the activity log (creation events already turned into run records).
constexpr std::string_view v5_durable_runs = R"sql(
CREATE TABLE playbook_sources (
    sha256  TEXT PRIMARY KEY,
    source  TEXT NOT NULL
);
CREATE TABLE runner_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
)sql";

// Version 6: bearer tokens of the REST API. Only the SHA-256 of a token's secret is kept; the id
// (a UUID, part of the token text) finds the row. Roles and workspace limits are JSON arrays the
// auth module interprets. Rows are never deleted: revocation stamps revoked_ms.
constexpr std::string_view v6_api_tokens = R"sql(
CREATE TABLE api_tokens (
    id            TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('app', 'user')),
    roles         TEXT    NOT NULL,                -- JSON array of role names
    workspaces    TEXT    NOT NULL DEFAULT '[]',   -- JSON [{subscription, resourceGroup, name}]
    secret_sha256 TEXT    NOT NULL,
    created_ms    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL DEFAULT '',
    expires_ms    INTEGER,
    revoked_ms    INTEGER
);
)sql";

// Version 7: alert rules (Sentinel alertRules of kind MicrosoftSecurityIncidentCreation: which
// alerts become incidents), stored as automation rules are: the validated properties as JSON.
constexpr std::string_view v7_alert_rules = R"sql(
CREATE TABLE alert_rules (
    id                    INTEGER PRIMARY KEY,
    workspace_id          INTEGER NOT NULL REFERENCES workspaces (id),
    name                  TEXT    NOT NULL COLLATE NOCASE,
    properties            TEXT    NOT NULL,   -- JSON object
    created_by_type       TEXT    NOT NULL,
    created_by_id         TEXT    NOT NULL DEFAULT '',
    created_by_name       TEXT    NOT NULL DEFAULT '',
    last_modified_by_type TEXT    NOT NULL,
    last_modified_by_id   TEXT    NOT NULL DEFAULT '',
    last_modified_by_name TEXT    NOT NULL DEFAULT '',
    created_ms            INTEGER NOT NULL,
    last_modified_ms      INTEGER NOT NULL,
    etag                  TEXT    NOT NULL,
    UNIQUE (workspace_id, name)
);
)sql";

// Version 8: watchlists (Sentinel watchlists) and their items. A watchlist's columns are its CSV
// header as a JSON array; an item's values are a JSON object over them, and its key (the value of
// the watchlist's itemsSearchKey column) also has a column of its own for the lookup index. Keys
// are unique per watchlist ignoring case: lookups ask lower(key) = lower(?), which this index
// answers. Deleting a watchlist deletes its items (foreign_keys is on).
constexpr std::string_view v8_watchlists = R"sql(
CREATE TABLE watchlists (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces (id),
    alias            TEXT    NOT NULL COLLATE NOCASE,
    watchlist_id     TEXT    NOT NULL,
    display_name     TEXT    NOT NULL,
    provider         TEXT    NOT NULL,
    source           TEXT    NOT NULL DEFAULT '',
    description      TEXT    NOT NULL DEFAULT '',
    items_search_key TEXT    NOT NULL,
    column_names     TEXT    NOT NULL,                -- JSON array of strings
    labels           TEXT    NOT NULL DEFAULT '[]',   -- JSON array of strings
    lines_to_skip    INTEGER NOT NULL DEFAULT 0,
    content_type     TEXT    NOT NULL DEFAULT 'text/csv',
    created_by_type  TEXT    NOT NULL,
    created_by_id    TEXT    NOT NULL DEFAULT '',
    created_by_name  TEXT    NOT NULL DEFAULT '',
    updated_by_type  TEXT    NOT NULL,
    updated_by_id    TEXT    NOT NULL DEFAULT '',
    updated_by_name  TEXT    NOT NULL DEFAULT '',
    created_ms       INTEGER NOT NULL,
    updated_ms       INTEGER NOT NULL,
    etag             TEXT    NOT NULL,
    UNIQUE (workspace_id, alias)
);

CREATE TABLE watchlist_items (
    id              INTEGER PRIMARY KEY,
    watchlist_id    INTEGER NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    item_id         TEXT    NOT NULL COLLATE NOCASE,
    key             TEXT    NOT NULL,
    item_values     TEXT    NOT NULL,   -- JSON object {column: value}
    created_by_type TEXT    NOT NULL,
    created_by_id   TEXT    NOT NULL DEFAULT '',
    created_by_name TEXT    NOT NULL DEFAULT '',
    updated_by_type TEXT    NOT NULL,
    updated_by_id   TEXT    NOT NULL DEFAULT '',
    updated_by_name TEXT    NOT NULL DEFAULT '',
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL,
    etag            TEXT    NOT NULL,
    UNIQUE (watchlist_id, item_id)
);
CREATE UNIQUE INDEX watchlist_items_by_key ON watchlist_items (watchlist_id, lower(key));
-- Listing pages through a watchlist's items in load order (rowid), without sorting them all.
CREATE INDEX watchlist_items_in_order ON watchlist_items (watchlist_id, id);
)sql";

constexpr std::array<migration, 8> all_migrations{{
    {1, "initial schema", v1_initial_schema},
    {2, "indexes for alert listing by product and generation time", v2_alert_listing},
    {3, "automation rules; owner lookup by objectId", v3_automation_rules_and_owners},
    {4, "playbook run records and action journal", v4_playbook_runs},
    {5, "durable runs: playbook sources, runner cursor", v5_durable_runs},
    {6, "API tokens", v6_api_tokens},
    {7, "alert rules (incident creation rules)", v7_alert_rules},
    {8, "watchlists and watchlist items", v8_watchlists},
}};

int recorded_version(connection& db) {
    auto st = db.cached("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return st->step() ? static_cast<int>(st->int64(0)) : 0;
}

void refuse_newer(connection& db, int version) {
    if (version > latest_schema_version())
        throw error(errc::storage,
                    "The database " + db.file().string() + " is at schema version " +
                        std::to_string(version) + ", newer than this build of Tocsin supports (" +
                        std::to_string(latest_schema_version()) +
                        "); it was written by a newer release. Refusing to open it.");
}

}  // namespace

std::span<const migration> migrations() {
    return all_migrations;
}

int latest_schema_version() {
    return all_migrations.back().version;
}

int schema_version_of(connection& db) {
    auto st = db.cached(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
    if (!st->step())
        return 0;
    return recorded_version(db);
}

int migrate(connection& db, time_point now, std::optional<int> target) {
    db.exec(bootstrap_sql);
    refuse_newer(db, recorded_version(db));
    const int goal = target.value_or(latest_schema_version());
    for (const auto& m : all_migrations) {
        if (m.version > goal)
            break;
        transaction txn(db, transaction::kind::immediate);
        // Re-read under the write lock: another process may have applied it meanwhile.
        const int current = recorded_version(db);
        refuse_newer(db, current);
        if (m.version <= current)
            continue;
        if (m.version != current + 1)
            throw error(errc::storage, "The database " + db.file().string() +
                                           " is at schema version " + std::to_string(current) +
                                           " but migration " + std::to_string(m.version) +
                                           " is next; the migration list has a gap.");
        db.exec(m.sql);
        auto record = db.cached(
            "INSERT INTO schema_migrations (version, description, applied_at_ms) "
            "VALUES (?, ?, ?)");
        record->bind_all(m.version, m.description, now);
        record->run();
        txn.commit();
    }
    return recorded_version(db);
}

}  // namespace tocsin::store::sqlite
