#pragma once
// Row readers: turn a stepped statement whose columns follow one of sql.hpp's column lists into
// model values, plus the codecs for the JSON columns. A value the schema cannot hold (an unknown
// enum name, JSON that does not parse) means the file was damaged or written by hand: it is
// reported as errc::storage rather than guessed at.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/model/activity.hpp"
#include "engine/model/alert.hpp"
#include "engine/model/comment.hpp"
#include "engine/model/entity.hpp"
#include "engine/model/incident.hpp"
#include "engine/model/principal.hpp"
#include "engine/model/relation.hpp"
#include "engine/model/task.hpp"
#include "engine/store/sqlite/statement.hpp"

namespace tocsin::store::sqlite {

struct incident_row {
    std::int64_t id = 0;
    model::incident value;  // labels and summary are loaded separately (incident_repo)
};

struct alert_row {
    std::int64_t id = 0;
    model::alert value;  // entities are loaded separately (alert_repo)
};

struct relation_row {
    std::int64_t id = 0;
    std::int64_t alert_row_id = 0;
    model::relation value;  // incident_name is filled by the caller
};

struct comment_row {
    std::int64_t id = 0;
    model::comment value;  // incident_name is filled by the caller
};

struct task_row {
    std::int64_t id = 0;
    model::task value;  // incident_name is filled by the caller
};

incident_row read_incident(const statement& st);
alert_row read_alert(const statement& st);
model::entity read_entity(const statement& st);
relation_row read_relation(const statement& st);
comment_row read_comment(const statement& st);
task_row read_task(const statement& st);
model::activity_entry read_activity(const statement& st);

// JSON stored in a column; errc::storage when it does not parse.
nlohmann::json parse_stored_json(const std::string& text, std::string_view column);

// The alert fields without columns of their own, as stored in alerts.data. A storage format,
// deliberately independent of the API's JSON shape so an API change never rewrites rows.
nlohmann::json alert_data(const model::alert& value);

std::string_view to_text(model::principal::kind kind);
model::principal::kind principal_kind_of(std::string_view text);

nlohmann::json changes_json(const std::vector<model::field_change>& changes);

// Text of a JSON value for a TEXT column. Invalid UTF-8 in strings becomes U+FFFD instead of
// failing the write: the model does not validate encodings, and one bad byte in a field must
// not make an incident unwritable.
std::string to_column(const nlohmann::json& value);

}  // namespace tocsin::store::sqlite
