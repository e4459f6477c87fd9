#include "engine/store/sqlite/token_repo.hpp"

#include <nlohmann/json.hpp>

#include "engine/error.hpp"
#include "engine/store/sqlite/rows.hpp"

namespace tocsin::store::sqlite {
namespace {

using nlohmann::json;

constexpr std::string_view insert_token_sql = R"sql(
INSERT INTO api_tokens (id, name, kind, roles, workspaces, secret_sha256, created_ms, created_by,
                        expires_ms, revoked_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
)sql";

constexpr std::string_view select_token_sql = R"sql(
SELECT id, name, kind, roles, workspaces, secret_sha256, created_ms, created_by, expires_ms,
       revoked_ms
FROM api_tokens WHERE id = ?1
)sql";

constexpr std::string_view select_tokens_sql = R"sql(
SELECT id, name, kind, roles, workspaces, secret_sha256, created_ms, created_by, expires_ms,
       revoked_ms
FROM api_tokens ORDER BY created_ms, id
)sql";

constexpr std::string_view any_token_sql = "SELECT EXISTS (SELECT 1 FROM api_tokens)";

constexpr std::string_view revoke_token_sql =
    "UPDATE api_tokens SET revoked_ms = COALESCE(revoked_ms, ?2) WHERE id = ?1";

json workspaces_json(const std::vector<model::workspace_ref>& workspaces) {
    json out = json::array();
    for (const auto& ws : workspaces)
        out.push_back({{"subscription", ws.subscription},
                       {"resourceGroup", ws.resource_group},
                       {"name", ws.name}});
    return out;
}

api_token read_token(const statement& st) {
    api_token t;
    t.id = st.text(0);
    t.name = st.text(1);
    t.kind = st.text(2);
    const auto roles = parse_stored_json(st.text(3), "api_tokens.roles");
    const auto workspaces = parse_stored_json(st.text(4), "api_tokens.workspaces");
    try {
        for (const auto& r : roles)
            t.roles.push_back(r.get<std::string>());
        for (const auto& ws : workspaces)
            t.workspaces.push_back({ws.at("subscription").get<std::string>(),
                                    ws.at("resourceGroup").get<std::string>(),
                                    ws.at("name").get<std::string>()});
    } catch (const json::exception& e) {
        throw error(errc::storage,
                    "api_tokens row " + t.id + " holds malformed roles or workspaces: " + e.what());
    }
    t.secret_sha256 = st.text(5);
    t.created = st.time(6);
    t.created_by = st.text(7);
    t.expires = st.optional_time(8);
    t.revoked = st.optional_time(9);
    return t;
}

}  // namespace

void insert_token(connection& db, const api_token& t) {
    auto st = db.cached(insert_token_sql);
    st->bind_all(t.id, t.name, t.kind, to_column(json(t.roles)),
                 to_column(workspaces_json(t.workspaces)), t.secret_sha256, t.created,
                 t.created_by);
    st->bind(9, t.expires);
    st->bind(10, t.revoked);
    try {
        st->run();
    } catch (const error& err) {
        if (err.code() == errc::conflict)
            throw error(errc::already_exists, "API token " + t.id + " already exists.");
        throw;
    }
}

bool any_token(connection& db) {
    auto st = db.cached(any_token_sql);
    return st->step() && st->int64(0) != 0;
}

std::optional<api_token> select_token(connection& db, const std::string& id) {
    auto st = db.cached(select_token_sql);
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    return read_token(*st);
}

std::vector<api_token> select_tokens(connection& db) {
    auto st = db.cached(select_tokens_sql);
    std::vector<api_token> out;
    while (st->step())
        out.push_back(read_token(*st));
    return out;
}

bool mark_token_revoked(connection& db, const std::string& id, time_point at) {
    auto st = db.cached(revoke_token_sql);
    st->bind(1, id);
    st->bind(2, at);
    st->run();
    return db.changes() > 0;
}

}  // namespace tocsin::store::sqlite
