#pragma once
// When a cron expression fires in a time zone: the expression is read in the zone's wall-clock
// time; the instants it yields are UTC.
//
// Daylight saving time follows Vixie cron (cronie), which sorts schedules into fixed-time ones
// (neither the minute nor the hour field starts with `*`) and wildcard ones, with one choice of
// ours for the spring gap:
//  - Spring forward (a local hour is skipped): a local time that does not exist that day does
//    not fire that day. "30 2 * * *" in Europe/Paris does not run on the last Sunday of March,
//    as Kubernetes CronJob and Quartz behave. cronie would run it right after the jump; we do
//    not, because a schedule that names a time should not fire at another one (choose a time
//    outside the switch hour for a job that must run every day). Wildcard schedules simply go on:
//    "*/15 * * * *" fires at 01:45 and then at 03:00, a quarter of an hour later.
//  - Fall back (a local hour happens twice): a fixed-time schedule fires once, at the first
//    occurrence. "30 2 * * *" in Europe/Paris fires at 00:30 UTC on the last Sunday of October,
//    not again at 01:30 UTC. A wildcard schedule keeps its rhythm through both passes: "0 * * * *"
//    fires every real hour and "*/15 * * * *" every real quarter hour (Vixie cron's rule for
//    clocks that go back).

#include <chrono>
#include <optional>

#include "engine/core/time.hpp"
#include "triggers/schedule/cron_expression.hpp"
#include "triggers/schedule/time_zone.hpp"

namespace tocsin::triggers {

// How far the search looks ahead: 29 February on a given weekday recurs within 28 years.
inline constexpr std::chrono::days search_horizon{366 * 29};

// The first instant strictly after `after` at which `expr` fires in `zone`; nullopt when there
// is none within search_horizon.
std::optional<time_point> next_cron_instant(const cron_expression& expr, const time_zone& zone,
                                            time_point after);

}  // namespace tocsin::triggers
