#include "engine/store/errors.hpp"

#include <string>

#include "engine/model/incident.hpp"
#include "engine/store/query.hpp"

namespace tocsin::store::errors {

namespace {
std::string str(std::string_view text) {
    return std::string(text);
}
}  // namespace

error incident_not_found(std::string_view incident_name) {
    return error(errc::not_found, "Incident " + str(incident_name) + " doesn't exist.");
}

error alert_not_found(std::string_view alert_id) {
    return error(errc::not_found, "Resource " + str(alert_id) + " does not exist.");
}

error etag_mismatch(std::string_view resource_name) {
    return error(errc::conflict,
                 "Newer version of resource " + str(resource_name) + " exists. Data was not saved");
}

error alert_in_other_workspace(std::string_view alert_id, std::string_view incident_name) {
    return error(errc::precondition_failed, "Failed to create relation. Alert " + str(alert_id) +
                                                " and incident " + str(incident_name) +
                                                " must be in the same workspace.");
}

error relation_cap_reached(std::int64_t incident_number) {
    return error(errc::limit_exceeded,
                 "Failed to create relation. Incident " + std::to_string(incident_number) +
                     " has reached the maximum of " +
                     std::to_string(model::max_alerts_per_incident) + " alerts.");
}

error alert_already_related(std::string_view alert_id, std::string_view incident_name) {
    return error(errc::already_exists, "Failed to create relation. Alert " + str(alert_id) +
                                           " already exists in incident " + str(incident_name) +
                                           ".");
}

error relation_name_taken(std::string_view relation_name) {
    return error(errc::conflict, "Failed to create relation. Relation name " + str(relation_name) +
                                     " is already used for a different resource.");
}

error provider_owned(std::string_view provider) {
    const auto p = str(provider);
    return error(errc::precondition_failed, "Alerts of " + p +
                                                " cannot be added to or removed from " + p +
                                                " incidents; change them in " + p + ".");
}

error incident_exists(std::string_view incident_name) {
    return error(errc::already_exists, "Incident " + str(incident_name) + " already exists.");
}

error no_alerts_given() {
    return error(errc::invalid_argument, "An incident created with its alerts needs at least one.",
                 "alertIds");
}

error merge_into_itself(std::string_view incident_name) {
    return error(errc::invalid_argument,
                 "Incident " + str(incident_name) + " cannot be merged into itself.", "absorbed");
}

error merge_of_closed_incident(std::int64_t incident_number, std::string_view incident_name) {
    return error(errc::precondition_failed, "Incident #" + std::to_string(incident_number) + " (" +
                                                str(incident_name) +
                                                ") is closed; only open incidents can be merged.");
}

error merge_cap_exceeded(std::int64_t absorbed_number, std::int64_t survivor_number,
                         std::size_t alerts_after) {
    return error(errc::limit_exceeded,
                 "Failed to merge incident #" + std::to_string(absorbed_number) +
                     " into incident #" + std::to_string(survivor_number) + ": it would hold " +
                     std::to_string(alerts_after) + " alerts, more than the maximum of " +
                     std::to_string(model::max_alerts_per_incident) + ".");
}

error bad_top(std::size_t top) {
    return error(errc::invalid_argument,
                 "The value of $top (" + std::to_string(top) + ") must be between 1 and " +
                     std::to_string(max_page_size) + ".",
                 "$top");
}

error bad_skip_token() {
    return error(errc::invalid_argument,
                 "The $skipToken is malformed or does not belong to this query; start again "
                 "from the first page.",
                 "$skipToken");
}

error store_closed() {
    return error(errc::unavailable, "The store is closed.");
}

error batch_rolled_back() {
    return error(errc::storage,
                 "An earlier write of this batch failed and rolled the batch back; nothing of it "
                 "was kept.");
}

error not_in_a_batch(std::string_view what) {
    return error(errc::internal, std::string(what) + " cannot be called inside a write batch.");
}

}  // namespace tocsin::store::errors
