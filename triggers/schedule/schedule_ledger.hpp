#pragma once
// What the store remembers for each schedule trigger, so that a restart knows which instants
// passed unhandled (schedule_plan.hpp), and the run ids that make a fire happen at most once.
//
// Runner value "schedule.<playbook>.<n>" (n: the trigger's 1-based position in the playbook's
// `triggers` list) = an ISO 8601 UTC instant through which every scheduled instant was handled:
// the scheduled instant of the newest run whose "running" record is stored (written only once it
// is), or the time up to which instants were passed over. Moving a trigger within the list moves
// its state with the position.
//
// Runner value "schedule.<playbook>.<n>.fired" = the instant of the newest fire, written before
// its run is started. At start-up a fired instant later than the handled one is a fire a crash
// interrupted between the decision and the run's record: its run is started then (unless its id
// is known), so a crash neither loses a fire nor repeats one.
//
// Run ids are name-based UUIDs of (playbook, trigger position, scheduled instant): a fire that is
// attempted twice (after a crash before the value was written, or by two timers) finds its id
// known to the scheduler and is not started again.
//
// Thread-safety: every member may be called from any thread; calls reach the store (blocking:
// call them on the blocking pool).

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/time.hpp"
#include "engine/store/store.hpp"

namespace tocsin::triggers {

std::string ledger_key(std::string_view playbook, std::size_t trigger);
std::string fired_key(std::string_view ledger_key);
std::string schedule_run_id(std::string_view playbook, std::size_t trigger, time_point instant);

class schedule_ledger {
  public:
    explicit schedule_ledger(store::store& store) : store_(store) {}

    // nullopt when nothing is stored, the store keeps no runner values, or the value is not an
    // instant (logged).
    std::optional<time_point> handled_through(const std::string& key);
    // Moves the stored instant forward, never back (the records of two runs may be stored in
    // either order). Store errors are logged, not thrown.
    void mark(const std::string& key, time_point instant);

    // The instant of the newest fire, as handled_through() reads.
    std::optional<time_point> last_fired(const std::string& key);
    // Stores `instant` as the newest fire, before its run starts. False when it could not be
    // stored (logged): the run is then not durably decided.
    bool record_fire(const std::string& key, time_point instant);

  private:
    std::optional<time_point> read(const std::string& key);

    store::store& store_;
    std::mutex mutex_;
    std::map<std::string, time_point> marks_;  // guarded by mutex_; what this process stored
};

}  // namespace tocsin::triggers
