#pragma once
// SQL for playbook run records, their sources and journal (migrations 4 and 5), and the
// runner's reads of the activity log (creation events) and its bookkeeping values.
// Thread-safety: none; callers hold the connection (writer under its mutex, or a reader lease).

#include <optional>
#include <string>
#include <vector>

#include "engine/store/run_record.hpp"
#include "engine/store/sqlite/connection.hpp"

namespace tocsin::store::sqlite {

void upsert_run(connection& db, const run_record& record);
std::optional<run_record> select_run(connection& db, const std::string& id);
std::vector<run_record> select_runs(connection& db, const run_query& query);
std::vector<std::string> select_unfinished_runs(connection& db);
void insert_journal(connection& db, const journal_entry& entry);
std::vector<journal_entry> select_journal(connection& db, const std::string& run_id);
std::vector<creation_event> select_creation_events(connection& db, std::int64_t after,
                                                   std::size_t limit);
std::int64_t select_last_activity_id(connection& db);
std::optional<std::string> select_runner_value(connection& db, const std::string& key);
void upsert_runner_value(connection& db, const std::string& key, const std::string& value);

}  // namespace tocsin::store::sqlite
