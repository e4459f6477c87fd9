#pragma once
// Issuing tokens: what `tocsin token create` and POST /api/v1/tokens ask for, checked and turned
// into a stored record plus the token text, which is shown once and never again.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/auth/auth_settings.hpp"
#include "engine/core/time.hpp"
#include "engine/store/store.hpp"

namespace tocsin::auth {

struct token_request {
    std::string name;                     // empty: "token-<first 8 digits of the id>"
    std::string kind = "app";             // "app" or "user"
    std::vector<std::string> roles;       // at least one, as parse_role accepts
    std::vector<std::string> workspaces;  // "SUBSCRIPTION/RESOURCE_GROUP/WORKSPACE"; none: all
    std::optional<std::string> expires;   // "30d", "12h", "45m", "2w", or an ISO 8601 time
    std::string created_by;
};

struct issued_token {
    store::api_token record;
    std::string text;  // tcn_<id>_<secret>: the only place the secret ever appears
};

// Checks the request (errc::invalid_argument / missing_field naming the field: "name", "roles",
// "workspaces", "expires", "kind") and builds the token. Pure apart from the random secret.
issued_token prepare_token(const token_request& request, time_point now);

// prepare_token, then store::create_token. Blocking.
issued_token issue_token(store::store& tokens, const token_request& request, time_point now);

// store::revoke_token, then announce_token_change(change_file) so that every engine on the
// store drops its cached tokens (token_cache.hpp). False when there is no such token. Blocking.
bool revoke_token(store::store& tokens, const std::string& id, time_point now,
                  const std::filesystem::path& change_file);

// "30d" → now + 30 days (units m, h, d, w); otherwise an ISO 8601 time. Must lie after now.
time_point parse_expiry(std::string_view text, time_point now);
// "sub/rg/ws" → workspace_ref; errc::invalid_argument naming "workspaces" otherwise.
model::workspace_ref parse_workspace(std::string_view text);

// The token as `tocsin token list --json` and GET /api/v1/tokens show it: never the secret or
// its hash; "status" is active, expired or revoked as of now.
nlohmann::json token_json(const store::api_token& token, time_point now);

// The first start's Admin token. When the store holds no token at all: creates one named
// "bootstrap" (from settings.bootstrap_token when set, random otherwise) and writes its text to
// `file` with mode 0600; nullopt when tokens exist. Blocking.
std::optional<issued_token> bootstrap_admin_token(store::store& tokens,
                                                  const auth_settings& settings,
                                                  const std::filesystem::path& file,
                                                  time_point now);

}  // namespace tocsin::auth
