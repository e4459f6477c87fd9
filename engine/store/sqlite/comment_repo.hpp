#pragma once
// Comment and task rows, children of an incident row.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/model/comment.hpp"
#include "engine/model/task.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/rows.hpp"

namespace tocsin::store::sqlite {

std::optional<comment_row> find_comment(connection& db, std::int64_t incident_id,
                                        std::string_view name);
std::vector<comment_row> list_comments(connection& db, std::int64_t incident_id);
std::int64_t insert_comment(connection& db, std::int64_t incident_id, const model::comment& value);
// Writes message, last_modified and etag; author and created never change.
void update_comment(connection& db, std::int64_t comment_id, const model::comment& value);
void delete_comment(connection& db, std::int64_t comment_id);

std::optional<task_row> find_task(connection& db, std::int64_t incident_id, std::string_view name);
std::vector<task_row> list_tasks(connection& db, std::int64_t incident_id);
std::int64_t insert_task(connection& db, std::int64_t incident_id, const model::task& value);
// Writes title, description, status, last_modified(_by) and etag.
void update_task(connection& db, std::int64_t task_id, const model::task& value);
void delete_task(connection& db, std::int64_t task_id);

}  // namespace tocsin::store::sqlite
