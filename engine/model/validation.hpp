#pragma once
// Domain rules. Each check throws tocsin::error with errc::invalid_argument or missing_field and
// names the field in the API's spelling (e.g. "properties.classificationReason"), so the HTTP
// edge can answer 400 with a message a user can act on.

#include <string_view>

#include "engine/model/alert.hpp"
#include "engine/model/comment.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/task.hpp"

namespace tocsin::model {

// Trims the title, drops duplicate labels (first wins), and clears classification fields of an
// incident that is not Closed (reopening discards the old verdict).
void normalize(incident& value);
// Title required and ≤ 256, description ≤ 5000, closing requires a classification, a reason
// exactly where the classification has reasons (and one that belongs to it), labels non-empty.
void validate(const incident& value);

// Display name required, techniques T#### or T####.###, tactics known, end ≥ start, entities
// identifiable, at most max_entities_per_alert entities.
inline constexpr std::size_t max_entities_per_alert = 500;
void normalize(alert& value);
void validate(const alert& value);

void validate(const comment& value);
void validate(const task& value);

// Relation, comment and task names: ^[a-zA-Z0-9-]{3,63}$ as the API requires.
bool is_valid_child_name(std::string_view name);
void validate_child_name(std::string_view name, std::string_view field);

// Trims ASCII and Unicode-agnostic whitespace (space, tab, CR, LF) from both ends.
std::string_view trim(std::string_view text);

}  // namespace tocsin::model
