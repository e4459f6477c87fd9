#pragma once
// What one write transaction carries: the writer connection, one "now" for every row it
// touches, who is writing, and the activity entries and domain events it produces. Events wait
// here until the transaction commits; a rollback drops them with the scope.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/events.hpp"
#include "engine/store/sqlite/connection.hpp"
#include "engine/store/store.hpp"

namespace tocsin::store::sqlite {

struct write_scope {
    connection& db;
    time_point now;
    const write_context& ctx;
    std::string workspace_key;
    // Set when the workspace exists (or was created by this write).
    std::optional<std::int64_t> workspace_id;
    std::vector<domain_event> events;
    // Detail the current step of a compound write adds to each entry it records (a merge tells
    // the absorbed incident's entries where it went). Set it through scoped_detail.
    nlohmann::json step_detail = nlohmann::json::object();

    // Appends an activity entry in this transaction, by ctx.actor at `now`. Its detail is
    // `detail`, then step_detail's keys it lacks, then ctx.detail's keys still missing: the
    // store's own keys always win over the caller's. errc::invalid_argument when ctx.detail is
    // neither null nor an object.
    void record(std::string_view incident_name, std::string_view action,
                std::vector<model::field_change> changes = {},
                nlohmann::json detail = nlohmann::json::object());
    // Queues an event for after the commit, stamped with the workspace, actor and time.
    domain_event& emit(event_type type, std::string_view incident_name = {});
};

// Sets w.step_detail for its lifetime and restores the previous value after (also on unwind).
class scoped_detail {
  public:
    scoped_detail(write_scope& w, nlohmann::json detail);
    ~scoped_detail();
    scoped_detail(const scoped_detail&) = delete;
    scoped_detail& operator=(const scoped_detail&) = delete;

  private:
    write_scope& w_;
    nlohmann::json saved_;
};

}  // namespace tocsin::store::sqlite
