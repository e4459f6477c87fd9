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
    config_option{"engine.blocking_threads", config_type::integer, "2", "TOCSIN_BLOCKING_THREADS",
                  "Threads for blocking work (store transactions, file reads).", 1, 64},
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
    config_option{"store.postgres.url", config_type::string, R"("")", "TOCSIN_STORE_POSTGRES_URL",
                  "libpq connection string, used when store.backend is postgres."},
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
    config_option{"auth.bootstrap_token", config_type::string, R"("")", "TOCSIN_BOOTSTRAP_TOKEN",
                  "On a first start with no tokens, the Admin token to create "
                  "(tcn_<uuid>_<64 hex digits>); empty: a random one. Either way it is written "
                  "to <data_dir>/admin.token."},
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

}  // namespace tocsin
