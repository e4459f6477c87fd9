// The missed-schedule policies and the handling of due instants, as pure decisions
// (schedule_plan.hpp); schedule_component_test.cpp checks them against a real store.

#include "triggers/schedule/schedule_plan.hpp"

#include <gtest/gtest.h>

#include "tests/schedule_trigger/schedule_test_support.hpp"

namespace tocsin::triggers::test {
namespace {

using nlohmann::json;

const schedule_spec hourly_run_once = schedule_spec::parse({{"cron", "0 * * * *"}});
const schedule_spec hourly_skip = schedule_spec::parse({{"cron", "0 * * * *"}, {"missed", "skip"}});

TEST(SchedulePlan, NewTriggerStartsFromNowWithoutCatchUp) {
    const auto plan = plan_start(hourly_run_once, std::nullopt, at("2025-05-05T10:30:00Z"));
    EXPECT_FALSE(plan.fire);
    EXPECT_EQ(text_of(plan.remember), "2025-05-05T10:30:00Z");
    EXPECT_EQ(text_of(plan.next), "2025-05-05T11:00:00Z");
    EXPECT_FALSE(plan.clock_behind);
}

TEST(SchedulePlan, RunOnceFiresOnlyTheMostRecentMissedInstant) {
    // Down from 06:00 to 10:30: 07:00, 08:00, 09:00 and 10:00 were missed; one run, for 10:00.
    const auto plan =
        plan_start(hourly_run_once, at("2025-05-05T06:00:00Z"), at("2025-05-05T10:30:00Z"));
    EXPECT_EQ(text_of(plan.fire), "2025-05-05T10:00:00Z");
    EXPECT_FALSE(plan.remember);
    EXPECT_EQ(text_of(plan.next), "2025-05-05T11:00:00Z");
}

TEST(SchedulePlan, RunOnceAfterAVeryLongOutageIsStillOneRun) {
    const auto plan =
        plan_start(hourly_run_once, at("2024-01-01T00:00:00Z"), at("2025-05-05T10:30:00Z"));
    EXPECT_EQ(text_of(plan.fire), "2025-05-05T10:00:00Z");
}

TEST(SchedulePlan, SkipFiresNothingAndRemembersNow) {
    const auto plan =
        plan_start(hourly_skip, at("2025-05-05T06:00:00Z"), at("2025-05-05T10:30:00Z"));
    EXPECT_FALSE(plan.fire);
    EXPECT_EQ(text_of(plan.remember), "2025-05-05T10:30:00Z");
    EXPECT_EQ(text_of(plan.next), "2025-05-05T11:00:00Z");
}

TEST(SchedulePlan, NothingMissedWhenTheLastInstantWasHandled) {
    for (const auto* spec : {&hourly_run_once, &hourly_skip}) {
        const auto plan = plan_start(*spec, at("2025-05-05T10:00:00Z"), at("2025-05-05T10:59:59Z"));
        EXPECT_FALSE(plan.fire);
        EXPECT_FALSE(plan.remember);
        EXPECT_EQ(text_of(plan.next), "2025-05-05T11:00:00Z");
    }
    // Handled through a time between instants (a first sighting, a skip) counts the same.
    const auto plan =
        plan_start(hourly_run_once, at("2025-05-05T10:12:00Z"), at("2025-05-05T10:30:00Z"));
    EXPECT_FALSE(plan.fire);
}

TEST(SchedulePlan, StoredInstantInTheFutureGoesOnFromNow) {
    const auto plan =
        plan_start(hourly_run_once, at("2025-05-06T00:00:00Z"), at("2025-05-05T10:30:00Z"));
    EXPECT_TRUE(plan.clock_behind);
    EXPECT_FALSE(plan.fire);
    EXPECT_EQ(text_of(plan.next), "2025-05-05T11:00:00Z");
}

TEST(SchedulePlan, IntervalCatchUp) {
    const auto every = schedule_spec::parse({{"every", "30s"}});
    const auto plan = plan_start(every, at("2025-05-05T10:00:00Z"), at("2025-05-05T10:02:10Z"));
    EXPECT_EQ(text_of(plan.fire), "2025-05-05T10:02:00Z");
    EXPECT_EQ(text_of(plan.next), "2025-05-05T10:02:30Z");
}

TEST(SchedulePlan, FreshTriggerWhileRunning) {
    const auto plan = plan_fresh(hourly_run_once, at("2025-05-05T10:30:00Z"));
    EXPECT_FALSE(plan.fire);
    EXPECT_EQ(text_of(plan.remember), "2025-05-05T10:30:00Z");
    EXPECT_EQ(text_of(plan.next), "2025-05-05T11:00:00Z");
}

TEST(SchedulePlan, DueOnTime) {
    const auto plan =
        plan_due(hourly_run_once, at("2025-05-05T11:00:00Z"), at("2025-05-05T11:00:00.020Z"));
    EXPECT_EQ(text_of(plan.fire), "2025-05-05T11:00:00Z");
    EXPECT_FALSE(plan.dropped);
    EXPECT_EQ(text_of(plan.next), "2025-05-05T12:00:00Z");
}

TEST(SchedulePlan, DueLateRunsTheLatestOnceAndDropsTheRest) {
    // The engine stalled (or the clock stepped) from 11:00 to 14:20: one run, for 14:00.
    const auto plan = plan_due(hourly_skip, at("2025-05-05T11:00:00Z"), at("2025-05-05T14:20:00Z"));
    EXPECT_EQ(text_of(plan.fire), "2025-05-05T14:00:00Z");
    EXPECT_TRUE(plan.dropped);
    EXPECT_EQ(text_of(plan.next), "2025-05-05T15:00:00Z");
}

}  // namespace
}  // namespace tocsin::triggers::test
