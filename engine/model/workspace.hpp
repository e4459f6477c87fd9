#pragma once

#include <compare>
#include <string>

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

}  // namespace tocsin::model
