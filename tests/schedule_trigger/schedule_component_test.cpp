// The schedule component on a real engine stack (runner_fixture: io threads, SQLite store,
// scheduler) with a playbook directory, a real catalog and a clock the test moves. The component
// looks at the clock every few milliseconds (max_sleep), so moving the clock is enough to make
// instants due; every wait polls with a generous deadline.

#include "triggers/schedule/schedule_component.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runner/runner_fixture.hpp"
#include "tests/schedule_trigger/schedule_test_support.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::triggers::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class manual_clock final : public clock {
  public:
    explicit manual_clock(time_point start) : ms_(start.time_since_epoch().count()) {}
    time_point now() const override { return time_point{std::chrono::milliseconds{ms_.load()}}; }
    void set(time_point t) { ms_.store(t.time_since_epoch().count()); }

  private:
    std::atomic<std::int64_t> ms_;
};

// A playbook that returns what it was triggered with.
std::string scheduled_playbook(const std::string& name, const std::string& options,
                               const std::string& params = "") {
    return "return {\n  name = '" + name +
           "', version = '1',\n  triggers = { { kind = 'schedule', options = " + options +
           " } },\n" + params + "  run = function(ctx) return ctx.trigger end,\n}\n";
}

class schedule_component_test : public ::testing::Test {
  protected:
    void write(const std::string& file, const std::string& source) {
        std::ofstream(playbooks_.path() / file) << source;
    }
    void remove(const std::string& file) { std::filesystem::remove(playbooks_.path() / file); }

    // Loads the catalog and starts the component with the clock at `now`.
    void start_at(const std::string& now) {
        clock_.set(at(now));
        lua::load_options load;
        load.sandbox.natives = runner_.scheduler().natives();
        catalog_ = std::make_unique<runner::catalog>(
            std::vector<std::filesystem::path>{playbooks_.path()}, load);
        catalog_->refresh();
        component_ = std::make_unique<schedule_component>(
            runner_.io(), blocking_, runner_.store(), *catalog_, runner_.scheduler(), clock_,
            schedule_settings{std::chrono::milliseconds{5}});
        component_->start();
    }
    void reload() { catalog_->refresh(); }

    std::vector<store::run_record> runs_of(const std::string& playbook) {
        store::run_query query;
        query.playbook = playbook;
        auto runs = runner_.scheduler().list(query);
        std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
            return a.trigger.value("scheduled_at", "") < b.trigger.value("scheduled_at", "");
        });
        return runs;
    }
    std::optional<std::string> stored(const std::string& playbook) {
        return runner_.store().runner_value(ledger_key(playbook, 1));
    }

    // Polls `ready` for up to 20 s; a test failure when it never holds.
    template <typename Ready>
    bool eventually(Ready ready, const std::string& what) {
        for (int i = 0; i < 2000; ++i) {
            if (ready())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ADD_FAILURE() << "timed out waiting for " << what;
        return false;
    }
    bool runs_reach(const std::string& playbook, std::size_t count) {
        return eventually([&] { return runs_of(playbook).size() >= count; },
                          std::to_string(count) + " runs of " + playbook);
    }
    bool stored_is(const std::string& playbook, const std::string& value) {
        return eventually([&] { return stored(playbook) == value; },
                          playbook + "'s stored instant to be " + value);
    }

    tocsin::test::temp_dir playbooks_;
    runner::test::runner_fixture runner_;
    blocking_pool blocking_{2};
    manual_clock clock_{at("2025-05-05T00:00:00Z")};
    std::unique_ptr<runner::catalog> catalog_;
    std::unique_ptr<schedule_component> component_;  // stops first
};

TEST_F(schedule_component_test, NewPlaybookStartsFromNowThenFiresOnSchedule) {
    write("hourly.lua", scheduled_playbook("hourly", "{ cron = '0 * * * *' }"));
    start_at("2025-05-05T10:30:00Z");
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T10:30:00Z"));
    EXPECT_TRUE(runs_of("hourly").empty()) << "no catch-up for a playbook seen the first time";

    clock_.set(at("2025-05-05T11:00:00.250Z"));
    ASSERT_TRUE(runs_reach("hourly", 1));
    const auto run = runs_of("hourly").at(0);
    EXPECT_EQ(run.trigger_kind, "schedule");
    EXPECT_EQ(run.id, schedule_run_id("hourly", 1, at("2025-05-05T11:00:00Z")));
    EXPECT_EQ(run.trigger["kind"], "schedule");
    EXPECT_EQ(run.trigger["scheduled_at"], "2025-05-05T11:00:00Z");
    EXPECT_EQ(run.trigger["cron"], "0 * * * *");
    EXPECT_EQ(run.trigger["timezone"], "UTC");
    EXPECT_EQ(run.trigger["missed"], false);
    const auto fired = parse_time(run.trigger["fired_at"].get<std::string>());
    ASSERT_TRUE(fired);
    EXPECT_GE(*fired, at("2025-05-05T11:00:00Z"));
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T11:00:00Z"));
}

TEST_F(schedule_component_test, RunOnceFiresOnceForTheMostRecentMissedInstant) {
    write("hourly.lua", scheduled_playbook("hourly", "{ cron = '0 * * * *' }"));
    runner_.store().set_runner_value(ledger_key("hourly", 1), "2025-05-05T06:00:00Z");
    start_at("2025-05-05T10:30:00Z");
    ASSERT_TRUE(runs_reach("hourly", 1));
    auto runs = runs_of("hourly");
    EXPECT_EQ(runs.at(0).trigger["scheduled_at"], "2025-05-05T10:00:00Z");
    EXPECT_EQ(runs.at(0).trigger["missed"], true);
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T10:00:00Z"));

    clock_.set(at("2025-05-05T11:00:00.100Z"));
    ASSERT_TRUE(runs_reach("hourly", 2));
    runs = runs_of("hourly");
    ASSERT_EQ(runs.size(), 2u) << "07:00, 08:00 and 09:00 never run: no burst";
    EXPECT_EQ(runs.at(1).trigger["scheduled_at"], "2025-05-05T11:00:00Z");
    EXPECT_EQ(runs.at(1).trigger["missed"], false);
}

TEST_F(schedule_component_test, SkipFiresNothingForMissedInstants) {
    write("hourly.lua", scheduled_playbook("hourly", "{ cron = '0 * * * *', missed = 'skip' }"));
    runner_.store().set_runner_value(ledger_key("hourly", 1), "2025-05-05T06:00:00Z");
    start_at("2025-05-05T10:30:00Z");
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T10:30:00Z"));
    EXPECT_TRUE(runs_of("hourly").empty());

    clock_.set(at("2025-05-05T11:00:00.100Z"));
    ASSERT_TRUE(runs_reach("hourly", 1));
    const auto runs = runs_of("hourly");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.at(0).trigger["scheduled_at"], "2025-05-05T11:00:00Z");
    EXPECT_EQ(runs.at(0).trigger["missed"], false);
}

TEST_F(schedule_component_test, AnInstantAlreadyRunIsNeverStartedAgain) {
    write("hourly.lua", scheduled_playbook("hourly", "{ cron = '0 * * * *' }"));
    // A crash after the 10:00 run was stored but before the stored instant moved on.
    runner_.store().set_runner_value(ledger_key("hourly", 1), "2025-05-05T09:00:00Z");
    runner_.store().set_runner_value(fired_key(ledger_key("hourly", 1)), "2025-05-05T10:00:00Z");
    {
        lua::load_options load;
        load.sandbox.natives = runner_.scheduler().natives();
        auto def = std::make_shared<const lua::playbook_definition>(lua::load_playbook_source(
            scheduled_playbook("hourly", "{ cron = '0 * * * *' }"), "hourly.lua", load));
        runner::run_request earlier;
        earlier.playbook = def;
        earlier.trigger_kind = "schedule";
        earlier.trigger = {{"marker", "the first attempt"}};
        earlier.run_id = schedule_run_id("hourly", 1, at("2025-05-05T10:00:00Z"));
        std::promise<void> done;
        runner_.scheduler().start(std::move(earlier),
                                  [&done](const store::run_record&) { done.set_value(); });
        ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(20)), std::future_status::ready);
    }
    start_at("2025-05-05T10:30:00Z");
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T10:00:00Z"));
    const auto runs = runs_of("hourly");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.at(0).trigger["marker"], "the first attempt");
}

TEST_F(schedule_component_test, EachFireIsStoredBeforeItsRun) {
    write("hourly.lua", scheduled_playbook("hourly", "{ cron = '0 * * * *' }"));
    start_at("2025-05-05T10:30:00Z");
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T10:30:00Z"));
    EXPECT_EQ(runner_.store().runner_value(fired_key(ledger_key("hourly", 1))), std::nullopt);
    clock_.set(at("2025-05-05T11:00:00.100Z"));
    ASSERT_TRUE(runs_reach("hourly", 1));
    EXPECT_EQ(runner_.store().runner_value(fired_key(ledger_key("hourly", 1))),
              "2025-05-05T11:00:00Z");
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T11:00:00Z"));
}

TEST_F(schedule_component_test, AFireACrashCutOffIsCompletedOnceAtStart) {
    write("hourly.lua", scheduled_playbook("hourly", "{ cron = '0 * * * *', missed = 'skip' }"));
    // A crash after the 10:00 fire was stored, before its run's record was: no run exists.
    runner_.store().set_runner_value(ledger_key("hourly", 1), "2025-05-05T09:00:00Z");
    runner_.store().set_runner_value(fired_key(ledger_key("hourly", 1)), "2025-05-05T10:00:00Z");
    start_at("2025-05-05T12:30:00Z");
    ASSERT_TRUE(runs_reach("hourly", 1));
    ASSERT_TRUE(stored_is("hourly", "2025-05-05T12:30:00Z"));
    const auto runs = runs_of("hourly");
    ASSERT_EQ(runs.size(), 1u) << "11:00 and 12:00 were missed and the policy is skip";
    EXPECT_EQ(runs.at(0).id, schedule_run_id("hourly", 1, at("2025-05-05T10:00:00Z")));
    EXPECT_EQ(runs.at(0).trigger["scheduled_at"], "2025-05-05T10:00:00Z");
    EXPECT_EQ(runs.at(0).trigger["recovered"], true);
    EXPECT_EQ(runs.at(0).trigger["missed"], false);
}

TEST_F(schedule_component_test, IntervalFiresAtEveryMultiple) {
    write("tick.lua", scheduled_playbook("tick", "{ every = '30s' }"));
    start_at("2025-05-05T12:00:10Z");
    ASSERT_TRUE(stored_is("tick", "2025-05-05T12:00:10Z"));
    clock_.set(at("2025-05-05T12:00:30.010Z"));
    ASSERT_TRUE(runs_reach("tick", 1));
    clock_.set(at("2025-05-05T12:01:00.010Z"));
    ASSERT_TRUE(runs_reach("tick", 2));
    const auto runs = runs_of("tick");
    EXPECT_EQ(runs.at(0).trigger["scheduled_at"], "2025-05-05T12:00:30Z");
    EXPECT_EQ(runs.at(1).trigger["scheduled_at"], "2025-05-05T12:01:00Z");
    EXPECT_EQ(runs.at(1).trigger["every"], "30s");
    EXPECT_FALSE(runs.at(1).trigger.contains("timezone"));
}

TEST_F(schedule_component_test, CronInATimeZone) {
    write("paris.lua",
          scheduled_playbook("paris", "{ cron = '30 2 * * *', timezone = 'Europe/Paris' }"));
    // The night summer time begins in Paris: 02:30 does not exist on 30 March 2025.
    start_at("2025-03-29T12:00:00Z");
    ASSERT_TRUE(stored_is("paris", "2025-03-29T12:00:00Z"));
    clock_.set(at("2025-03-31T00:30:00.100Z"));
    ASSERT_TRUE(runs_reach("paris", 1));
    const auto runs = runs_of("paris");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs.at(0).trigger["scheduled_at"], "2025-03-31T00:30:00Z");
    EXPECT_EQ(runs.at(0).trigger["timezone"], "Europe/Paris");
}

TEST_F(schedule_component_test, ReloadedScheduleTakesEffectAndRemovedPlaybookStops) {
    write("a.lua", scheduled_playbook("a", "{ cron = '0 * * * *' }"));
    start_at("2025-05-05T10:30:00Z");
    ASSERT_TRUE(stored_is("a", "2025-05-05T10:30:00Z"));

    // A changed schedule starts from now: the first sighting of the new options is stored.
    clock_.set(at("2025-05-05T10:31:00Z"));
    write("a.lua", scheduled_playbook("a", "{ cron = '30 * * * *' } "));
    reload();
    ASSERT_TRUE(stored_is("a", "2025-05-05T10:31:00Z"));
    clock_.set(at("2025-05-05T11:30:00.100Z"));
    ASSERT_TRUE(runs_reach("a", 1));
    ASSERT_EQ(runs_of("a").size(), 1u);
    EXPECT_EQ(runs_of("a").at(0).trigger["scheduled_at"], "2025-05-05T11:30:00Z")
        << "the old schedule would have run 11:00";

    // Removed: a new playbook's first sighting proves the catalog was read again.
    remove("a.lua");
    write("b.lua", scheduled_playbook("b", "{ cron = '30 * * * *' }"));
    clock_.set(at("2025-05-05T11:31:00Z"));
    reload();
    ASSERT_TRUE(stored_is("b", "2025-05-05T11:31:00Z"));
    clock_.set(at("2025-05-05T12:30:00.100Z"));
    ASSERT_TRUE(runs_reach("b", 1));
    EXPECT_EQ(runs_of("a").size(), 1u) << "a removed playbook does not fire";
}

TEST_F(schedule_component_test, BadOptionsAreReportedAndTheRestStillFires) {
    write("bad_cron.lua", scheduled_playbook("bad_cron", "{ cron = '*/15 8-18 * * 1-8' }"));
    write("bad_zone.lua",
          scheduled_playbook("bad_zone", "{ cron = '0 9 * * *', timezone = 'Mars/Olympus' }"));
    write("needs_host.lua",
          scheduled_playbook("needs_host", "{ every = '1h' }",
                             "  params = { host = { type = 'string', required = true } },\n"));
    write("good.lua", scheduled_playbook("good", "{ every = '1h' }"));
    start_at("2025-05-05T10:30:00Z");
    ASSERT_TRUE(eventually([&] { return component_->problems().size() == 3; }, "3 problems"));
    auto problems = component_->problems();
    std::sort(problems.begin(), problems.end(),
              [](const auto& a, const auto& b) { return a.playbook < b.playbook; });
    EXPECT_EQ(problems[0].playbook, "bad_cron");
    EXPECT_EQ(problems[0].trigger, 1u);
    EXPECT_EQ(problems[0].field, "triggers.options.cron");
    EXPECT_THAT(problems[0].source_path, HasSubstr("bad_cron.lua"));
    EXPECT_THAT(problems[0].message,
                HasSubstr("playbook 'bad_cron' (" + problems[0].source_path +
                          ") triggers[1]: options.cron: \"*/15 8-18 * * 1-8\": the day-of-week "
                          "value 8 is out of range 0-7; this trigger will not fire"));
    EXPECT_EQ(problems[1].field, "triggers.options.timezone");
    EXPECT_THAT(problems[1].message, HasSubstr("unknown time zone 'Mars/Olympus'"));
    EXPECT_EQ(problems[2].field, "host");
    EXPECT_THAT(problems[2].message,
                HasSubstr("a scheduled run has no parameters, but 'host' is required"));

    clock_.set(at("2025-05-05T11:00:00.100Z"));
    ASSERT_TRUE(runs_reach("good", 1));
    EXPECT_TRUE(runs_of("bad_cron").empty());
    EXPECT_TRUE(runs_of("needs_host").empty());

    // Fixed: the problem goes away and the trigger is scheduled from now.
    write("bad_cron.lua", scheduled_playbook("bad_cron", "{ cron = '*/15 8-18 * * 1-5' }"));
    reload();
    ASSERT_TRUE(eventually([&] { return component_->problems().size() == 2; }, "the fix"));
    ASSERT_TRUE(stored_is("bad_cron", "2025-05-05T11:00:00.100Z"));
}

}  // namespace
}  // namespace tocsin::triggers::test
