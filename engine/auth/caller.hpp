#pragma once
// Who an authenticated request comes from: the token's identity, roles and workspace limits.
// A value type; thread-safe to copy and read.

#include <string>
#include <vector>

#include "engine/auth/roles.hpp"
#include "engine/model/principal.hpp"
#include "engine/model/workspace.hpp"
#include "engine/store/api_token.hpp"

namespace tocsin::auth {

struct caller {
    std::string token_id;
    // The actor of its changes: kind user for a "user" token, kind token for an "app" token;
    // id and name are the token's.
    model::principal principal;
    std::vector<role> roles;                       // role names the build does not know are dropped
    std::vector<model::workspace_ref> workspaces;  // empty: every workspace

    bool may_use(const model::workspace_ref& ws) const;
};

caller caller_of(const store::api_token& token);

}  // namespace tocsin::auth
