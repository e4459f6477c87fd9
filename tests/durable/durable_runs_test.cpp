// Durable runs without the HTTP layer: the journal a run writes, replay after a (staged) crash by
// a second engine on the same data dir, deterministic clock and random values, divergence,
// durable cancellation, retry state across a restart, and the recovery of creation events.

#include <fstream>
#include <future>

#include "engine/runner/event_triggers.hpp"
#include "engine/runner/trigger_recovery.hpp"
#include "tests/durable/durable_fixture.hpp"

namespace tocsin::runner::test {
namespace {

namespace fs = std::filesystem;

std::vector<store::journal_entry> of_kind(const std::vector<store::journal_entry>& all,
                                          const std::string& kind) {
    std::vector<store::journal_entry> out;
    for (const auto& e : all)
        if (e.kind == kind)
            out.push_back(e);
    return out;
}

// Resumes `id` on `fx` and waits for its final record.
store::run_record resume_and_wait(runner_fixture& fx, const std::string& id) {
    auto done = std::make_shared<std::promise<store::run_record>>();
    auto fut = done->get_future();
    EXPECT_TRUE(
        fx.scheduler().resume(id, [done](const store::run_record& r) { done->set_value(r); }));
    if (fut.wait_for(std::chrono::seconds(20)) != std::future_status::ready)
        throw std::runtime_error("resumed run did not finish");
    return fut.get();
}

const std::string two_hits = R"(
    local a = assert(tocsin.count.hit{ x = 1 })
    local b = assert(tocsin.count.hit{ x = 2 })
    return { a = a.n, b = b.n }
)";

TEST(DurableRuns, JournalHasOneEntryPerActionAndTheRecordKeepsTheSource) {
    auto state = std::make_shared<count_state>();
    runner_fixture fx(with_count(state));
    const auto r = fx.run_def(fx.load(playbook_source("local t = os.time()\n" + two_hits)));
    ASSERT_EQ(r.status, "succeeded") << r.error;
    const auto journal = fx.store().journal_of(r.id);
    const auto actions = of_kind(journal, "action");
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].data["name"], "count.hit");
    EXPECT_EQ(actions[0].data["input"], json({{"x", 1}}));
    EXPECT_EQ(actions[0].data["output"]["n"], 1);
    EXPECT_EQ(actions[1].data["sequence"], 2);
    EXPECT_EQ(actions[1].data["output"]["x"], 2);
    // The seed, then os.time, then the two calls, densely numbered.
    ASSERT_EQ(journal.size(), 4u);
    EXPECT_EQ(journal[0].kind, "clock");
    EXPECT_EQ(journal[0].data["read"], "seed");
    EXPECT_EQ(journal[1].data["read"], "now");
    for (std::size_t i = 0; i < journal.size(); ++i)
        EXPECT_EQ(journal[i].sequence, i + 1);
    const auto stored = fx.store().find_run(r.id);
    ASSERT_TRUE(stored);
    EXPECT_NE(stored->source.find("count.hit{ x = 2 }"), std::string::npos);
    EXPECT_EQ(state->seen(), (std::vector<std::string>{r.id + ":1", r.id + ":2"}));
}

TEST(DurableRuns, ResumedRunReplaysCompletedActionsWithoutExecutingThem) {
    auto state = std::make_shared<count_state>();
    tocsin::test::temp_dir data;
    std::string first_id;
    {
        runner_fixture engine(with_count(state), {}, data.path());
        const auto done = engine.run_def(engine.load(playbook_source(two_hits)));
        ASSERT_EQ(done.status, "succeeded") << done.error;
        first_id = done.id;
        // The crash: after the seed and the first call's entry.
        stage_crash(engine.store(), done, "crashed-run", 2);
    }
    ASSERT_EQ(state->hits.load(), 2);
    runner_fixture restarted(with_count(state), {}, data.path());
    const auto r = resume_and_wait(restarted, "crashed-run");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    // Call 1 answered from the journal (n = 1 as recorded); only call 2 executed, once.
    EXPECT_EQ(state->hits.load(), 3);
    EXPECT_EQ(r.result, json({{"a", 1}, {"b", 3}}));
    EXPECT_EQ(state->seen().back(), "crashed-run:2");
    ASSERT_EQ(r.actions.size(), 2u);
    EXPECT_EQ(r.actions[0]["output"]["n"], 1);
    EXPECT_EQ(r.actions[1]["output"]["n"], 3);
    ASSERT_FALSE(r.logs.empty());
    EXPECT_NE(r.logs[0]["message"].get<std::string>().find("resumed after an engine restart"),
              std::string::npos);
    // The journal now holds the whole run, the replayed entries once.
    EXPECT_EQ(of_kind(restarted.store().journal_of("crashed-run"), "action").size(), 2u);
}

TEST(DurableRuns, ResumeAtStartupFindsUnfinishedRunsAndUsesTheStoredSource) {
    auto state = std::make_shared<count_state>();
    tocsin::test::temp_dir data;
    {
        runner_fixture engine(with_count(state), {}, data.path());
        const auto done = engine.run_def(engine.load(playbook_source(two_hits)));
        ASSERT_EQ(done.status, "succeeded") << done.error;
        stage_crash(engine.store(), done, "crashed-a", 3);
    }
    runner_fixture restarted(with_count(state), {}, data.path());
    EXPECT_EQ(restarted.scheduler().resume_unfinished(), 1u);
    ASSERT_TRUE(restarted.scheduler().wait_idle(std::chrono::seconds(20)));
    const auto r = restarted.store().find_run("crashed-a");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, "succeeded") << r->error;
    EXPECT_EQ(r->result, json({{"a", 1}, {"b", 2}}));
    EXPECT_EQ(state->hits.load(), 2);  // both calls were journaled: nothing executed again
    EXPECT_EQ(restarted.scheduler().resume_unfinished(), 0u);
}

TEST(DurableRuns, ClockAndRandomValuesAreReplayedFromTheJournal) {
    auto state = std::make_shared<count_state>();
    tocsin::test::temp_dir data;
    const std::string body = R"(
        local t = os.time()
        local d = os.date('!%Y-%m-%dT%H:%M:%S')
        local c = os.clock()
        local r1, r2 = math.random(1, 1000000), math.random()
        assert(tocsin.count.hit{ x = 1 })
        return { t = t, d = d, c = c, r1 = r1, r2 = r2, later = math.random(1, 1000000) }
    )";
    store::run_record first;
    {
        runner_fixture engine(with_count(state), {}, data.path());
        first = engine.run_def(engine.load(playbook_source(body)));
        ASSERT_EQ(first.status, "succeeded") << first.error;
        auto entries = engine.store().journal_of(first.id);
        ASSERT_GE(entries.size(), 5u);
        ASSERT_EQ(entries[1].data["read"], "now");
        stage_crash(engine.store(), first, "clock-run", 0);
        // The crash left the seed, os.time (moved to 2001 so the replay is visible), os.date's
        // reading and os.clock: the run resumes with those values, then goes on live.
        for (std::size_t i = 0; i < 4; ++i) {
            entries[i].run_id = "clock-run";
            if (i == 1 || i == 2)
                entries[i].data["value"] = 978307200000LL;
            engine.store().append_journal(entries[i]);
        }
    }
    runner_fixture restarted(with_count(state), {}, data.path());
    const auto r = resume_and_wait(restarted, "clock-run");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result["t"], 978307200);
    EXPECT_EQ(r.result["d"], "2001-01-01T00:00:00");
    EXPECT_EQ(r.result["c"], first.result["c"]);
    EXPECT_EQ(r.result["r1"], first.result["r1"]);
    EXPECT_EQ(r.result["r2"], first.result["r2"]);
    EXPECT_EQ(r.result["later"], first.result["later"]);  // same seed, same sequence
}

TEST(DurableRuns, ReplayThatDivergesFailsTheRunAsNonDeterministic) {
    auto state = std::make_shared<count_state>();
    tocsin::test::temp_dir data;
    {
        runner_fixture engine(with_count(state), {}, data.path());
        const auto done = engine.run_def(engine.load(playbook_source(two_hits)));
        ASSERT_EQ(done.status, "succeeded") << done.error;
        // Same journal, but the source now calls with other input, and swallows errors.
        stage_crash(engine.store(), done, "other-input", 2,
                    playbook_source("local ok = pcall(function() return tocsin.count.hit{ x = 99 } "
                                    "end)\nreturn 'swallowed'"));
        stage_crash(engine.store(), done, "other-action", 2,
                    playbook_source("tocsin.count.flaky{}\nreturn 'done'"));
        stage_crash(engine.store(), done, "clock-first", 2,
                    playbook_source("local t = os.time()\n" + two_hits));
    }
    const int hits_before = state->hits.load();
    runner_fixture restarted(with_count(state), {}, data.path());
    for (const std::string id : {"other-input", "other-action", "clock-first"}) {
        const auto r = resume_and_wait(restarted, id);
        EXPECT_EQ(r.status, "failed") << id;
        EXPECT_NE(r.error.find("non-deterministic playbook"), std::string::npos) << r.error;
    }
    EXPECT_NE(restarted.store().find_run("other-input")->error.find("\"x\":99"), std::string::npos);
    EXPECT_NE(restarted.store().find_run("other-action")->error.find("count.flaky"),
              std::string::npos);
    EXPECT_NE(restarted.store().find_run("clock-first")->error.find("reads the clock"),
              std::string::npos);
    EXPECT_EQ(state->hits.load(), hits_before);
    EXPECT_EQ(state->flaky.load(), 0);
}

TEST(DurableRuns, CancelledRunIsJournaledAndNeverResumed) {
    auto state = std::make_shared<count_state>();
    tocsin::test::temp_dir data;
    {
        runner_fixture engine(with_count(state), {}, data.path());
        std::string id;
        auto fut =
            engine.start(engine.load(playbook_source("assert(tocsin.count.hit{ x = 1 })\n"
                                                     "tocsin.util.sleep{ ms = 30000 }\nreturn 1")),
                         json::object(), nullptr, &id);
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (state->hits.load() == 0 && std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        ASSERT_TRUE(engine.scheduler().cancel(id, "analyst said stop"));
        const auto r = fut.get();
        EXPECT_EQ(r.status, "cancelled");
        const auto cancels = of_kind(engine.store().journal_of(id), "cancel");
        ASSERT_EQ(cancels.size(), 1u);
        EXPECT_EQ(cancels[0].data["reason"], "analyst said stop");
        // The crash came after the cancellation was journaled, before the final record.
        stage_crash(engine.store(), r, "cancelled-run", 100);
    }
    runner_fixture restarted(with_count(state), {}, data.path());
    EXPECT_EQ(restarted.scheduler().resume_unfinished(), 0u);
    ASSERT_TRUE(restarted.scheduler().wait_idle(std::chrono::seconds(10)));
    const auto r = restarted.store().find_run("cancelled-run");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, "cancelled");
    EXPECT_EQ(r->error, "cancelled: analyst said stop");
    EXPECT_EQ(state->hits.load(), 1);
}

TEST(DurableRuns, RetryStateContinuesAfterARestart) {
    auto state = std::make_shared<count_state>();
    tocsin::test::temp_dir data;
    {
        runner_fixture engine(with_count(state), {}, data.path());
        const auto done = engine.run_def(
            engine.load(playbook_source("local v, err = tocsin.count.flaky{}\nreturn err.code")));
        ASSERT_EQ(done.status, "succeeded") << done.error;
        ASSERT_EQ(state->flaky.load(), 3);
        const auto attempts = of_kind(engine.store().journal_of(done.id), "attempt");
        ASSERT_EQ(attempts.size(), 2u);
        EXPECT_EQ(attempts[1].data["attempts"], 2);
        EXPECT_EQ(attempts[1].data["error"]["code"], "unavailable");
        EXPECT_TRUE(attempts[1].data.contains("nextAttemptMs"));
        // The crash came during the third attempt: seed, two failed attempts journaled.
        stage_crash(engine.store(), done, "retrying-run", 3);
    }
    runner_fixture restarted(with_count(state), {}, data.path());
    const auto r = resume_and_wait(restarted, "retrying-run");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result, "unavailable");
    // One attempt left of three: executed once, with the call's idempotency key.
    EXPECT_EQ(state->flaky.load(), 4);
    EXPECT_EQ(state->seen().back(), "retrying-run:1");
    ASSERT_EQ(r.actions.size(), 1u);
    EXPECT_EQ(r.actions[0]["attempts"], 3);
}

TEST(DurableRuns, PerCallRetryPolicyOverridesTheActionsPolicy) {
    auto state = std::make_shared<count_state>();
    runner_fixture fx(with_count(state));
    const auto r = fx.run(
        "local v, err = tocsin.count.flaky{ _attempts = 5, _backoff_ms = 0 }\n"
        "return err.code");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(state->flaky.load(), 5);
    EXPECT_EQ(r.actions[0]["attempts"], 5);
    const auto bad = fx.run("tocsin.count.flaky{ _attempts = 0 }");
    EXPECT_EQ(bad.status, "failed");
    EXPECT_NE(bad.error.find("'_attempts' must be an integer from 1 to 20"), std::string::npos)
        << bad.error;
}

TEST(DurableRuns, RunOfAStartedEventIsNotStartedTwice) {
    runner_fixture fx;
    domain_event ev;
    ev.type = event_type::alert_created;
    ev.workspace_key = "a/b/c";
    ev.alert_id = "alert-1";
    domain_event other = ev;
    other.alert_id = "alert-2";
    EXPECT_EQ(event_run_id(ev, "p"), event_run_id(ev, "p"));
    EXPECT_NE(event_run_id(ev, "p"), event_run_id(ev, "q"));
    EXPECT_NE(event_run_id(ev, "p"), event_run_id(other, "p"));
}

TEST(DurableRuns, CreationEventsARestartDidNotDispatchAreRecovered) {
    tocsin::test::temp_dir playbooks;
    std::ofstream(playbooks / "on_incident.lua")
        << playbook_source("return ctx.trigger.incident.title", "on-incident", "'incident'");
    runner_fixture fx;
    lua::load_options load;
    load.sandbox.natives = fx.scheduler().natives();
    catalog cat({playbooks.path()}, load);
    cat.refresh();
    ASSERT_EQ(cat.all().size(), 1u);
    // First start: the cursor is set, events from before it start nothing.
    model::incident old;
    old.title = "before the runner";
    fx.store().put_incident(test_workspace(), old, {model::principal::system(), std::nullopt});
    EXPECT_EQ(recover_creation_events(fx.store(), cat, fx.scheduler()), 0u);
    // Committed while no runner listened (the crash window): recovered at the next start.
    model::incident lost;
    lost.title = "lost in a crash";
    const auto made =
        fx.store().put_incident(test_workspace(), lost, {model::principal::system(), std::nullopt});
    EXPECT_EQ(recover_creation_events(fx.store(), cat, fx.scheduler()), 1u);
    ASSERT_TRUE(fx.scheduler().wait_idle(std::chrono::seconds(10)));
    domain_event ev;
    ev.type = event_type::incident_created;
    ev.workspace_key = test_workspace().key();
    ev.incident = std::make_shared<const model::incident>(made.value);
    const auto r = fx.store().find_run(event_run_id(ev, "on-incident"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, "succeeded") << r->error;
    EXPECT_EQ(r->result, "lost in a crash");
    EXPECT_EQ(r->trigger_kind, "incident");
    // The cursor moved on, and a run that has a record is never started again.
    EXPECT_EQ(recover_creation_events(fx.store(), cat, fx.scheduler()), 0u);
    fx.store().set_runner_value(creation_cursor_key, "0");
    EXPECT_EQ(recover_creation_events(fx.store(), cat, fx.scheduler()), 1u);  // "before" only
    ASSERT_TRUE(fx.scheduler().wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(fx.store().list_runs({}).size(), 2u);
}

}  // namespace
}  // namespace tocsin::runner::test
