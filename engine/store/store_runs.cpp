// Defaults of the "playbook runs" section of store::store for backends that do not keep runs.
#include "engine/store/store.hpp"

namespace tocsin::store {
namespace {
[[noreturn]] void no_runs() {
    throw error(errc::unsupported, "this store does not keep playbook runs");
}
}  // namespace

void store::put_run(const run_record&) {
    no_runs();
}
std::optional<run_record> store::find_run(const std::string&) {
    no_runs();
}
std::vector<run_record> store::list_runs(const run_query&) {
    no_runs();
}
std::vector<std::string> store::unfinished_runs() {
    no_runs();
}
void store::append_journal(const journal_entry&) {
    no_runs();
}
std::vector<journal_entry> store::journal_of(const std::string&) {
    no_runs();
}
std::vector<creation_event> store::creation_events_after(std::int64_t, std::size_t) {
    no_runs();
}
std::int64_t store::last_activity_id() {
    no_runs();
}
std::optional<std::string> store::runner_value(const std::string&) {
    no_runs();
}
void store::set_runner_value(const std::string&, const std::string&) {
    no_runs();
}

}  // namespace tocsin::store
