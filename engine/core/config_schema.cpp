#include "engine/core/config_schema.hpp"

#include <array>

namespace tocsin {
namespace {

constexpr std::string_view log_levels[] = {"trace", "debug", "info", "warn", "error", "off"};
constexpr std::string_view log_formats[] = {"text", "json"};
constexpr std::string_view store_backends[] = {"sqlite", "postgres"};
constexpr std::string_view sqlite_sync_modes[] = {"full", "normal"};

constexpr std::array options{
    config_option{"data_dir", config_type::path, R"("./data")", "TOCSIN_DATA_DIR",
                  "Directory for the embedded store, run journals and queued triggers."},
    config_option{"http.listen", config_type::string, R"("127.0.0.1:8080")", "TOCSIN_HTTP_LISTEN",
                  "HOST:PORT the REST API listens on; port 0 picks a free port."},
    config_option{
        "http.max_body_bytes", config_type::integer, "4194304", "TOCSIN_HTTP_MAX_BODY_BYTES",
        "Largest request body accepted; larger requests get 413.", 1024, 1024LL * 1024 * 1024},
    config_option{
        "http.read_timeout_ms", config_type::integer, "30000", "TOCSIN_HTTP_READ_TIMEOUT_MS",
        "Idle or slow connections are closed after this many milliseconds.", 100, 3600000},
    config_option{"http.tls_cert", config_type::path, R"("")", "TOCSIN_HTTP_TLS_CERT",
                  "PEM certificate chain; with http.tls_key, the API serves HTTPS."},
    config_option{"http.tls_key", config_type::path, R"("")", "TOCSIN_HTTP_TLS_KEY",
                  "PEM private key for http.tls_cert."},
    config_option{"engine.io_threads", config_type::integer, "0", "TOCSIN_IO_THREADS",
                  "Threads running network I/O and playbooks; 0 means one per core.", 0, 256},
    config_option{"engine.blocking_threads", config_type::integer, "32", "TOCSIN_BLOCKING_THREADS",
                  "Threads for blocking work other than API reads: store writes, playbook "
                  "actions, run records, file reads. Writes mostly wait on a commit, and the "
                  "more wait together, the more share one group commit and its fsync "
                  "(docs/performance.md).",
                  1, 256},
    config_option{"engine.read_threads", config_type::integer, "2", "TOCSIN_READ_THREADS",
                  "Threads for the store reads of API requests (GET routes and the token check "
                  "of every request), apart from the writes so that reads never queue behind "
                  "them. Reads use a core each: more threads than cores only add thread "
                  "switches.",
                  1, 64},
    config_option{"engine.shutdown_grace_ms", config_type::integer, "10000",
                  "TOCSIN_SHUTDOWN_GRACE_MS",
                  "On SIGINT/SIGTERM, in-flight work gets this long to finish before it is "
                  "cancelled.",
                  0, 600000},
    config_option{"store.backend", config_type::string, R"("sqlite")", "TOCSIN_STORE_BACKEND",
                  "Where incidents live: the embedded SQLite file, or PostgreSQL.", 0, 0,
                  store_backends},
    config_option{"store.sqlite.file", config_type::path, R"("tocsin.db")",
                  "TOCSIN_STORE_SQLITE_FILE",
                  "SQLite database file; relative paths are under data_dir."},
    config_option{"store.sqlite.synchronous", config_type::string, R"("full")",
                  "TOCSIN_STORE_SQLITE_SYNCHRONOUS",
                  "full: every acknowledged write survives power loss; normal: survives a "
                  "crash of the engine but not of the machine.",
                  0, 0, sqlite_sync_modes},
    config_option{"store.sqlite.group_commit_max", config_type::integer, "64",
                  "TOCSIN_STORE_SQLITE_GROUP_COMMIT_MAX",
                  "Writes that arrive while another commits share its next transaction and "
                  "fsync (group commit), up to this many; each still returns only once committed. "
                  "1: one transaction per write.",
                  1, 4096},
    config_option{"store.sqlite.coalesce_wal_writes", config_type::boolean, "true",
                  "TOCSIN_STORE_SQLITE_COALESCE_WAL_WRITES",
                  "With synchronous full, append each commit's pages to the WAL in blocks of up "
                  "to 124 KiB, one system call per ~30 pages instead of two per page; what "
                  "reaches the disk, and when, is unchanged."},
    config_option{"store.postgres.url",
                  config_type::string,
                  R"("")",
                  "TOCSIN_STORE_POSTGRES_URL",
                  "libpq connection string, used when store.backend is postgres.",
                  0,
                  0,
                  {},
                  /*secret=*/true},
    config_option{"playbooks.dirs", config_type::path_list, R"(["playbooks"])",
                  "TOCSIN_PLAYBOOK_DIRS",
                  "Directories searched for playbooks (comma-separated in the environment)."},
    config_option{"playbooks.poll_ms", config_type::integer, "1000", "TOCSIN_PLAYBOOKS_POLL_MS",
                  "How often playbook directories are checked for changed files (hot reload); "
                  "0 disables.",
                  0, 3600000},
    config_option{"runner.wall_clock_ms", config_type::integer, "300000",
                  "TOCSIN_RUNNER_WALL_CLOCK_MS",
                  "Longest a playbook run may take, suspended time included.", 1, 86400000},
    config_option{"runner.max_actions", config_type::integer, "1000", "TOCSIN_RUNNER_MAX_ACTIONS",
                  "Most action calls one playbook run may make.", 1, 1000000},
    config_option{"automation.route_alerts", config_type::boolean, "true",
                  "TOCSIN_AUTOMATION_ROUTE_ALERTS",
                  "Whether new alerts are routed into incidents (correlation, then incident "
                  "creation rules); false leaves every alert standalone until it is related."},
    config_option{"correlation.enabled", config_type::boolean, "true", "TOCSIN_CORRELATION_ENABLED",
                  "Whether new alerts join open incidents that share a strong entity with them "
                  "(an alert can still opt out with \"correlation\": false)."},
    config_option{"correlation.window_minutes", config_type::integer, "1440",
                  "TOCSIN_CORRELATION_WINDOW_MINUTES",
                  "How far back (from the new alert's timeGenerated) an alert sharing an entity "
                  "counts for correlation.",
                  1, 525600},
    config_option{"correlation.entity_kinds", config_type::string_list,
                  R"(["Account", "Host", "Ip", "FileHash", "Mailbox", "Url", "CloudApplication"])",
                  "TOCSIN_CORRELATION_ENTITY_KINDS",
                  "Entity kinds strong enough to correlate on (Sentinel kind names)."},
    config_option{"automation.max_chain", config_type::integer, "5", "TOCSIN_AUTOMATION_MAX_CHAIN",
                  "Longest chain of automation rules triggering one another through their own "
                  "changes; deeper changes run no rules (and are logged).",
                  0, 100},
    config_option{"workspace.subscription", config_type::string,
                  R"("00000000-0000-0000-0000-000000000000")", "TOCSIN_WORKSPACE_SUBSCRIPTION",
                  "Subscription of the workspace playbook actions use when they name none."},
    config_option{"workspace.resource_group", config_type::string, R"("tocsin")",
                  "TOCSIN_WORKSPACE_RESOURCE_GROUP",
                  "Resource group of the default workspace of playbook actions."},
    config_option{"workspace.name", config_type::string, R"("default")", "TOCSIN_WORKSPACE_NAME",
                  "Name of the default workspace of playbook actions."},
    config_option{"log.level", config_type::string, R"("info")", "TOCSIN_LOG_LEVEL",
                  "Least severe log level written.", 0, 0, log_levels},
    config_option{"log.format", config_type::string, R"("text")", "TOCSIN_LOG_FORMAT",
                  "text for people, json for one JSON object per line.", 0, 0, log_formats},
    config_option{"auth.enabled", config_type::boolean, "true", "TOCSIN_AUTH_ENABLED",
                  "Require a bearer token (tocsin token create) on every API route but "
                  "/healthz and /readyz."},
    config_option{"auth.bootstrap_token",
                  config_type::string,
                  R"("")",
                  "TOCSIN_BOOTSTRAP_TOKEN",
                  "On a first start with no tokens, the Admin token to create "
                  "(tcn_<uuid>_<64 hex digits>); empty: a random one. Either way it is written "
                  "to <data_dir>/admin.token.",
                  0,
                  0,
                  {},
                  /*secret=*/true},
    config_option{"auth.bootstrap_token_file", config_type::path, R"("")",
                  "TOCSIN_BOOTSTRAP_TOKEN_FILE",
                  "File holding auth.bootstrap_token, for secrets mounted as files."},
    config_option{"auth.rate_limit_per_second", config_type::integer, "0",
                  "TOCSIN_AUTH_RATE_LIMIT_PER_SECOND",
                  "Requests per second each token may make on average (429 beyond); 0: no "
                  "limit.",
                  0, 1000000},
    config_option{
        "auth.rate_limit_burst", config_type::integer, "0", "TOCSIN_AUTH_RATE_LIMIT_BURST",
        "Requests a token may make at once before the rate applies; 0: the rate.", 0, 10000000},
    config_option{"auth.token_cache_seconds", config_type::integer, "10",
                  "TOCSIN_AUTH_TOKEN_CACHE_SECONDS",
                  "Seconds a verified token is trusted without reading the store. Revocations "
                  "(API or tocsin token revoke) still count from the next request; this bounds "
                  "changes made to the database by other means. 0: read the store every time.",
                  0, 3600},
    // Form trigger (triggers/form/form_routes.hpp).
    config_option{"forms.csrf_key_file", config_type::path, R"("")", "TOCSIN_FORMS_CSRF_KEY_FILE",
                  "Key that signs the forms' CSRF tokens; created (mode 0600) when missing. "
                  "Empty: <data_dir>/forms.key. Engines behind one address share it."},
    config_option{"forms.csrf_ttl_s", config_type::integer, "86400", "TOCSIN_FORMS_CSRF_TTL_S",
                  "Seconds a loaded form can still be sent; older ones must be reloaded.", 60,
                  2592000},
    config_option{"forms.rate_limit_per_minute", config_type::integer, "30",
                  "TOCSIN_FORMS_RATE_LIMIT_PER_MINUTE",
                  "Form submissions each client address may make per minute on average (429 "
                  "beyond); 0: no limit.",
                  0, 1000000},
    config_option{"forms.rate_limit_burst", config_type::integer, "10",
                  "TOCSIN_FORMS_RATE_LIMIT_BURST",
                  "Form submissions a client address may make at once before the rate applies; "
                  "0: the per-minute rate.",
                  0, 1000000},
    // E-mail trigger (triggers/email/email_component.hpp).
    config_option{"email.listen", config_type::string, R"("")", "TOCSIN_EMAIL_LISTEN",
                  "HOST:PORT the SMTP receiver of the e-mail trigger listens on (e.g. "
                  "127.0.0.1:2525; port 0 picks a free port); empty: no SMTP receiver."},
    config_option{"email.hostname", config_type::string, R"("")", "TOCSIN_EMAIL_HOSTNAME",
                  "Name the SMTP receiver gives in its greeting; empty: the machine's host name."},
    config_option{"email.mailboxes", config_type::string_list, "[]", "TOCSIN_EMAIL_MAILBOXES",
                  "Recipient addresses the SMTP receiver accepts (case-insensitive); others get "
                  "550 5.1.1. Empty: the mailboxes that loaded playbooks' e-mail triggers name."},
    config_option{"email.max_message_bytes", config_type::integer, "10485760",
                  "TOCSIN_EMAIL_MAX_MESSAGE_BYTES",
                  "Largest message accepted (advertised as SIZE); larger ones get 552 5.3.4.", 1024,
                  1024LL * 1024 * 1024},
    config_option{
        "email.max_connections", config_type::integer, "100", "TOCSIN_EMAIL_MAX_CONNECTIONS",
        "Most SMTP connections open at once; more are answered 421 4.7.0 and closed.", 1, 100000},
    config_option{"email.command_timeout_ms", config_type::integer, "300000",
                  "TOCSIN_EMAIL_COMMAND_TIMEOUT_MS",
                  "An SMTP client that sends no command for this long gets 421 4.4.2 and is "
                  "disconnected.",
                  100, 3600000},
    config_option{
        "email.data_timeout_ms", config_type::integer, "300000", "TOCSIN_EMAIL_DATA_TIMEOUT_MS",
        "Longest pause between two reads of a message's DATA before 421 4.4.2.", 100, 3600000},
    config_option{"email.tls_cert", config_type::path, R"("")", "TOCSIN_EMAIL_TLS_CERT",
                  "PEM certificate chain; with email.tls_key, the SMTP receiver offers STARTTLS."},
    config_option{"email.tls_key", config_type::path, R"("")", "TOCSIN_EMAIL_TLS_KEY",
                  "PEM private key for email.tls_cert."},
    config_option{"email.attachment_content_limit", config_type::integer, "1048576",
                  "TOCSIN_EMAIL_ATTACHMENT_CONTENT_LIMIT",
                  "Attachments up to this many bytes reach playbooks with their content (base64); "
                  "larger ones with name, type, size and SHA-256 only. 0: never the content.",
                  0, 1024LL * 1024 * 1024},
    // Schedule trigger (triggers/schedule/schedule_clock.hpp). FOR TESTS ONLY.
    config_option{"schedule.test_clock_start", config_type::string, R"("")",
                  "TOCSIN_SCHEDULE_TEST_CLOCK_START",
                  "For tests only: the ISO 8601 instant the schedule trigger's clock reads when "
                  "the engine starts; empty: the system clock. Never set in production."},
    config_option{
        "schedule.test_clock_speed", config_type::integer, "1", "TOCSIN_SCHEDULE_TEST_CLOCK_SPEED",
        "For tests only: seconds of the schedule trigger's clock per real second.", 1, 100000},
    config_option{"plugins.dir", config_type::path, R"("")", "TOCSIN_PLUGINS_DIR",
                  "Directory of third-party plugins (*.so, plugin C ABI); empty: none."},
    config_option{"plugins.instances", config_type::object, "{}", "TOCSIN_PLUGINS_INSTANCES",
                  "Configured plugin instances: {\"plugin:instance\": {settings}}; a playbook "
                  "picks one with _instance. Settings reference secrets as \"secret:NAME\"."},
    config_option{"secrets.file", config_type::path, R"("")", "TOCSIN_SECRETS_FILE",
                  "Secrets for plugin settings: a JSON object or KEY=VALUE lines; must not be "
                  "readable by group or others. TOCSIN_SECRET_<NAME> variables take precedence."},
};

}  // namespace

std::span<const config_option> config_options() {
    return options;
}

const config_option* find_config_option(std::string_view key) {
    for (const auto& o : options)
        if (o.key == key)
            return &o;
    return nullptr;
}

std::string_view to_string(config_type type) {
    switch (type) {
        case config_type::string:
            return "string";
        case config_type::integer:
            return "integer";
        case config_type::boolean:
            return "boolean";
        case config_type::string_list:
            return "list of strings";
        case config_type::path:
            return "path";
        case config_type::path_list:
            return "list of paths";
        case config_type::object:
            return "JSON object";
    }
    return "value";
}

nlohmann::json redact_secrets(nlohmann::json values) {
    for (const auto& o : options) {
        if (!o.secret || !values.is_object())
            continue;
        const auto it = values.find(std::string(o.key));
        if (it != values.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
            *it = "(redacted)";
    }
    return values;
}

}  // namespace tocsin
