// End to end: the real `tocsin serve` with scheduled playbooks in a temporary directory, checked
// through the REST API (GET /api/v1/runs?playbook=NAME, GET /api/v1/runs/{id}), across real
// restarts of the server on the same SQLite store. Two tests run on the real clock
// (every = "1s"): a graceful restart after a gap, and a SIGKILL. One runs the documented playbook
// (fixtures/weekday-morning.lua, docs/triggers/schedule.md) on the test-only accelerated clock
// (schedule.test_clock_start / schedule.test_clock_speed, triggers/schedule/schedule_clock.hpp),
// so that a weekday cron schedule in Berlin and a restart after days of downtime take seconds.
// Waits poll with generous deadlines; nothing asserts how long anything took.

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "tests/support/documented_trigger.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using env_list = std::vector<std::pair<std::string, std::string>>;

struct scheduled_run {
    std::string id;
    std::string status;
    json trigger;  // the stored ctx.trigger
    json result;   // what the playbook returned: ctx.trigger again
    std::string scheduled_at() const { return trigger.value("scheduled_at", ""); }
    bool missed() const { return trigger.value("missed", false); }
};

class schedule_server_test : public ::testing::Test {
  protected:
    void SetUp() override { std::filesystem::create_directories(playbooks()); }
    void TearDown() override { stop(); }

    std::filesystem::path playbooks() const { return dir_.path() / "playbooks"; }

    void write(const std::string& file, const std::string& source) {
        std::ofstream(playbooks() / file) << source;
    }
    void install_fixture(const std::string& file) {
        std::filesystem::copy_file(
            std::filesystem::path(TOCSIN_SOURCE_DIR) / "tests/schedule_trigger/fixtures" / file,
            playbooks() / file);
    }

    // A new server process on the same data directory, with `env` added.
    void start(const env_list& env = {}) {
        server_process::options opts;
        opts.data_dir = dir_.path() / "data";
        opts.env = {{"TOCSIN_PLAYBOOK_DIRS", playbooks().string()},
                    {"TOCSIN_STORE_SQLITE_SYNCHRONOUS", "normal"},
                    {"TOCSIN_LOG_LEVEL", "info"}};
        opts.env.insert(opts.env.end(), env.begin(), env.end());
        server_ = std::make_unique<server_process>(std::move(opts));
        server_->start();
        http_client_options client;
        client.bearer_token = std::string(test_admin_token);
        api_ = std::make_unique<http_client>("127.0.0.1", server_->port(), std::move(client));
    }
    void stop() {
        if (server_ && server_->running()) {
            EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->log();
        }
        api_.reset();
    }
    // A crash: no shutdown, runs in flight stay "running" in the store.
    void kill() {
        EXPECT_EQ(server_->stop(SIGKILL), 128 + SIGKILL);
        api_.reset();
    }

    // Every run of `playbook`, oldest instant first.
    std::vector<scheduled_run> runs_of(const std::string& playbook) {
        const auto list = api_->get("/api/v1/runs?top=1000&playbook=" + playbook);
        EXPECT_EQ(list.status, 200) << list.body;
        std::vector<scheduled_run> out;
        const auto listed = list.json();  // kept: the loop must not walk a dead temporary
        for (const auto& summary : listed["value"]) {
            EXPECT_EQ(summary["trigger"]["kind"], "schedule") << summary.dump();
            const auto id = summary["id"].get<std::string>();
            const auto one = api_->get("/api/v1/runs/" + id);
            EXPECT_EQ(one.status, 200) << one.body;
            const auto record = one.json();
            out.push_back({id, record["status"].get<std::string>(), record["trigger"]["payload"],
                           record["result"]});
        }
        std::sort(out.begin(), out.end(),
                  [](const auto& a, const auto& b) { return a.scheduled_at() < b.scheduled_at(); });
        return out;
    }

    // Polls until `ready(runs)` holds (60 s at most); returns the last list.
    template <typename Ready>
    std::vector<scheduled_run> wait_for_runs(const std::string& playbook, Ready ready,
                                             const std::string& what) {
        std::vector<scheduled_run> runs;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            runs = runs_of(playbook);
            if (ready(runs))
                return runs;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "timed out waiting for " << what << "\n" << server_->log();
        return runs;
    }

    static std::size_t succeeded(const std::vector<scheduled_run>& runs) {
        return static_cast<std::size_t>(std::count_if(
            runs.begin(), runs.end(), [](const auto& r) { return r.status == "succeeded"; }));
    }

    static std::size_t missed_runs(const std::vector<scheduled_run>& runs) {
        return static_cast<std::size_t>(
            std::count_if(runs.begin(), runs.end(), [](const auto& r) { return r.missed(); }));
    }

    static void expect_one_run_per_instant(const std::vector<scheduled_run>& runs) {
        std::set<std::string> instants;
        for (const auto& r : runs)
            EXPECT_TRUE(instants.insert(r.scheduled_at()).second)
                << "instant " << r.scheduled_at() << " ran twice";
    }

    static time_point instant(const std::string& text) {
        const auto t = parse_time(text);
        EXPECT_TRUE(t) << text;
        return t.value_or(time_point{});
    }

    temp_dir dir_;
    std::unique_ptr<server_process> server_;
    std::unique_ptr<http_client> api_;
};

std::string scheduled_playbook(const std::string& name, const std::string& options) {
    return "return {\n  name = '" + name + "', version = '1.0.0',\n" +
           "  triggers = { { kind = 'schedule', options = " + options + " } },\n" +
           "  run = function(ctx) return ctx.trigger end,\n}\n";
}

// No run for an instant strictly between the last one before the restart and the missed one.
void expect_no_burst(const std::vector<scheduled_run>& runs, const scheduled_run& missed,
                     std::chrono::milliseconds least_gap) {
    std::string before;
    for (const auto& r : runs)
        if (!r.missed() && r.scheduled_at() < missed.scheduled_at())
            before = std::max(before, r.scheduled_at());
    ASSERT_FALSE(before.empty()) << "no run before the restart";
    EXPECT_GE(*parse_time(missed.scheduled_at()) - *parse_time(before), least_gap)
        << "the restart left a gap of missed instants";
    for (const auto& r : runs)
        EXPECT_FALSE(r.scheduled_at() > before && r.scheduled_at() < missed.scheduled_at())
            << "instant " << r.scheduled_at() << " of the gap was run";
}

TEST_F(schedule_server_test, EverySecondRunsAndARestartAfterAGapFiresOnceMissed) {
    write("tick.lua", scheduled_playbook("tick", "{ every = '1s' }"));
    write("broken.lua", scheduled_playbook("broken", "{ cron = '*/15 8-18 * * 1-8' }"));
    write("lost.lua",
          scheduled_playbook("lost", "{ cron = '0 6 * * 1-5', timezone = 'Europe/Berlinn' }"));
    start();

    auto runs = wait_for_runs(
        "tick", [](const auto& r) { return succeeded(r) >= 3; }, "3 succeeded runs of tick");
    std::set<std::string> instants;
    for (const auto& r : runs) {
        instants.insert(r.scheduled_at());
        EXPECT_EQ(r.trigger["kind"], "schedule");
        EXPECT_EQ(r.trigger["every"], "1s");
        EXPECT_EQ(r.trigger["missed"], false) << "no stored state: no catch-up at first start";
        EXPECT_FALSE(r.trigger.contains("timezone"));
        // Whole seconds, printed without a fraction.
        EXPECT_THAT(
            r.scheduled_at(),
            ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
        EXPECT_GE(instant(r.trigger["fired_at"].get<std::string>()), instant(r.scheduled_at()));
        if (r.status == "succeeded") {
            EXPECT_EQ(r.result, r.trigger) << "the playbook returned ctx.trigger";
        }
    }
    EXPECT_EQ(instants.size(), runs.size()) << "one run per instant";
    EXPECT_THAT(server_->log(), HasSubstr("schedule: playbook 'broken' ("));
    EXPECT_THAT(server_->log(),
                HasSubstr("triggers[1]: options.cron: \"*/15 8-18 * * 1-8\": the day-of-week "
                          "value 8 is out of range 0-7; this trigger will not fire"));
    EXPECT_THAT(server_->log(), HasSubstr("schedule: playbook 'lost' ("));
    EXPECT_THAT(server_->log(), HasSubstr("lost.lua) triggers[1]: options.timezone: unknown time "
                                          "zone 'Europe/Berlinn'"));

    stop();
    // The gap: instants pass while the engine is down.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    start();

    runs = wait_for_runs(
        "tick",
        [](const auto& r) {
            const auto missed =
                std::find_if(r.begin(), r.end(), [](const auto& x) { return x.missed(); });
            return missed != r.end() && missed->status == "succeeded" &&
                   std::any_of(r.begin(), r.end(), [&](const auto& x) {
                       return !x.missed() && x.scheduled_at() > missed->scheduled_at();
                   });
        },
        "a missed run and a regular one after the restart");
    const auto missed_count =
        std::count_if(runs.begin(), runs.end(), [](const auto& r) { return r.missed(); });
    ASSERT_EQ(missed_count, 1) << "one run for the missed instants, not a burst";
    const auto missed =
        *std::find_if(runs.begin(), runs.end(), [](const auto& r) { return r.missed(); });
    EXPECT_EQ(missed.result["missed"], true);
    expect_no_burst(runs, missed, std::chrono::seconds(2));
}

TEST_F(schedule_server_test, AKilledServerNeverRunsAnInstantTwice) {
    write("tick.lua", scheduled_playbook("tick", "{ every = '1s' }"));
    start();
    wait_for_runs(
        "tick", [](const auto& r) { return succeeded(r) >= 3; }, "3 succeeded runs of tick");
    kill();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // instants pass while it is down
    start();
    // Runs the kill interrupted are resumed under their own ids; the instants stored as fired
    // are not fired again, and the one missed while the server was down at most once.
    const auto runs = wait_for_runs(
        "tick",
        [](const auto& r) {
            return std::all_of(r.begin(), r.end(),
                               [](const auto& x) { return x.status == "succeeded"; }) &&
                   std::any_of(r.begin(), r.end(), [](const auto& x) { return x.missed(); });
        },
        "every run succeeded, and the missed instant's run");
    expect_one_run_per_instant(runs);
    EXPECT_EQ(missed_runs(runs), 1u);
}

TEST_F(schedule_server_test, WeekdayMorningInBerlinCatchesUpOnceAfterDaysDown) {
    install_fixture("weekday-morning.lua");
    install_fixture("morning-trigger.lua");  // the same schedule: docs/triggers/schedule.md
    // Friday 28 March 2025, a minute before 06:00 in Berlin (CET, 05:00 UTC); 60x: a clock
    // minute per real second.
    start({{"TOCSIN_SCHEDULE_TEST_CLOCK_START", "2025-03-28T04:59:00Z"},
           {"TOCSIN_SCHEDULE_TEST_CLOCK_SPEED", "60"}});
    EXPECT_THAT(server_->log(), HasSubstr("TEST CLOCK in use"));
    auto runs = wait_for_runs(
        "weekday-morning", [](const auto& r) { return succeeded(r) >= 1; },
        "Friday's run of weekday-morning");
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].scheduled_at(), "2025-03-28T05:00:00Z");
    EXPECT_EQ(runs[0].trigger["cron"], "0 6 * * 1-5");
    EXPECT_EQ(runs[0].trigger["timezone"], "Europe/Berlin");
    EXPECT_EQ(runs[0].trigger["missed"], false);
    stop();

    // Down over the weekend, the switch to summer time (Sunday 30 March), Monday and Tuesday;
    // back on Wednesday 2 April a minute before 06:00 CEST (04:00 UTC). Of the missed instants
    // (Monday and Tuesday 04:00 UTC) only the latest runs, once; then Wednesday's on time.
    start({{"TOCSIN_SCHEDULE_TEST_CLOCK_START", "2025-04-02T03:59:00Z"},
           {"TOCSIN_SCHEDULE_TEST_CLOCK_SPEED", "60"}});
    runs = wait_for_runs(
        "weekday-morning",
        [](const auto& r) {
            return succeeded(r) == r.size() && std::any_of(r.begin(), r.end(), [](const auto& x) {
                       return x.scheduled_at() == "2025-04-02T04:00:00Z";
                   });
        },
        "Wednesday's run after the restart");
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[1].scheduled_at(), "2025-04-01T04:00:00Z");
    EXPECT_EQ(runs[1].trigger["missed"], true);
    EXPECT_EQ(runs[1].result["missed"], true);
    EXPECT_EQ(runs[2].scheduled_at(), "2025-04-02T04:00:00Z");
    EXPECT_EQ(runs[2].trigger["missed"], false);
    EXPECT_EQ(missed_runs(runs), 1u);
    expect_no_burst(runs, runs[1], std::chrono::hours(24 * 4 - 1));

    // The page's ctx.trigger is what the caught-up run of the same schedule received.
    const auto shown = wait_for_runs(
        "morning-trigger",
        [](const auto& r) {
            return std::any_of(r.begin(), r.end(),
                               [](const auto& x) { return x.missed() && x.status == "succeeded"; });
        },
        "the caught-up run of morning-trigger");
    const auto caught_up =
        std::find_if(shown.begin(), shown.end(), [](const auto& x) { return x.missed(); });
    ASSERT_NE(caught_up, shown.end());
    EXPECT_EQ(documented_trigger_difference(caught_up->result, caught_up->trigger, {"/fired_at"}),
              "")
        << "docs/triggers/schedule.md (tests/schedule_trigger/fixtures/morning-trigger.lua) "
           "shows another ctx.trigger than the run received:\n"
        << caught_up->trigger.dump(2);
}

}  // namespace
}  // namespace tocsin::test
