#pragma once
// Engine configuration. Values come, later ones winning, from: the defaults in config_schema,
// the config file (JSON; comments allowed; nested objects or dotted keys), the environment
// (TOCSIN_*), and command-line flags. Every problem is a tocsin::error(errc::config) whose
// message names the key, where the value came from, and what was expected.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace tocsin {

struct listen_address {
    std::string host;
    std::uint16_t port = 0;
};
// "127.0.0.1:8080", "[::1]:0", "localhost:8080".
listen_address parse_listen_address(std::string_view text);

struct config {
    std::filesystem::path data_dir;
    struct {
        listen_address listen;
        std::size_t max_body_bytes = 0;
        std::chrono::milliseconds read_timeout{0};
        std::filesystem::path tls_cert;
        std::filesystem::path tls_key;
    } http;
    struct {
        unsigned io_threads = 1;  // resolved: never 0
        unsigned blocking_threads = 1;
        unsigned read_threads = 1;
        std::chrono::milliseconds shutdown_grace{0};
    } engine;
    struct {
        std::string backend;
        std::filesystem::path sqlite_file;  // resolved against data_dir
        std::string sqlite_synchronous;
        std::size_t sqlite_group_commit_max = 64;
        bool sqlite_coalesce_wal_writes = true;
        std::string postgres_url;
    } store;
    std::vector<std::filesystem::path> playbook_dirs;
    struct {
        std::string level;
        std::string format;
    } log;

    // The merged values by dotted key, as JSON: for `tocsin config show` and diagnostics.
    nlohmann::json values;
};

using env_lookup = std::function<std::optional<std::string>(const std::string& name)>;
env_lookup process_environment();

struct config_sources {
    std::optional<std::filesystem::path> file;
    env_lookup environment;                                      // none: environment ignored
    std::vector<std::pair<std::string, std::string>> overrides;  // dotted key → text, from flags
};

config load_config(const config_sources& sources);

}  // namespace tocsin
