#pragma once
// How `tocsin token` (on the data directory) and `tocsin tokens` (over the API) show tokens to
// people; both start from auth::token_json's shape, so they print the same.

#include <ostream>

#include <nlohmann/json.hpp>

namespace tocsin::cli {

// One row per token: id, name, status, roles, expiry, workspaces ("all" when unlimited).
void print_token_table(std::ostream& out, const nlohmann::json& tokens);
// "Created token ID 'NAME' (roles: …; workspaces: …; expires: …)." then the secret, once.
void print_created_token(std::ostream& out, const nlohmann::json& token, const std::string& text);

}  // namespace tocsin::cli
