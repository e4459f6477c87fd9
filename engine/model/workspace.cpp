#include "engine/model/workspace.hpp"

#include <algorithm>
#include <cctype>

#include "engine/model/enums.hpp"

namespace tocsin::model {

namespace {
std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}
}  // namespace

std::string workspace_ref::arm_prefix() const {
    return "/subscriptions/" + subscription + "/resourceGroups/" + resource_group +
           "/providers/Microsoft.OperationalInsights/workspaces/" + name +
           "/providers/Microsoft.SecurityInsights";
}

std::string workspace_ref::key() const {
    return lower(subscription) + "/" + lower(resource_group) + "/" + lower(name);
}

bool operator==(const workspace_ref& a, const workspace_ref& b) {
    return iequals(a.subscription, b.subscription) && iequals(a.resource_group, b.resource_group) &&
           iequals(a.name, b.name);
}

}  // namespace tocsin::model
