#pragma once
// Field-level differences between two versions of an incident, in the API's field names
// ("title", "classificationReason", "owner", ...). Activity-log entries and incident_updated
// events carry these; they are implementation-independent, so every store shares them.

#include <vector>

#include "engine/model/activity.hpp"
#include "engine/model/incident.hpp"

namespace tocsin::store {

// The writable fields that differ, before → after. Read-only fields (number, created, etag,
// summary) never appear. Empty when a write would change nothing.
std::vector<model::field_change> diff_incident(const model::incident& before,
                                               const model::incident& after);

// The fields a newly created incident was given, each from null.
std::vector<model::field_change> creation_changes(const model::incident& created);

// True when `after` is Closed and `before` was not.
bool closes(const model::incident& before, const model::incident& after);

}  // namespace tocsin::store
