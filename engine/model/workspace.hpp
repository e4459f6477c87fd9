#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::model {

// The tenancy boundary: every incident and alert belongs to exactly one workspace. Names compare
// case-insensitively, as ARM resource ids do; the store keeps the spelling first seen.
struct workspace_ref {
    std::string subscription;
    std::string resource_group;
    std::string name;

    // The ARM path prefix ".../providers/Microsoft.SecurityInsights" for this workspace.
    std::string arm_prefix() const;
    // Lower-cased "sub/rg/name": the key for maps and the store's unique index.
    std::string key() const;
};

bool operator==(const workspace_ref& a, const workspace_ref& b);

// "SUBSCRIPTION/RESOURCE_GROUP/WORKSPACE", the form flags and token scopes use; nullopt unless
// there are exactly three non-empty parts.
std::optional<workspace_ref> parse_workspace_path(std::string_view text);

}  // namespace tocsin::model
