// Time zones from the system's zoneinfo through the date/tz library: periods, links, the clamped
// ends of the first and last periods, and unknown names.

#include "triggers/schedule/time_zone.hpp"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/schedule_trigger/schedule_test_support.hpp"

namespace tocsin::triggers::test {
namespace {

using namespace std::chrono;
using ::testing::HasSubstr;

TEST(TimeZone, UtcNeedsNoZoneData) {
    const auto utc = time_zone::locate("UTC");
    EXPECT_EQ(utc->name(), "UTC");
    const auto p = utc->period_at(at("2025-06-01T00:00:00Z"));
    EXPECT_EQ(p.offset, seconds{0});
    EXPECT_EQ(p.begin, far_past);
    EXPECT_EQ(p.end, far_future);
}

TEST(TimeZone, PeriodsOfTheSystemZoneinfo) {
    const auto paris = time_zone::locate("Europe/Paris");
    const auto summer = paris->period_at(at("2025-07-01T00:00:00Z"));
    EXPECT_EQ(summer.offset, hours{2});
    EXPECT_EQ(format_time(summer.begin), "2025-03-30T01:00:00Z");
    EXPECT_EQ(format_time(summer.end), "2025-10-26T01:00:00Z");
    const auto edge = paris->period_at(at("2025-10-26T01:00:00Z"));
    EXPECT_EQ(edge.offset, hours{1}) << "a period includes its start";
    EXPECT_EQ(time_zone::locate("Europe/Paris"), paris) << "zones are read once";
}

TEST(TimeZone, NewYorkInWinter) {
    const auto winter =
        time_zone::locate("America/New_York")->period_at(at("2025-01-15T12:00:00Z"));
    EXPECT_EQ(winter.offset, -hours{5});
    EXPECT_EQ(format_time(winter.begin), "2024-11-03T06:00:00Z");
    EXPECT_EQ(format_time(winter.end), "2025-03-09T07:00:00Z");
}

TEST(TimeZone, LinksNameTheirTargetZone) {
    const auto eastern = time_zone::locate("US/Eastern");
    EXPECT_EQ(eastern->name(), "US/Eastern") << "the name as the playbook wrote it";
    EXPECT_EQ(eastern->period_at(at("2025-07-01T00:00:00Z")).offset, -hours{4});
}

TEST(TimeZone, FirstPeriodStartsAtFarPast) {
    // Local mean time before the first transition (Paris: +00:09:21 until 1891).
    const auto lmt = time_zone::locate("Europe/Paris")->period_at(at("1800-01-01T00:00:00Z"));
    EXPECT_EQ(lmt.begin, far_past);
    EXPECT_EQ(lmt.offset, seconds{561});
    EXPECT_EQ(format_time(lmt.end), "1891-03-15T23:50:39Z");
}

TEST(TimeZone, UnknownZonesAreErrorsNamingThem) {
    for (const char* name : {"Europe/Pariss", "europe/paris", "Nowhere", "../../etc/passwd",
                             "/etc/localtime", "Europe//Paris", "Europe/./Paris", "Europe/Paris/",
                             "zone1970.tab", "Europe/Paris;rm", ""}) {
        const auto e = error_of([&] { time_zone::locate(name); });
        EXPECT_EQ(e.code, errc::invalid_argument) << name;
        EXPECT_THAT(e.message, HasSubstr("unknown time zone '" + std::string(name) + "'"));
        EXPECT_THAT(e.message, HasSubstr("Europe/Paris or America/New_York")) << name;
    }
}

}  // namespace
}  // namespace tocsin::triggers::test
