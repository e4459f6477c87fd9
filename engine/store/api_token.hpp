#pragma once
// API tokens as the store keeps them (see the "API tokens" section of store.hpp). The auth module
// owns their meaning (role names, how the secret is hashed and checked); the store only persists
// them. The secret itself is never stored: only its SHA-256.

#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.hpp"
#include "engine/model/workspace.hpp"

namespace tocsin::store {

struct api_token {
    std::string id;            // a UUID: the lookup key, and the actor id recorded for its changes
    std::string name;          // the actor name recorded for its changes
    std::string kind = "app";  // "app" (a service) or "user" (a person's own key)
    std::vector<std::string> roles;                // role names as auth::to_string spells them
    std::vector<model::workspace_ref> workspaces;  // empty: every workspace
    std::string secret_sha256;                     // lower-case hex
    time_point created{};
    std::string created_by;  // "cli", "bootstrap", or the name of the token that issued it
    std::optional<time_point> expires;
    std::optional<time_point> revoked;
};

}  // namespace tocsin::store
