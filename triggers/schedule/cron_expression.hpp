#pragma once
// A standard five-field cron expression, as crontab(5) (Vixie cron, cronie) reads it:
//
//   minute  hour  day-of-month  month  day-of-week
//   0-59    0-23  1-31          1-12   0-7 (0 and 7 are both Sunday)
//                               JAN-DEC SUN-SAT (names in any case)
//
// Each field is `*` or a comma-separated list of values, ranges `a-b` and steps `*/n`, `a-b/n`
// or `a/n` (from a to the field's maximum, as Kubernetes and Quartz read it). Ranges do not wrap:
// `FRI-MON` is an error. The shorthands @yearly (@annually), @monthly, @weekly, @daily
// (@midnight) and @hourly stand for "0 0 1 1 *", "0 0 1 * *", "0 0 * * 0", "0 0 * * *" and
// "0 * * * *". Seconds fields, `?`, `L`, `W` and `#` (Quartz) are not accepted.
//
// Days follow Vixie cron: when both day fields are restricted (neither starts with `*`), a day
// matches when EITHER matches ("0 9 1,15 * MON": the 1st, the 15th and every Monday); when one
// starts with `*` (`*/2` included), both must match.
//
// An expression whose days can never occur ("0 0 30 FEB *") is refused when parsed.
// Expressions are plain values; every member is const and thread-safe.

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::triggers {

using local_minutes = std::chrono::local_time<std::chrono::minutes>;

class cron_expression {
  public:
    // Throws tocsin::error(invalid_argument) with a message quoting the expression and naming the
    // field and value at fault.
    static cron_expression parse(std::string_view text);

    const std::string& text() const { return text_; }
    // Vixie cron's "wildcard" job: the minute or the hour field starts with `*`. Such a schedule
    // keeps its rhythm through a repeated (autumn) hour; others fire once in it
    // (cron_schedule.hpp).
    bool wildcard_time() const { return minute_star_ || hour_star_; }

    bool matches_day(std::chrono::year_month_day day) const;
    // The first local minute in [from, to) that the expression matches.
    std::optional<local_minutes> next_match(local_minutes from, local_minutes to) const;

  private:
    std::string text_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;     // 1..31
    std::bitset<13> months_;   // 1..12
    std::bitset<7> weekdays_;  // 0 (Sunday) .. 6
    bool minute_star_ = false;
    bool hour_star_ = false;
    bool day_star_ = false;
    bool weekday_star_ = false;
};

}  // namespace tocsin::triggers
