#include "src/client_incident_ref.hpp"

#include <algorithm>
#include <cctype>

#include "src/client_format.hpp"

namespace tocsin::cli {

std::string resolve_incident(api_client& api, const std::string& id) {
    const bool number =
        !id.empty() && id.size() <= 18 &&
        std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!number)
        return id;
    const auto page = api.call(
        "GET", api.arm_target("incidents",
                              {{"$filter", "properties/incidentNumber eq " + id}, {"$top", "1"}}));
    const auto& items = page.value("value", nlohmann::json::array());
    if (items.empty())
        return id;
    return text_at(items.front(), "name");
}

nlohmann::json fetch_incident(api_client& api, const std::string& id) {
    const auto name = resolve_incident(api, id);
    return api.call("GET", api.arm_target("incidents/" + segment(name)));
}

std::string incident_label(const nlohmann::json& incident) {
    const auto number = text_at_pointer(incident, "/properties/incidentNumber");
    return number.empty() ? text_at(incident, "name") : "#" + number;
}

}  // namespace tocsin::cli
