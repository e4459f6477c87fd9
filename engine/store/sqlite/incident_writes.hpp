#pragma once
// The incident writes of the SQLite store: each runs inside the caller's write transaction,
// writes the rows, appends the activity entry and queues the events. Values arrive normalised
// and validated; these functions own the store's rules (numbers, provider defaults, etags,
// which action an activity entry names).

#include <memory>
#include <string>
#include <string_view>

#include "engine/model/comment.hpp"
#include "engine/model/incident.hpp"
#include "engine/store/sqlite/rows.hpp"
#include "engine/store/sqlite/write_scope.hpp"

namespace tocsin::store::sqlite {

// The incident as reads return it: labels, summary, derived activity times, workspace key.
model::incident incident_view(connection& db, incident_row row, std::string_view workspace_key);

// Inserts a new incident (value.name set, unused in the workspace). Returns its view.
model::incident create_incident(write_scope& w, model::incident value);

// Writes `next` over `current` (a row as stored, with labels) when a writable field differs:
// new etag and last_modified, activity "incident.updated" or "incident.closed", events
// incident_updated (+ incident_closed). Read-only fields of `next` are taken from `current`.
// Returns the view after the write, or the current view when nothing changed.
model::incident change_incident(write_scope& w, const incident_row& current, model::incident next);

// Deletes the incident and its children; activity "incident.deleted" and event
// incident_deleted carrying the snapshot from before.
void remove_incident(write_scope& w, const incident_row& current);

// Closes the incident as Undetermined (no reason) with `text` as its classificationComment and
// as a new comment, in w's transaction: activity "incident.closed" and "comment.added", events
// incident_updated, incident_closed and comment_added. Returns the view after.
model::incident close_as_undetermined(write_scope& w, std::int64_t incident_id,
                                      const std::string& text);

// Closes `other` (an open incident whose only alert moved to `target`) as Undetermined, with
// a comment naming the target; both happen in w's transaction.
void close_for_moved_alert(write_scope& w, std::int64_t other_id, const model::incident& target);

// Adds or replaces a comment of `incident` (name already set); activity comment.added /
// comment.updated, event comment_added for a new one. created=false and no write when the
// message is unchanged.
upsert_result<model::comment> write_comment(write_scope& w, const incident_row& incident,
                                            model::comment value);

}  // namespace tocsin::store::sqlite
