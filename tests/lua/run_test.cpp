// The run as a state machine driven by Asio: states, cancellation, stale completions, many runs
// interleaving on one io_context, runs on a multi-threaded pool, the clock hook, and cost.

#include <atomic>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "tests/lua/lua_harness.hpp"

namespace tocsin::lua::test {
namespace {

void add_keeper(harness& h, std::vector<completion>& kept) {
    h.natives->add("tocsin.test.wait", [&kept](native_call& call) -> native_result {
        kept.push_back(call.suspend());
        return native_result::pending();
    });
}

TEST(Run, StatesFollowTheRunAndTheResultIsWhatRunReturns) {
    harness h;
    std::vector<completion> kept;
    add_keeper(h, kept);
    auto out = std::make_shared<run_outcome>();
    int completions = 0;
    const auto def =
        h.load(playbook_with("local v = tocsin.test.wait() return { got = v, id = ctx.run_id }"));
    auto r = run::create(def, run_context{{}, {}, "run-7"}, h.options([&](const run_outcome& o) {
        *out = o;
        ++completions;
    }));
    EXPECT_EQ(r->state(), run_state::ready);
    EXPECT_EQ(r->id(), "run-7");
    r->start();
    r->start();  // once only
    h.io.poll();
    EXPECT_EQ(r->state(), run_state::suspended);
    ASSERT_EQ(kept.size(), 1u);
    kept[0](json("value"));
    h.io.run();
    EXPECT_EQ(r->state(), run_state::finished);
    EXPECT_EQ(completions, 1);
    EXPECT_EQ(out->state, run_state::finished);
    EXPECT_EQ(out->run_id, "run-7");
    EXPECT_EQ(out->result, json({{"got", "value"}, {"id", "run-7"}}));
    EXPECT_TRUE(out->error.empty());
}

TEST(Run, NothingReturnedIsNull) {
    harness h;
    const auto out = h.run_body("local x = 1");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_TRUE(out.result.is_null());
}

TEST(Run, UncaughtErrorFailsWithMessageAndTraceback) {
    harness h;
    const auto out = h.run_body(
        "local function inner() error('disk on fire') end\n"
        "local function outer() inner() end\n"
        "outer()");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::none);
    EXPECT_EQ(out.error, "test.lua:5: disk on fire");
    EXPECT_NE(out.traceback.find("stack traceback:"), std::string::npos);
    EXPECT_NE(out.traceback.find("in upvalue 'inner'"), std::string::npos) << out.traceback;
    EXPECT_NE(out.traceback.find("test.lua:6"), std::string::npos) << out.traceback;
}

TEST(Run, ErrorObjectsThatAreNotStringsAreDescribed) {
    harness h;
    EXPECT_EQ(h.run_body("error({ message = 'structured' })").error, "structured");
    EXPECT_EQ(h.run_body("error(42)").error, "42");
    EXPECT_EQ(h.run_body("error({ code = 1 })").error, "(error object is a table value)");
}

TEST(Run, TopLevelRunsAgainInAFreshStatePerRun) {
    harness h;
    // The top level runs at load and again per run; this one only fails in a run.
    const auto def = h.load("if LOADING_DONE then error('late') end\nLOADING_DONE = true\n" +
                            playbook_with("return 1"));
    const auto out = h.run_to_end(def);
    EXPECT_EQ(out.state, run_state::finished) << out.error;  // a fresh state: LOADING_DONE is nil
}

TEST(Run, CancelWhileSuspendedEndsItAndDropsTheLateCompletion) {
    harness h;
    std::vector<completion> kept;
    add_keeper(h, kept);
    auto out = std::make_shared<run_outcome>();
    int completions = 0;
    const auto def = h.load(playbook_with("return tocsin.test.wait()"));
    auto r = run::create(def, run_context{}, h.options([&](const run_outcome& o) {
        *out = o;
        ++completions;
    }));
    r->start();
    h.io.poll();
    ASSERT_EQ(r->state(), run_state::suspended);
    r->cancel("operator request");
    h.io.poll();
    EXPECT_EQ(r->state(), run_state::cancelled);
    EXPECT_EQ(out->state, run_state::cancelled);
    EXPECT_EQ(out->limit, limit_kind::none);
    EXPECT_EQ(out->error, "cancelled: operator request");
    // Where it waited: in the native, called from line 5.
    EXPECT_NE(out->traceback.find("in field 'wait'"), std::string::npos) << out->traceback;
    EXPECT_NE(out->traceback.find("test.lua:5"), std::string::npos) << out->traceback;
    EXPECT_EQ(r->memory_in_use(), 0u);

    kept[0](json("too late"));
    h.io.restart();
    h.io.run();
    EXPECT_EQ(r->dropped_completions(), 1u);
    EXPECT_EQ(completions, 1);
    EXPECT_EQ(r->state(), run_state::cancelled);
    r->cancel("again");  // no effect on an ended run
    h.io.restart();
    h.io.run();
    EXPECT_EQ(completions, 1);
}

TEST(Run, CompletionAfterTheRunIsDestroyedIsHarmless) {
    harness h;
    std::vector<completion> kept;
    add_keeper(h, kept);
    {
        auto out = std::make_shared<run_outcome>();
        auto r = h.start(h.load(playbook_with("return tocsin.test.wait()")), out);
        h.io.poll();
        r->cancel();
        h.io.poll();
    }
    h.io.restart();
    h.io.run();  // the run is gone now
    kept[0](json(1));
    h.io.restart();
    h.io.run();
    SUCCEED();
}

TEST(Run, CancelBeforeStartStillReportsOnce) {
    harness h;
    auto out = std::make_shared<run_outcome>();
    int completions = 0;
    auto r = run::create(h.load(playbook_with("return 1")), run_context{},
                         h.options([&](const run_outcome& o) {
                             *out = o;
                             ++completions;
                         }));
    r->cancel("shutdown");
    r->start();
    h.io.run();
    EXPECT_EQ(completions, 1);
    EXPECT_EQ(out->state, run_state::cancelled);
    EXPECT_EQ(out->error, "cancelled: shutdown");
}

TEST(Run, CancelFromAnotherThreadStopsARunningLoop) {
    harness h;
    h.limits.instructions = 1'000'000'000'000;
    h.limits.wall_clock = std::chrono::seconds{30};
    auto out = std::make_shared<run_outcome>();
    auto r = h.start(h.load(playbook_with("while true do pcall(function() end) end")), out);
    std::thread canceller([r] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        r->cancel("from another thread");
    });
    h.io.run();
    canceller.join();
    EXPECT_EQ(out->state, run_state::cancelled);
    EXPECT_EQ(out->error, "cancelled: from another thread");
    EXPECT_LT(out->elapsed, std::chrono::seconds{5});
}

TEST(Run, DuplicateCompletionIsDropped) {
    harness h;
    std::vector<completion> kept;
    add_keeper(h, kept);
    auto out = std::make_shared<run_outcome>();
    auto r = h.start(h.load(playbook_with("local a = tocsin.test.wait()\n"
                                          "local b = tocsin.test.wait()\n"
                                          "return { a, b }")),
                     out);
    h.io.poll();
    ASSERT_EQ(kept.size(), 1u);
    kept[0](json("first"));
    kept[0](json("duplicate"));  // arrives while the run waits on its second call
    h.io.poll();
    ASSERT_EQ(kept.size(), 2u);
    EXPECT_EQ(r->state(), run_state::suspended);
    EXPECT_EQ(r->dropped_completions(), 1u);
    kept[1](json("second"));
    h.io.run();
    ASSERT_EQ(out->state, run_state::finished) << out->error;
    EXPECT_EQ(out->result, json::array({"first", "second"}));
}

TEST(Run, ThousandConcurrentRunsInterleaveOnOneIoContext) {
    harness h;
    h.limits.wall_clock = std::chrono::seconds{120};  // sanitizer builds are 20x slower
    constexpr int runs = 1000;
    std::mt19937 rng(7);
    // tocsin.test.double(x): completes with 2x after a random 0-3 ms, from a timer. While `hold`
    // is set, calls are parked instead, so that every run can be seen suspended at once.
    bool hold = true;
    std::vector<std::pair<completion, std::int64_t>> parked;
    auto complete_later = [&](completion done, std::int64_t x) {
        auto timer = std::make_shared<boost::asio::steady_timer>(h.io);
        timer->expires_after(std::chrono::microseconds(rng() % 3000));
        timer->async_wait(
            [timer, done, x](const boost::system::error_code&) { done(json(x * 2)); });
    };
    h.natives->add("tocsin.test.double", [&](native_call& call) -> native_result {
        auto done = call.suspend();
        const auto x = call.args()[0].get<std::int64_t>();
        if (hold) {
            parked.emplace_back(done, x);
        } else {
            complete_later(done, x);
        }
        return native_result::pending();
    });
    const auto def =
        h.load(playbook_with("local n = ctx.params.n\n"
                             "local a = tocsin.test.double(n)\n"
                             "local b = tocsin.test.double(n + 1)\n"
                             "local c = tocsin.test.double(a + b)\n"
                             "return { id = ctx.run_id, value = c }"));
    std::vector<std::shared_ptr<run_outcome>> outs;
    std::vector<std::shared_ptr<run>> handles;
    for (int i = 0; i < runs; ++i) {
        outs.push_back(std::make_shared<run_outcome>());
        handles.push_back(
            h.start(def, outs.back(), run_context{{}, {{"n", i}}, "run-" + std::to_string(i)}));
    }
    h.io.poll();  // every run is now suspended in its first call
    ASSERT_EQ(parked.size(), static_cast<std::size_t>(runs));
    std::size_t suspended_bytes = 0;
    for (const auto& r : handles) {
        EXPECT_EQ(r->state(), run_state::suspended);
        suspended_bytes += r->memory_in_use();
    }
    const auto started = std::chrono::steady_clock::now();
    hold = false;
    for (auto& [done, x] : parked)
        complete_later(done, x);
    h.io.run();
    const auto took = std::chrono::steady_clock::now() - started;
    for (int i = 0; i < runs; ++i) {
        ASSERT_EQ(outs[i]->state, run_state::finished) << i << ": " << outs[i]->error;
        EXPECT_EQ(outs[i]->result["id"], "run-" + std::to_string(i));
        EXPECT_EQ(outs[i]->result["value"], 2 * (2 * i + 2 * (i + 1)));
        EXPECT_EQ(outs[i]->actions, 3u);
    }
    std::printf(
        "[ INFO     ] %d suspended runs hold %zu bytes of Lua heap each; all finished in %lld ms\n",
        runs, suspended_bytes / runs,
        static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
    EXPECT_GT(suspended_bytes, 0u);
    EXPECT_LT(suspended_bytes / runs, 128u * 1024);
}

TEST(Run, RunsOnStrandsOfAMultiThreadedPool) {
    harness h;
    boost::asio::thread_pool pool(4);
    constexpr int runs = 200;
    h.natives->add("tocsin.test.hop", [&pool](native_call& call) -> native_result {
        auto done = call.suspend();
        boost::asio::post(pool, [done, x = call.args()[0].get<int>()] { done(json(x + 1)); });
        return native_result::pending();
    });
    const auto def =
        h.load(playbook_with("local v = ctx.params.n\n"
                             "for i = 1, 10 do v = tocsin.test.hop(v) end\n"
                             "return v"));
    std::atomic<int> finished{0};
    std::atomic<int> correct{0};
    std::vector<std::shared_ptr<run>> handles;
    for (int i = 0; i < runs; ++i) {
        auto options = h.options([&, i](const run_outcome& o) {
            if (o.state == run_state::finished && o.result == i + 10)
                ++correct;
            ++finished;
        });
        options.executor = boost::asio::make_strand(pool);
        options.log = nullptr;
        auto r = run::create(def, run_context{{}, {{"n", i}}, "r" + std::to_string(i)}, options);
        r->start();
    }
    pool.join();
    EXPECT_EQ(finished.load(), runs);
    EXPECT_EQ(correct.load(), runs);
}

class fixed_clock final : public clock_source {
  public:
    time_point now() override {
        ++reads;
        return *parse_time("2024-02-29T12:34:56.789Z");
    }
    double cpu_seconds() override { return 1.5; }
    std::uint64_t random_seed() override { return 42; }
    int reads = 0;
};

TEST(Run, TimeComesFromTheClockSourceAndDatesAreUtc) {
    harness h;
    auto clock = std::make_shared<fixed_clock>();
    h.clock = clock;
    const auto out = h.run_body(
        "local t = os.date('*t')\n"
        "return { now = os.time(), iso = os.date('%Y-%m-%dT%H:%M:%SZ'),\n"
        "         local_is_utc = os.date('%H') == os.date('!%H'), clock = os.clock(),\n"
        "         year = t.year, yday = t.yday, isdst = t.isdst,\n"
        "         epoch = os.time{ year = 1970, month = 1, day = 1, hour = 0 },\n"
        "         normalised = os.date('!%Y-%m-%d', os.time{ year = 2024, month = 2, day = 30 }),\n"
        "         diff = os.difftime(10, 4),\n"
        "         bad = select(2, pcall(os.date, '%Q')) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result["now"], 1709210096);
    EXPECT_EQ(out.result["iso"], "2024-02-29T12:34:56Z");
    EXPECT_EQ(out.result["local_is_utc"], true);
    EXPECT_EQ(out.result["clock"], 1.5);
    EXPECT_EQ(out.result["year"], 2024);
    EXPECT_EQ(out.result["yday"], 60);
    EXPECT_EQ(out.result["isdst"], false);
    EXPECT_EQ(out.result["epoch"], 0);
    EXPECT_EQ(out.result["normalised"], "2024-03-01");
    EXPECT_EQ(out.result["diff"], 6.0);
    EXPECT_NE(out.result["bad"].get<std::string>().find("invalid conversion specifier '%Q'"),
              std::string::npos);
    EXPECT_EQ(clock->reads, 6);  // every reading of "now" went through the hook
}

TEST(Run, RandomNumbersAreDeterminedByTheClockSourceSeed) {
    harness h;
    h.clock = std::make_shared<fixed_clock>();
    const auto def = h.load(playbook_with("return { math.random(1, 1000000), math.random() }"));
    const auto a = h.run_to_end(def);
    const auto b = h.run_to_end(def);
    ASSERT_EQ(a.state, run_state::finished) << a.error;
    EXPECT_EQ(a.result, b.result);
}

TEST(Run, CostOfARunThatCallsOneNative) {
    harness h;
    h.natives->add("tocsin.test.ping", [](native_call&) -> native_result { return json("pong"); });
    const auto def = h.load(playbook_with("return tocsin.test.ping(ctx.params.n)"));
    auto options = h.options({});
    options.log = nullptr;
    options.clock = make_system_clock_source();
    constexpr int runs = 2000;
    int finished = 0;
    options.on_complete = [&](const run_outcome& o) {
        if (o.state == run_state::finished && o.result == "pong")
            ++finished;
    };
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) {
        run::create(def, run_context{{}, {{"n", i}}, "r"}, options)->start();
        if (i % 100 == 99) {
            h.io.restart();
            h.io.run();
        }
    }
    h.io.restart();
    h.io.run();
    const auto per_run = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - started) /
                         runs;
    EXPECT_EQ(finished, runs);
    std::printf("[ INFO     ] create + run + finish, one native call: %lld us per run\n",
                static_cast<long long>(per_run.count()));
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    EXPECT_LT(per_run, std::chrono::microseconds{2000});  // generous: Debug builds, shared CI
#endif
}

}  // namespace
}  // namespace tocsin::lua::test
