#include "engine/auth/auth_settings.hpp"

#include <fstream>
#include <sstream>

#include "engine/auth/token_cache.hpp"
#include "engine/auth/token_secret.hpp"
#include "engine/error.hpp"

namespace tocsin::auth {
namespace {

std::string trimmed(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::string read_token_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw error(errc::config,
                    "config key 'auth.bootstrap_token_file': cannot read " + file.string());
    std::stringstream text;
    text << in.rdbuf();
    return trimmed(text.str());
}

}  // namespace

auth_settings auth_settings_of(const config& cfg) {
    const auto& v = cfg.values;
    auth_settings out;
    out.enabled = v.value("auth.enabled", true);
    out.bootstrap_token = trimmed(v.value("auth.bootstrap_token", std::string()));
    std::string source = "auth.bootstrap_token";
    const auto file = v.value("auth.bootstrap_token_file", std::string());
    if (out.bootstrap_token.empty() && !file.empty()) {
        out.bootstrap_token = read_token_file(file);
        source = "auth.bootstrap_token_file";
    }
    if (!out.bootstrap_token.empty() && !parse_token_text(out.bootstrap_token))
        throw error(errc::config, "config key '" + source +
                                      "': expected a token of the form tcn_<uuid>_<64 lower-case "
                                      "hex digits>");
    const auto per_second = v.value("auth.rate_limit_per_second", std::int64_t{0});
    const auto burst = v.value("auth.rate_limit_burst", std::int64_t{0});
    out.limit.per_second = static_cast<double>(per_second);
    out.limit.burst = static_cast<double>(burst > 0 ? burst : per_second);
    out.token_cache_ttl =
        std::chrono::seconds(v.value("auth.token_cache_seconds", std::int64_t{10}));
    out.token_change_file = token_change_file(cfg);
    return out;
}

}  // namespace tocsin::auth
