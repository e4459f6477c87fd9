#pragma once
// SQL for API tokens (table of migration 6).
// Thread-safety: none; callers hold the connection (writer under its mutex, or a reader lease).

#include <optional>
#include <string>
#include <vector>

#include "engine/store/api_token.hpp"
#include "engine/store/sqlite/connection.hpp"

namespace tocsin::store::sqlite {

// already_exists when the id is taken.
void insert_token(connection& db, const api_token& token);
bool any_token(connection& db);
std::optional<api_token> select_token(connection& db, const std::string& id);
std::vector<api_token> select_tokens(connection& db);
// False when there is no such token; an earlier revocation time is kept.
bool mark_token_revoked(connection& db, const std::string& id, time_point at);

}  // namespace tocsin::store::sqlite
