#pragma once
// The store's error messages, shared by every implementation so that SQLite and PostgreSQL fail
// with the same errc and the same text (the HTTP edge passes the text through to clients, and
// the messages follow what Sentinel answers for the same mistake).

#include <cstdint>
#include <string_view>

#include "engine/error.hpp"

namespace tocsin::store::errors {

// errc::not_found, "Incident {name} doesn't exist."
error incident_not_found(std::string_view incident_name);
// errc::not_found, "Resource {alertId} does not exist."
error alert_not_found(std::string_view alert_id);
// errc::conflict, "Newer version of resource {name} exists. Data was not saved"
error etag_mismatch(std::string_view resource_name);
// errc::precondition_failed: the alert lives in another workspace than the incident.
error alert_in_other_workspace(std::string_view alert_id, std::string_view incident_name);
// errc::limit_exceeded: the incident already has model::max_alerts_per_incident alerts.
error relation_cap_reached(std::int64_t incident_number);
// errc::already_exists: the alert is already related to the incident under another name.
error alert_already_related(std::string_view alert_id, std::string_view incident_name);
// errc::conflict: the relation name is taken by a relation to a different alert.
error relation_name_taken(std::string_view relation_name);
// errc::precondition_failed: alerts of an external provider are managed in that provider.
error provider_owned(std::string_view provider);
// errc::already_exists: an incident of that name exists where a new one was asked for.
error incident_exists(std::string_view incident_name);
// errc::invalid_argument naming "alertIds": an incident created with its alerts needs one.
error no_alerts_given();
// errc::invalid_argument naming "absorbed": an incident merged into itself.
error merge_into_itself(std::string_view incident_name);
// errc::precondition_failed: only open incidents merge.
error merge_of_closed_incident(std::int64_t incident_number, std::string_view incident_name);
// errc::limit_exceeded: the survivor would hold more than model::max_alerts_per_incident.
error merge_cap_exceeded(std::int64_t absorbed_number, std::int64_t survivor_number,
                         std::size_t alerts_after);
// errc::invalid_argument naming "$top".
error bad_top(std::size_t top);
// errc::invalid_argument naming "$skipToken".
error bad_skip_token();
// errc::unavailable: the store was closed.
error store_closed();
// errc::storage: an earlier write of the batch failed in a way that rolled back the whole
// transaction (I/O error, disk full), so the batch cannot go on.
error batch_rolled_back();
// errc::internal: a call that takes the writer for itself, made inside a write batch.
error not_in_a_batch(std::string_view what);

}  // namespace tocsin::store::errors
