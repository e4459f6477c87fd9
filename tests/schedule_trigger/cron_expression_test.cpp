#include "triggers/schedule/cron_expression.hpp"

#include <cstdio>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/schedule_trigger/schedule_test_support.hpp"

namespace tocsin::triggers::test {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

local_minutes local(year_month_day day, int h, int m) {
    return local_days{day} + hours{h} + minutes{m};
}

// Every match within one local day, as "HH:MM".
std::vector<std::string> times_on(const cron_expression& e, year_month_day day) {
    std::vector<std::string> out;
    const local_minutes end = local_days{day} + days{1};
    for (auto t = e.next_match(local_days{day}, end); t; t = e.next_match(*t + minutes{1}, end)) {
        const auto since = (*t - floor<days>(*t)).count();
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(since / 60),
                      static_cast<int>(since % 60));
        out.push_back(buffer);
    }
    return out;
}

// Days of September 2024 (which starts on a Sunday) that match.
std::vector<unsigned> september_2024_days(const cron_expression& e) {
    std::vector<unsigned> out;
    for (unsigned d = 1; d <= 30; ++d)
        if (e.matches_day(year{2024} / September / day{d}))
            out.push_back(d);
    return out;
}

constexpr year_month_day some_day = year{2024} / September / day{10};

TEST(CronExpression, ListsRangesAndSteps) {
    EXPECT_EQ(times_on(cron_expression::parse("0,30 8-9 * * *"), some_day),
              (std::vector<std::string>{"08:00", "08:30", "09:00", "09:30"}));
    EXPECT_EQ(times_on(cron_expression::parse("0 8-18/5 * * *"), some_day),
              (std::vector<std::string>{"08:00", "13:00", "18:00"}));
    EXPECT_EQ(times_on(cron_expression::parse("*/20 23 * * *"), some_day),
              (std::vector<std::string>{"23:00", "23:20", "23:40"}));
    // a/n runs from a to the field's maximum, as Kubernetes and Quartz read it.
    EXPECT_EQ(times_on(cron_expression::parse("5/20 0 * * *"), some_day),
              (std::vector<std::string>{"00:05", "00:25", "00:45"}));
    EXPECT_EQ(times_on(cron_expression::parse("  59  23  *  *  *  "), some_day),
              (std::vector<std::string>{"23:59"}));
}

TEST(CronExpression, MonthAndWeekdayNamesInAnyCase) {
    const auto e = cron_expression::parse("0 0 1 jan,Jul,DEC *");
    EXPECT_TRUE(e.matches_day(year{2024} / July / day{1}));
    EXPECT_FALSE(e.matches_day(year{2024} / June / day{1}));
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 0 * * MON-fri")),
              (std::vector<unsigned>{2,  3,  4,  5,  6,  9,  10, 11, 12, 13, 16,
                                     17, 18, 19, 20, 23, 24, 25, 26, 27, 30}));
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 0 * SEP sat,sun")),
              (std::vector<unsigned>{1, 7, 8, 14, 15, 21, 22, 28, 29}));
}

TEST(CronExpression, ZeroAndSevenAreBothSunday) {
    const std::vector<unsigned> sundays{1, 8, 15, 22, 29};
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 0 * * 0")), sundays);
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 0 * * 7")), sundays);
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 0 * * SUN")), sundays);
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 0 * * 6-7")),
              (std::vector<unsigned>{1, 7, 8, 14, 15, 21, 22, 28, 29}));
}

TEST(CronExpression, BothDayFieldsRestrictedMeansEitherMatches) {
    // Vixie cron: the 13th, and every Friday.
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 9 13 * FRI")),
              (std::vector<unsigned>{6, 13, 20, 27}));
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 9 1,15 * MON")),
              (std::vector<unsigned>{1, 2, 9, 15, 16, 23, 30}));
}

TEST(CronExpression, ADayFieldStartingWithStarMeansBothMustMatch) {
    // crontab(5): a field starting with '*' is unrestricted for this rule, "*/2" included, so the
    // odd days that are Mondays.
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 9 */2 * MON")),
              (std::vector<unsigned>{9, 23}));
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 9 10-12 * *")),
              (std::vector<unsigned>{10, 11, 12}));
    EXPECT_EQ(september_2024_days(cron_expression::parse("0 9 * * */3")),
              (std::vector<unsigned>{1, 4, 7, 8, 11, 14, 15, 18, 21, 22, 25, 28, 29}));
}

TEST(CronExpression, NextMatchCrossesDaysMonthsAndYears) {
    const auto e = cron_expression::parse("15 4 31 * *");
    const auto found = e.next_match(local(year{2024} / April / day{1}, 0, 0),
                                    local(year{2025} / January / day{1}, 0, 0));
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, local(year{2024} / May / day{31}, 4, 15));
    EXPECT_FALSE(e.next_match(local(year{2024} / April / day{1}, 0, 0),
                              local(year{2024} / May / day{31}, 4, 15)))
        << "the end of the window is exclusive";
    const auto new_year = cron_expression::parse("@yearly");
    EXPECT_EQ(*new_year.next_match(local(year{2024} / December / day{31}, 23, 59),
                                   local(year{2026} / January / day{1}, 0, 0)),
              local(year{2025} / January / day{1}, 0, 0));
}

TEST(CronExpression, LeapDaysOnlyInLeapYears) {
    const auto e = cron_expression::parse("0 0 29 2 *");
    EXPECT_EQ(*e.next_match(local(year{2024} / March / day{1}, 0, 0),
                            local(year{2040} / January / day{1}, 0, 0)),
              local(year{2028} / February / day{29}, 0, 0));
    // 2100 is not a leap year.
    EXPECT_EQ(*e.next_match(local(year{2096} / March / day{1}, 0, 0),
                            local(year{2110} / January / day{1}, 0, 0)),
              local(year{2104} / February / day{29}, 0, 0));
}

TEST(CronExpression, Shorthands) {
    EXPECT_EQ(times_on(cron_expression::parse("@hourly"), some_day).size(), 24u);
    EXPECT_EQ(times_on(cron_expression::parse("@daily"), some_day),
              (std::vector<std::string>{"00:00"}));
    EXPECT_EQ(times_on(cron_expression::parse("@MIDNIGHT"), some_day),
              (std::vector<std::string>{"00:00"}));
    EXPECT_EQ(september_2024_days(cron_expression::parse("@weekly")),
              (std::vector<unsigned>{1, 8, 15, 22, 29}));
    EXPECT_EQ(september_2024_days(cron_expression::parse("@monthly")), (std::vector<unsigned>{1}));
    EXPECT_EQ(cron_expression::parse(" @daily ").text(), "@daily");
}

TEST(CronExpression, WildcardTimeFollowsVixieFlags) {
    EXPECT_TRUE(cron_expression::parse("*/15 * * * *").wildcard_time());
    EXPECT_TRUE(cron_expression::parse("0 * * * *").wildcard_time());
    EXPECT_TRUE(cron_expression::parse("*/5 2 * * *").wildcard_time());
    EXPECT_FALSE(cron_expression::parse("30 2 * * *").wildcard_time());
    EXPECT_FALSE(cron_expression::parse("0,30 1-3 * * *").wildcard_time());
    EXPECT_FALSE(cron_expression::parse("@daily").wildcard_time());
    EXPECT_TRUE(cron_expression::parse("@hourly").wildcard_time());
}

struct bad_case {
    const char* text;
    const char* says;
};

TEST(CronExpression, ErrorsQuoteTheExpressionAndNameTheFault) {
    const bad_case cases[] = {
        {"", "expected 5 fields"},
        {"* * * *", "found 4"},
        {"0 0 * * * 2024", "found 6"},
        {"60 * * * *", "minute value 60 is out of range 0-59"},
        {"* 24 * * *", "hour value 24 is out of range 0-23"},
        {"* * 0 * *", "day-of-month value 0 is out of range 1-31"},
        {"* * * 13 *", "month value 13 is out of range 1-12"},
        {"*/15 8-18 * * 1-8", "day-of-week value 8 is out of range 0-7"},
        {"* * * FOO *", "'FOO' is not a month value (expected 1-12 or JAN-DEC)"},
        {"* * * * MONDAY", "'MONDAY' is not a day-of-week value"},
        {"MON * * * *", "'MON' is not a minute value (expected 0-59)"},
        {"0 22-2 * * *", "hour range '22-2' runs backwards"},
        {"* * * * FRI-MON", "day-of-week range 'FRI-MON' runs backwards"},
        {"*/0 * * * *", "the step '0' in the minute field"},
        {"*/x * * * *", "the step 'x'"},
        {"1,,2 * * * *", "empty item in the minute field"},
        {"0 0 ? * MON", "'?' is not a day-of-month value"},
        {"0 0 L * *", "'L' is not a day-of-month value"},
        {"0 0 30 FEB *", "never occurs in the chosen months"},
        {"0 0 31 4,6,9,11 *", "never occurs"},
        {"@reboot", "unknown shorthand"},
        {"-5 * * * *", "'' is not a minute value"},
    };
    for (const auto& c : cases) {
        const auto e = error_of([&] { cron_expression::parse(c.text); });
        EXPECT_EQ(e.code, errc::invalid_argument) << c.text;
        EXPECT_THAT(e.message, HasSubstr(c.says)) << c.text;
        EXPECT_THAT(e.message, HasSubstr("\"" + std::string(c.text).substr(0, 3))) << c.text;
    }
}

TEST(CronExpression, ImpossibleDayIsAcceptedWhenTheWeekdayCanStillMatch) {
    // Vixie: both restricted, so every Monday fires even though 30 February never comes.
    const auto e = cron_expression::parse("0 0 30 FEB MON");
    EXPECT_TRUE(e.matches_day(year{2025} / February / day{3}));
    EXPECT_FALSE(e.matches_day(year{2025} / February / day{4}));
}

}  // namespace
}  // namespace tocsin::triggers::test
