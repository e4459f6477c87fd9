#pragma once
// What the schedule trigger does with one schedule's instants, as pure functions of the
// schedule, what the store remembers (schedule_ledger.hpp: "handled through" = every instant up
// to it was fired or deliberately passed over) and the time. The component applies them.
//
// At start-up, for every schedule trigger it had before (a value is stored):
//   - instants that passed while the engine was down, i.e. in (stored, now]:
//       missed = "run_once": ONE run, for the most recent of them, with ctx.trigger.missed =
//       true; never a burst, however long the engine was down (as Kubernetes CronJob starts
//       only the most recent missed schedule);
//       missed = "skip": no run; the store remembers them as passed over;
//   - a stored value later than now (the clock went back): nothing is caught up, the schedule
//     goes on from now (and a run id already used is never started again: schedule_ledger.hpp).
// A schedule trigger seen for the first time, at start-up or later, starts from now: no
// catch-up; "now" is stored so that instants missed during a later outage are caught up even
// before its first run. A schedule whose options change while the engine runs also starts from
// now (its old instants are not the new schedule's).
//
// While running, when an instant is due: the run is for the LATEST instant at or before now,
// with missed = false. If the engine was stalled or the wall clock stepped forward over several
// instants, the earlier ones are dropped (and logged), never run in a burst. A run may start late
// (a busy engine), never twice.

#include <optional>

#include "engine/core/time.hpp"
#include "triggers/schedule/schedule_spec.hpp"

namespace tocsin::triggers {

struct start_plan {
    std::optional<time_point> fire;      // run this missed instant (missed = true)
    std::optional<time_point> remember;  // store as handled, without a run
    std::optional<time_point> next;      // the next instant to wait for; none: never again
    bool clock_behind = false;           // the stored value was later than now
};

// At start-up, for a trigger with `handled_through` stored (nullopt: none, a new trigger).
start_plan plan_start(const schedule_spec& spec, std::optional<time_point> handled_through,
                      time_point now);
// A trigger first seen (or changed) while the engine runs.
start_plan plan_fresh(const schedule_spec& spec, time_point now);

struct due_plan {
    std::optional<time_point> fire;  // run this instant (missed = false)
    bool dropped = false;            // earlier instants since `next` were passed over
    std::optional<time_point> next;
};

// When `next` <= now.
due_plan plan_due(const schedule_spec& spec, time_point next, time_point now);

}  // namespace tocsin::triggers
