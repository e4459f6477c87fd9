#include "engine/store/query.hpp"

#include <array>
#include <utility>

#include "engine/model/enums.hpp"

namespace tocsin::store {

namespace {

// Index = enumerator value; the API property path without "properties/".
constexpr std::array<std::string_view, 19> field_names{
    "name",
    "incidentNumber",
    "title",
    "description",
    "severity",
    "status",
    "classification",
    "classificationReason",
    "owner/assignedTo",
    "owner/email",
    "owner/objectId",
    "owner/userPrincipalName",
    "labels",
    "providerName",
    "providerIncidentId",
    "createdTimeUtc",
    "lastModifiedTimeUtc",
    "firstActivityTimeUtc",
    "lastActivityTimeUtc",
};
static_assert(field_names.size() ==
                  static_cast<std::size_t>(incident_field::last_activity_time) + 1,
              "every incident_field needs a name");

}  // namespace

std::optional<incident_field> parse_incident_field(std::string_view api_path) {
    // Clients may write the full property path ("properties/title") or the short one; case is
    // not significant, as elsewhere in the API's vocabularies.
    constexpr std::string_view prefix = "properties/";
    if (api_path.size() > prefix.size() &&
        model::iequals(api_path.substr(0, prefix.size()), prefix))
        api_path.remove_prefix(prefix.size());
    for (std::size_t i = 0; i < field_names.size(); ++i) {
        if (model::iequals(field_names[i], api_path))
            return static_cast<incident_field>(i);
    }
    return std::nullopt;
}

std::string_view to_string(incident_field field) {
    const auto index = static_cast<std::size_t>(field);
    return index < field_names.size() ? field_names[index] : std::string_view{"unknown"};
}

}  // namespace tocsin::store
