#pragma once
// Secrets for plugin settings. Settings never hold credentials: they hold references,
// "secret:NAME", which reach plugins unchanged as opaque handles (secret_ref). A plugin turns a
// handle into the value only at the moment it needs it, through services::secrets, so values
// stay out of configuration dumps, run records, logs and API responses. Every value the store
// hands out is also registered with the redactor (redaction.hpp).
//
// Sources, first match wins: the environment variable TOCSIN_SECRET_<NAME>, then the secrets
// file (config `secrets.file`): a JSON object of strings, or KEY=VALUE lines (# comments, blank
// lines ignored). The file is refused when its permissions let the group or others read it.
//
// Thread-safety: a secret_store is immutable after load(); value() may be called from any thread.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/config.hpp"
#include "engine/error.hpp"

namespace tocsin::plugin {

inline constexpr std::string_view secret_prefix = "secret:";
inline constexpr std::string_view secret_env_prefix = "TOCSIN_SECRET_";

// An opaque handle to a named secret. Holds the name only, never the value.
class secret_ref {
  public:
    explicit secret_ref(std::string name) : name_(std::move(name)) {}
    const std::string& name() const noexcept { return name_; }
    std::string to_string() const { return std::string(secret_prefix) + name_; }
    bool operator==(const secret_ref&) const = default;

  private:
    std::string name_;
};

// The handle a setting holds, when it is a "secret:NAME" string; nullopt for anything else.
std::optional<secret_ref> as_secret_ref(const nlohmann::json& setting);
// Names are letters, digits and '_' (they become environment variable names).
bool is_valid_secret_name(std::string_view name) noexcept;

class secret_store {
  public:
    secret_store() = default;  // no file; the environment only

    // Reads `file` (empty path: no file). Throws tocsin::error(errc::config) naming the file
    // when it cannot be read, is group/world-readable, or is malformed. Values never appear in
    // messages.
    static secret_store load(const std::filesystem::path& file, env_lookup environment);

    // The value behind `ref`; errc::not_found naming the secret (not its value) when no source
    // has it. The value is registered for redaction before it is returned.
    result<std::string> value(const secret_ref& ref) const;
    bool contains(const secret_ref& ref) const;
    // Names defined by the file (for diagnostics; never values).
    std::vector<std::string> file_names() const;

  private:
    std::optional<std::string> lookup(const std::string& name) const;

    std::map<std::string, std::string, std::less<>> file_values_;
    env_lookup environment_;
    std::filesystem::path file_;
};

// A setting as text: a literal string, or the value of the secret it references. Fails with
// errc::not_found for a missing secret and errc::invalid_argument when the setting is not a string.
result<std::string> resolve_setting(const secret_store* secrets, const nlohmann::json& setting,
                                    std::string_view what);

}  // namespace tocsin::plugin
