#include "triggers/schedule/schedule_spec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/schedule_trigger/schedule_test_support.hpp"

namespace tocsin::triggers::test {
namespace {

using namespace std::chrono;
using nlohmann::json;
using ::testing::HasSubstr;

TEST(Interval, WholeNumberAndUnit) {
    EXPECT_EQ(parse_interval("1s"), seconds{1});
    EXPECT_EQ(parse_interval("30s"), seconds{30});
    EXPECT_EQ(parse_interval("10m"), minutes{10});
    EXPECT_EQ(parse_interval("2h"), hours{2});
    EXPECT_EQ(parse_interval("1d"), days{1});
    EXPECT_EQ(parse_interval("3650d"), days{3650});
}

TEST(Interval, RejectsAnythingElseQuotingIt) {
    for (const char* bad : {"", "0s", "10", "s", "1.5h", "10 m", "1w", "-5m", "1h30m", "3651d",
                            "999999999s", "10M"}) {
        const auto e = error_of([&] { parse_interval(bad); });
        EXPECT_EQ(e.code, errc::invalid_argument) << bad;
        EXPECT_THAT(e.message, HasSubstr("\"" + std::string(bad) + "\" is not an interval"));
        EXPECT_THAT(e.message, HasSubstr("at least 1s")) << bad;
    }
}

TEST(ScheduleSpec, IntervalsAreAlignedToTheEpoch) {
    const auto spec = schedule_spec::parse({{"every", "10m"}});
    EXPECT_EQ(text_of(spec.next_after(at("2025-05-05T10:07:31.5Z"))), "2025-05-05T10:10:00Z");
    EXPECT_EQ(text_of(spec.next_after(at("2025-05-05T10:10:00Z"))), "2025-05-05T10:20:00Z");
    EXPECT_EQ(text_of(spec.latest_at_or_before(at("2025-05-05T10:07:31Z"))),
              "2025-05-05T10:00:00Z");
    EXPECT_EQ(text_of(spec.latest_at_or_before(at("2025-05-05T10:10:00Z"))),
              "2025-05-05T10:10:00Z");
    const auto daily = schedule_spec::parse({{"every", "1d"}});
    EXPECT_EQ(text_of(daily.next_after(at("2025-05-05T10:07:00Z"))), "2025-05-06T00:00:00Z");
    const auto second = schedule_spec::parse({{"every", "1s"}});
    EXPECT_EQ(text_of(second.next_after(at("2025-05-05T10:07:00.999Z"))), "2025-05-05T10:07:01Z");
    EXPECT_EQ(spec.missed(), missed_policy::run_once);
}

TEST(ScheduleSpec, CronInAZone) {
    const auto spec =
        schedule_spec::parse({{"cron", "*/15 8-18 * * 1-5"}, {"timezone", "Europe/Paris"}});
    // Monday 2025-05-05 07:58 in Paris (UTC+2).
    EXPECT_EQ(text_of(spec.next_after(at("2025-05-05T05:58:00Z"))), "2025-05-05T06:00:00Z");
    // Saturday: the latest is Friday 18:45 Paris time.
    EXPECT_EQ(text_of(spec.latest_at_or_before(at("2025-05-10T12:00:00Z"))),
              "2025-05-09T16:45:00Z");
    // Frequent and rare schedules alike.
    const auto minutely = schedule_spec::parse({{"cron", "* * * * *"}});
    EXPECT_EQ(text_of(minutely.latest_at_or_before(at("2025-05-10T12:00:30Z"))),
              "2025-05-10T12:00:00Z");
    const auto yearly = schedule_spec::parse({{"cron", "@yearly"}});
    EXPECT_EQ(text_of(yearly.latest_at_or_before(at("2025-05-10T12:00:30Z"))),
              "2025-01-01T00:00:00Z");
    const auto leap = schedule_spec::parse({{"cron", "0 0 29 2 *"}});
    EXPECT_EQ(text_of(leap.latest_at_or_before(at("2027-05-10T12:00:30Z"))),
              "2024-02-29T00:00:00Z");
}

TEST(ScheduleSpec, DescribesItselfForCtxTrigger) {
    EXPECT_EQ(schedule_spec::parse({{"cron", "0 9 * * MON"}, {"timezone", "America/New_York"}})
                  .describe(),
              (json{{"cron", "0 9 * * MON"}, {"timezone", "America/New_York"}}));
    EXPECT_EQ(schedule_spec::parse({{"cron", "@daily"}}).describe(),
              (json{{"cron", "@daily"}, {"timezone", "UTC"}}));
    EXPECT_EQ(schedule_spec::parse({{"every", "30s"}, {"missed", "skip"}}).describe(),
              (json{{"every", "30s"}}));
    EXPECT_EQ(schedule_spec::parse({{"every", "30s"}, {"missed", "skip"}}).missed(),
              missed_policy::skip);
    EXPECT_EQ(schedule_spec::parse({{"every", "30s"}, {"missed", "run_once"}}).missed(),
              missed_policy::run_once);
}

struct bad_options {
    json options;
    const char* field;
    const char* says;
};

TEST(ScheduleSpec, BadOptionsNameTheOption) {
    const bad_options cases[] = {
        {nullptr, "triggers.options.cron", "needs options: cron = \"…\" or every = \"…\""},
        {json::object(), "triggers.options.cron", "exactly one of cron"},
        {{{"cron", "* * * * *"}, {"every", "1m"}}, "triggers.options.every", "exactly one of"},
        {{{"cron", "* * * * *"}, {"tz", "UTC"}},
         "triggers.options.tz",
         "options.tz: unknown option (expected cron, timezone, every or missed)"},
        {{{"cron", "*/15 8-18 * * 1-8"}},
         "triggers.options.cron",
         "options.cron: \"*/15 8-18 * * 1-8\": the day-of-week value 8 is out of range 0-7"},
        {{{"cron", 15}}, "triggers.options.cron", "options.cron: must be a non-empty string"},
        {{{"cron", ""}}, "triggers.options.cron", "must be a non-empty string"},
        {{{"cron", "0 9 * * *"}, {"timezone", "Europe/Pariss"}},
         "triggers.options.timezone",
         "options.timezone: unknown time zone 'Europe/Pariss'"},
        {{{"cron", "0 9 * * *"}, {"timezone", true}},
         "triggers.options.timezone",
         "must be a non-empty string"},
        {{{"every", "10m"}, {"timezone", "UTC"}},
         "triggers.options.timezone",
         "applies to cron schedules only"},
        {{{"every", "0s"}}, "triggers.options.every", "options.every: \"0s\" is not an interval"},
        {{{"every", 10}}, "triggers.options.every", "must be a non-empty string"},
        {{{"every", "1m"}, {"missed", "sometimes"}},
         "triggers.options.missed",
         "options.missed: \"sometimes\" is not a policy (expected \"run_once\" or \"skip\")"},
    };
    for (const auto& c : cases) {
        const auto e = error_of([&] { schedule_spec::parse(c.options); });
        EXPECT_EQ(e.code, errc::invalid_argument) << c.options.dump();
        EXPECT_EQ(e.field, c.field) << c.options.dump();
        EXPECT_THAT(e.message, HasSubstr(c.says)) << c.options.dump();
    }
}

}  // namespace
}  // namespace tocsin::triggers::test
