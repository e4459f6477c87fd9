#pragma once
// Every configuration key, declared once: its type, default, environment variable and meaning.
// The loader, `tocsin serve --help`, and the generated docs/configuration.md all read this table,
// so a key cannot exist in one and not the others.

#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tocsin {

// object: a JSON object taken as is (e.g. plugins.instances); JSON text in the environment.
enum class config_type { string, integer, boolean, string_list, path, path_list, object };

struct config_option {
    std::string_view key;  // dotted: "http.listen"
    config_type type;
    std::string_view default_json;  // the default as JSON text ("\"127.0.0.1:8080\"", "4", …)
    std::string_view env;           // TOCSIN_HTTP_LISTEN
    std::string_view description;
    std::int64_t min = 0;  // integers only: inclusive bounds
    std::int64_t max = 0;
    std::span<const std::string_view> choices = {};  // strings only: allowed values
    // Credentials (tokens, connection strings with passwords): never printed by `config show`.
    bool secret = false;
};

std::span<const config_option> config_options();
const config_option* find_config_option(std::string_view key);
std::string_view to_string(config_type type);

// `values` (dotted key → value, as config::values) with every non-empty secret key replaced by
// "(redacted)", for output that may be pasted into tickets and chats.
nlohmann::json redact_secrets(nlohmann::json values);

}  // namespace tocsin
