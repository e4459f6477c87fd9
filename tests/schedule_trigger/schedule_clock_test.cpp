// The test-only accelerated clock and how the configuration selects it.

#include "triggers/schedule/schedule_clock.hpp"

#include <atomic>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/schedule_trigger/schedule_test_support.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::triggers::test {
namespace {

using ::testing::HasSubstr;

class stepped_clock final : public clock {
  public:
    time_point now() const override { return time_point{std::chrono::milliseconds{ms_.load()}}; }
    void advance(std::chrono::milliseconds by) { ms_ += by.count(); }

  private:
    std::atomic<std::int64_t> ms_{1'000'000};
};

config with(std::vector<std::pair<std::string, std::string>> overrides) {
    config_sources sources;
    sources.overrides = std::move(overrides);
    return load_config(sources);
}

TEST(AcceleratedClock, StartsWhereToldAndRunsFaster) {
    stepped_clock base;
    const accelerated_clock clock(at("2025-03-30T00:20:00Z"), 300, base);
    EXPECT_EQ(format_time(clock.now()), "2025-03-30T00:20:00Z");
    base.advance(std::chrono::seconds(3));
    EXPECT_EQ(format_time(clock.now()), "2025-03-30T00:35:00Z");
}

TEST(ScheduleClock, SystemClockUnlessTheTestKeysAreSet) {
    const auto plain = schedule_clock(with({}));
    EXPECT_NE(dynamic_cast<system_clock*>(plain.get()), nullptr);
    const auto test = schedule_clock(with({{"schedule.test_clock_start", "2025-03-30T00:20:00Z"},
                                           {"schedule.test_clock_speed", "60"}}));
    EXPECT_NE(dynamic_cast<accelerated_clock*>(test.get()), nullptr);
    EXPECT_GE(test->now(), at("2025-03-30T00:20:00Z"));
}

TEST(ScheduleClock, BadStartIsAConfigErrorNamingTheKey) {
    const auto e = error_of([] { schedule_clock(with({{"schedule.test_clock_start", "soon"}})); });
    EXPECT_EQ(e.code, errc::config);
    EXPECT_EQ(e.field, "schedule.test_clock_start");
    EXPECT_EQ(e.message,
              "schedule.test_clock_start: \"soon\" is not an ISO 8601 instant (e.g. "
              "2025-03-30T00:30:00Z)");
}

TEST(ScheduleClock, ServeRefusesABadStartWithExitStatus2) {
    tocsin::test::temp_dir dir;
    const auto out = tocsin::test::run_tocsin(
        {"serve", "--data-dir", (dir / "data").string(), "--listen", "127.0.0.1:0"},
        {{"TOCSIN_SCHEDULE_TEST_CLOCK_START", "yesterday"},
         {"TOCSIN_PLAYBOOK_DIRS", (dir / "none").string()}});
    EXPECT_EQ(out.status, 2) << out.output;
    EXPECT_THAT(out.output, HasSubstr("schedule.test_clock_start: \"yesterday\" is not an ISO "
                                      "8601 instant"));
}

}  // namespace
}  // namespace tocsin::triggers::test
