#include "engine/auth/caller.hpp"

#include <algorithm>

namespace tocsin::auth {

bool caller::may_use(const model::workspace_ref& ws) const {
    return workspaces.empty() ||
           std::any_of(workspaces.begin(), workspaces.end(),
                       [&](const model::workspace_ref& allowed) { return allowed == ws; });
}

caller caller_of(const store::api_token& token) {
    caller out;
    out.token_id = token.id;
    out.principal = {
        token.kind == "user" ? model::principal::kind::user : model::principal::kind::token,
        token.id, token.name};
    for (const auto& name : token.roles) {
        if (const auto r = parse_role(name))
            out.roles.push_back(*r);
    }
    out.workspaces = token.workspaces;
    return out;
}

}  // namespace tocsin::auth
