// When cron schedules fire, in UTC and in time zones across daylight saving changes (the rules
// are in triggers/schedule/cron_schedule.hpp). Zones come from the system's tzdata.

#include "triggers/schedule/cron_schedule.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/schedule_trigger/schedule_test_support.hpp"

namespace tocsin::triggers::test {
namespace {

// The next `count` instants after `after`, as ISO 8601 UTC.
std::vector<std::string> fires(const std::string& cron, const std::string& zone,
                               const std::string& after, int count) {
    const auto expr = cron_expression::parse(cron);
    const auto tz = time_zone::locate(zone);
    std::vector<std::string> out;
    auto t = at(after);
    for (int i = 0; i < count; ++i) {
        const auto next = next_cron_instant(expr, *tz, t);
        if (!next)
            break;
        out.push_back(format_time(*next));
        t = *next;
    }
    return out;
}

using list = std::vector<std::string>;

TEST(CronSchedule, NextIsStrictlyAfter) {
    EXPECT_EQ(fires("*/15 * * * *", "UTC", "2024-09-10T10:07:00Z", 2),
              (list{"2024-09-10T10:15:00Z", "2024-09-10T10:30:00Z"}));
    EXPECT_EQ(fires("*/15 * * * *", "UTC", "2024-09-10T10:15:00Z", 1),
              (list{"2024-09-10T10:30:00Z"}));
    EXPECT_EQ(fires("*/15 * * * *", "UTC", "2024-09-10T10:14:59.999Z", 1),
              (list{"2024-09-10T10:15:00Z"}));
}

TEST(CronSchedule, WorkingHoursOnWeekdays) {
    // Friday 18:45, then Monday 08:00.
    EXPECT_EQ(fires("*/15 8-18 * * 1-5", "UTC", "2024-09-13T18:40:00Z", 2),
              (list{"2024-09-13T18:45:00Z", "2024-09-16T08:00:00Z"}));
}

TEST(CronSchedule, MonthEnds) {
    EXPECT_EQ(fires("0 0 31 * *", "UTC", "2024-01-31T00:00:00Z", 4),
              (list{"2024-03-31T00:00:00Z", "2024-05-31T00:00:00Z", "2024-07-31T00:00:00Z",
                    "2024-08-31T00:00:00Z"}));
    EXPECT_EQ(fires("0 12 30 * *", "UTC", "2025-01-31T00:00:00Z", 2),
              (list{"2025-03-30T12:00:00Z", "2025-04-30T12:00:00Z"}))
        << "no 30 February";
    EXPECT_EQ(fires("59 23 31 12 *", "UTC", "2024-06-01T00:00:00Z", 2),
              (list{"2024-12-31T23:59:00Z", "2025-12-31T23:59:00Z"}));
}

TEST(CronSchedule, LeapYears) {
    EXPECT_EQ(fires("0 6 29 FEB *", "UTC", "2023-01-01T00:00:00Z", 3),
              (list{"2024-02-29T06:00:00Z", "2028-02-29T06:00:00Z", "2032-02-29T06:00:00Z"}));
    EXPECT_EQ(fires("0 6 29 FEB *", "UTC", "2097-01-01T00:00:00Z", 1),
              (list{"2104-02-29T06:00:00Z"}))
        << "2100 is not a leap year";
    EXPECT_EQ(fires("0 0 28-29 2 *", "UTC", "2025-02-27T00:00:00Z", 2),
              (list{"2025-02-28T00:00:00Z", "2026-02-28T00:00:00Z"}));
}

TEST(CronSchedule, EitherDayFieldMatchesWhenBothAreRestricted) {
    EXPECT_EQ(fires("0 9 13 * FRI", "UTC", "2024-10-01T00:00:00Z", 4),
              (list{"2024-10-04T09:00:00Z", "2024-10-11T09:00:00Z", "2024-10-13T09:00:00Z",
                    "2024-10-18T09:00:00Z"}));
}

TEST(CronSchedule, TimeZonesShiftWallClockTimes) {
    EXPECT_EQ(fires("0 9 * * *", "Asia/Kolkata", "2024-09-10T00:00:00Z", 1),
              (list{"2024-09-10T03:30:00Z"}));
    EXPECT_EQ(fires("0 9 * * *", "Europe/Paris", "2024-01-10T00:00:00Z", 1),
              (list{"2024-01-10T08:00:00Z"}));
    EXPECT_EQ(fires("0 9 * * *", "Europe/Paris", "2024-07-10T00:00:00Z", 1),
              (list{"2024-07-10T07:00:00Z"}));
    // The day is the zone's: 00:30 on Monday in Tokyo is Sunday 15:30 UTC.
    EXPECT_EQ(fires("30 0 * * MON", "Asia/Tokyo", "2024-09-01T00:00:00Z", 1),
              (list{"2024-09-01T15:30:00Z"}));
}

// Europe/Paris, 2025: summer time from 30 March 01:00 UTC (02:00 CET → 03:00 CEST) to
// 26 October 01:00 UTC (03:00 CEST → 02:00 CET).

TEST(CronSchedule, SpringForwardSkipsTheMissingLocalTimeThatDay) {
    EXPECT_EQ(fires("30 2 * * *", "Europe/Paris", "2025-03-28T12:00:00Z", 3),
              (list{"2025-03-29T01:30:00Z", "2025-03-31T00:30:00Z", "2025-04-01T00:30:00Z"}));
    // 03:00 exists: it is the first instant of summer time.
    EXPECT_EQ(fires("0 3 * * *", "Europe/Paris", "2025-03-29T12:00:00Z", 1),
              (list{"2025-03-30T01:00:00Z"}));
}

TEST(CronSchedule, SpringForwardWildcardScheduleGoesOn) {
    EXPECT_EQ(fires("*/15 * * * *", "Europe/Paris", "2025-03-30T00:30:00Z", 3),
              (list{"2025-03-30T00:45:00Z", "2025-03-30T01:00:00Z", "2025-03-30T01:15:00Z"}));
}

TEST(CronSchedule, FallBackFixedTimeFiresOnceInTheRepeatedHour) {
    EXPECT_EQ(fires("30 2 * * *", "Europe/Paris", "2025-10-25T12:00:00Z", 2),
              (list{"2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z"}));
    // Looking from inside the second pass: 02:45 was already lived (at 00:45 UTC).
    EXPECT_EQ(fires("45 2 * * *", "Europe/Paris", "2025-10-26T01:10:00Z", 1),
              (list{"2025-10-27T01:45:00Z"}));
    // 02:05 is still ahead in the second pass but was lived in the first: not again.
    EXPECT_EQ(fires("5 2 * * *", "Europe/Paris", "2025-10-26T00:50:00Z", 1),
              (list{"2025-10-27T01:05:00Z"}));
}

TEST(CronSchedule, FallBackWildcardScheduleKeepsItsRhythm) {
    EXPECT_EQ(fires("0 * * * *", "Europe/Paris", "2025-10-25T23:30:00Z", 4),
              (list{"2025-10-26T00:00:00Z", "2025-10-26T01:00:00Z", "2025-10-26T02:00:00Z",
                    "2025-10-26T03:00:00Z"}));
    EXPECT_EQ(fires("*/30 2 * * *", "Europe/Paris", "2025-10-25T12:00:00Z", 5),
              (list{"2025-10-26T00:00:00Z", "2025-10-26T00:30:00Z", "2025-10-26T01:00:00Z",
                    "2025-10-26T01:30:00Z", "2025-10-27T01:00:00Z"}));
}

TEST(CronSchedule, NewYorkBothWays) {
    // 2025: EDT from 9 March 07:00 UTC; EST again from 2 November 06:00 UTC (02:00 → 01:00).
    EXPECT_EQ(fires("30 2 * * *", "America/New_York", "2025-03-08T12:00:00Z", 2),
              (list{"2025-03-10T06:30:00Z", "2025-03-11T06:30:00Z"}));
    EXPECT_EQ(fires("30 1 * * *", "America/New_York", "2025-11-01T12:00:00Z", 2),
              (list{"2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"}));
}

TEST(CronSchedule, SouthernHemisphereBothWays) {
    // Australia/Sydney, 2025: AEDT ends 6 April (03:00 → 02:00, at 16:00 UTC the day before),
    // starts 5 October (02:00 → 03:00, at 16:00 UTC the day before).
    EXPECT_EQ(fires("30 2 * * *", "Australia/Sydney", "2025-04-05T12:00:00Z", 2),
              (list{"2025-04-05T15:30:00Z", "2025-04-06T16:30:00Z"}));
    EXPECT_EQ(fires("30 2 * * *", "Australia/Sydney", "2025-10-04T00:00:00Z", 2),
              (list{"2025-10-05T15:30:00Z", "2025-10-06T15:30:00Z"}));
}

TEST(CronSchedule, HalfHourDaylightSaving) {
    // Australia/Lord_Howe moves by 30 minutes: 2025-10-05 02:00 → 02:30 (+10:30 → +11), so
    // 02:15 does not exist that day.
    EXPECT_EQ(fires("15 2 * * *", "Australia/Lord_Howe", "2025-10-03T00:00:00Z", 3),
              (list{"2025-10-03T15:45:00Z", "2025-10-05T15:15:00Z", "2025-10-06T15:15:00Z"}));
}

TEST(CronSchedule, TheLastListedYearStillSwitches) {
    // 2037 is the last year Debian's zone files list (time_zone.hpp): its spring gap is the last
    // Sunday of March, the 29th, and summer time holds in July.
    EXPECT_EQ(fires("30 2 * * *", "Europe/Paris", "2037-03-28T12:00:00Z", 2),
              (list{"2037-03-30T00:30:00Z", "2037-03-31T00:30:00Z"}));
    EXPECT_EQ(fires("0 12 * * *", "Europe/Paris", "2037-07-01T00:00:00Z", 1),
              (list{"2037-07-01T10:00:00Z"}));
}

TEST(CronSchedule, RareSchedulesAreFoundDecadesAhead) {
    // 29 February that is a Sunday (the weekday field starts with '*', so both must match):
    // 2032, then 2060.
    const auto rare = cron_expression::parse("0 0 29 2 */7");
    EXPECT_EQ(text_of(next_cron_instant(rare, *time_zone::utc(), at("2032-03-01T00:00:00Z"))),
              "2060-02-29T00:00:00Z");
    // Both day fields restricted: every Monday of February, though 30 February never comes.
    const auto mondays = cron_expression::parse("0 0 30 FEB MON");
    EXPECT_EQ(text_of(next_cron_instant(mondays, *time_zone::utc(), at("2025-01-01T00:00:00Z"))),
              "2025-02-03T00:00:00Z");
}

}  // namespace
}  // namespace tocsin::triggers::test
