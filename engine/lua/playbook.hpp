#pragma once
// Loading a playbook (declaring what it is) is separate from running it (run.hpp). A playbook is a
// Lua text chunk that returns a table:
//
//   return {
//     name = "contain-host", version = "1.2.0", description = "...",
//     triggers = { "incident", { kind = "webhook", options = { name = "edr", auth = "none" } } },
//     params = { host = { type = "string", required = true },
//                severity = { type = "choice", choices = { "low", "high" }, default = "low" } },
//     run = function(ctx) ... end,
//   }
//
// Loading executes only the chunk's top level, in a throwaway sandboxed state under load limits,
// and never calls `run` (natives raise if the top level calls them). The result is plain data.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/lua/limits.hpp"
#include "engine/lua/sandbox_config.hpp"

namespace tocsin::lua {

enum class trigger_kind { incident, alert, webhook, schedule, email, form, manual };
const char* to_string(trigger_kind k) noexcept;
std::optional<trigger_kind> parse_trigger_kind(std::string_view text) noexcept;

struct trigger_spec {
    trigger_kind kind = trigger_kind::manual;
    nlohmann::json filter;  // null when the entry declares none; otherwise plain data
    // How the trigger reaches the playbook (webhook name and authentication, schedule, …): null
    // when the entry declares none; otherwise plain data, checked by the trigger that uses it.
    nlohmann::json options;

    friend bool operator==(const trigger_spec&, const trigger_spec&) = default;
};

enum class param_type { string, number, integer, boolean, table, email, text, choice };
const char* to_string(param_type t) noexcept;
std::optional<param_type> parse_param_type(std::string_view text) noexcept;

struct param_spec {
    std::string name;
    param_type type = param_type::string;
    bool required = false;
    std::optional<nlohmann::json> default_value;  // already checked against `type`
    std::vector<std::string> choices;             // non-empty exactly for param_type::choice
    std::string description;
};

// The bytecode of the chunk, compiled at load so that a run does not parse the source again.
// Opaque; a definition without it (e.g. rebuilt from storage) runs by compiling `source`.
struct compiled_chunk;

struct playbook_definition {
    std::string name;
    std::string version;
    std::string description;
    std::vector<trigger_spec> triggers;  // at least one
    std::vector<param_spec> params;      // sorted by name
    std::string source_path;             // as given to the loader; names the chunk in messages
    std::string source;
    std::string sha256;  // lowercase hex of `source`
    std::shared_ptr<const compiled_chunk> compiled;
};

struct load_options {
    sandbox_config sandbox;
    lua::limits limits = default_load_limits();
    std::size_t max_source_bytes = 1024 * 1024;
};

// Throws tocsin::error: not_found when the file cannot be read; invalid_argument for a syntax
// error, a top-level error or bad metadata, with a message "<path>:<line>: <what>" (the line of a
// metadata error is found lexically: the first line that assigns the offending field);
// limit_exceeded when the top level exhausts a load limit.
playbook_definition load_playbook(const std::filesystem::path& file, const load_options& options);
playbook_definition load_playbook_source(std::string source, std::string source_path,
                                         const load_options& options);

// Checks supplied parameter values (a JSON object, or null for none) against the declarations and
// fills in defaults. Throws tocsin::error with field = the parameter name: invalid_argument for an
// unknown parameter or a value of the wrong type, missing_field for an absent required one.
// Absent optional parameters without a default are absent from the result.
nlohmann::json resolve_params(const std::vector<param_spec>& declared,
                              const nlohmann::json& supplied);

}  // namespace tocsin::lua
