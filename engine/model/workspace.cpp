#include "engine/model/workspace.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

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

std::optional<workspace_ref> parse_workspace_path(std::string_view text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto slash = text.find('/', start);
        parts.emplace_back(text.substr(start, slash - start));
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty())
        return std::nullopt;
    return workspace_ref{parts[0], parts[1], parts[2]};
}

}  // namespace tocsin::model
