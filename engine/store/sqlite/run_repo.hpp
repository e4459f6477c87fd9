#pragma once
// SQL for playbook run records and the action journal (tables of migration 4).
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

}  // namespace tocsin::store::sqlite
