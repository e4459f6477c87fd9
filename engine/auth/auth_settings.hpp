#pragma once
// The auth.* configuration keys (declared in engine/core/config_schema.cpp), read out of the
// merged configuration.

#include <chrono>
#include <filesystem>
#include <string>

#include "engine/auth/rate_limiter.hpp"
#include "engine/core/config.hpp"

namespace tocsin::auth {

struct auth_settings {
    bool enabled = true;
    // A token text to become the first Admin token, from auth.bootstrap_token
    // (TOCSIN_BOOTSTRAP_TOKEN) or the file auth.bootstrap_token_file; empty: generate one.
    std::string bootstrap_token;
    rate_limit limit;
    // How long a verified token is trusted without a store read (auth.token_cache_seconds);
    // zero: read the store on every request.
    std::chrono::milliseconds token_cache_ttl{0};
    // Appended to on every revocation (token_cache.hpp); next to the SQLite file.
    std::filesystem::path token_change_file;
};

// Throws tocsin::error(errc::config) when the bootstrap token file cannot be read or the token
// is not a well-formed token text.
auth_settings auth_settings_of(const config& cfg);

}  // namespace tocsin::auth
