// Plugin actions called from Lua: validation raises, operational errors return nil, err, retries
// with backoff, per-call timeouts, records of each call, and many interleaved suspended runs.

#include <atomic>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "tests/runner/runner_fixture.hpp"

namespace tocsin::runner::test {
namespace {

// A test-only plugin: `flaky.call` fails retryably `fail_first` times, then answers;
// `flaky.hang` never answers; `flaky.later` answers {n} after `ms` on a timer; `flaky.boom`
// fails with a final error.
struct flaky_state {
    std::atomic<int> calls{0};
    int fail_first = 2;
};

plugin::plugin_descriptor flaky_plugin(std::shared_ptr<flaky_state> state,
                                       boost::asio::io_context& io) {
    plugin::plugin_descriptor p{"flaky", "1", "test", {}};
    plugin::action_descriptor call;
    call.name = "flaky.call";
    call.retry = {3, std::chrono::milliseconds(20), std::chrono::milliseconds(40)};
    call.run = [state](const plugin::services&, plugin::action_call c, plugin::completion done) {
        if (++state->calls <= state->fail_first)
            return done(error_info{errc::unavailable, "try again", {}});
        done(json{{"ok", true}, {"key", c.idempotency_key}, {"actor", c.actor.name}});
    };
    p.actions.push_back(call);

    plugin::action_descriptor hang;
    hang.name = "flaky.hang";
    hang.default_timeout = std::chrono::milliseconds(10000);
    hang.run = [](const plugin::services&, plugin::action_call, plugin::completion) {};
    p.actions.push_back(hang);

    plugin::action_descriptor later;
    later.name = "flaky.later";
    for (const char* name : {"n", "ms"}) {
        plugin::field f;
        f.name = name;
        f.type = plugin::value_type::integer;
        f.required = true;
        later.input.fields.push_back(f);
    }
    later.run = [&io](const plugin::services&, plugin::action_call c, plugin::completion done) {
        auto timer = std::make_shared<boost::asio::steady_timer>(
            io, std::chrono::milliseconds(c.input["ms"].get<int>()));
        timer->async_wait([timer, done, n = c.input["n"]](const boost::system::error_code&) {
            done(json{{"n", n}});
        });
    };
    p.actions.push_back(later);

    plugin::action_descriptor boom;
    boom.name = "flaky.boom";
    boom.retry = {5, std::chrono::milliseconds(1), std::chrono::milliseconds(1)};
    boom.run = [state](const plugin::services&, plugin::action_call, plugin::completion done) {
        ++state->calls;
        done(error_info{errc::precondition_failed, "no way", "thing"});
    };
    p.actions.push_back(boom);
    return p;
}

// `flaky.later` needs timers outside the fixture's io_context: a process-wide one.
std::unique_ptr<runner_fixture> make_fixture(std::shared_ptr<flaky_state> state) {
    return std::make_unique<runner_fixture>([state](plugin::registry& r) {
        // `later` needs an io_context for its timers: a static one run by its own thread.
        static boost::asio::io_context timers;
        static auto guard = boost::asio::make_work_guard(timers);
        static std::thread runner([] { timers.run(); });
        static bool detached = (runner.detach(), true);
        (void)detached;
        r.add(flaky_plugin(state, timers));
    });
}

TEST(ActionBridge, ActionOutputReturnsToLua) {
    auto fx = make_fixture(std::make_shared<flaky_state>());
    const auto r = fx->run(
        "local inc = tocsin.incidents.create{ title = ' Phish ', severity = 'high' }\n"
        "local again = tocsin.incidents.get{ incident = inc.name }\n"
        "return { title = again.title, severity = again.severity, same = inc.name == again.name }");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result, json::parse(R"({"title":"Phish","severity":"High","same":true})"));
    ASSERT_EQ(r.actions.size(), 2u);
    EXPECT_EQ(r.actions[0]["name"], "incidents.create");
    EXPECT_EQ(r.actions[0]["attempts"], 1);
    EXPECT_EQ(r.actions[0]["input"]["severity"], "High");
    EXPECT_EQ(r.actions[1]["output"]["title"], "Phish");
}

TEST(ActionBridge, SchemaRejectionRaisesWithTheFieldNamed) {
    auto fx = make_fixture(std::make_shared<flaky_state>());
    const auto r = fx->run("tocsin.incidents.create{ title = 'x', severity = 'Huge' }");
    EXPECT_EQ(r.status, "failed");
    EXPECT_NE(r.error.find("tocsin.incidents.create: incidents.create: 'severity' must be one of"),
              std::string::npos)
        << r.error;
    EXPECT_NE(r.traceback.find("stack traceback"), std::string::npos);
    EXPECT_TRUE(r.actions.empty());

    const auto missing = fx->run("return { pcall(tocsin.incidents.close, { incident = 'x' }) }");
    ASSERT_EQ(missing.status, "succeeded") << missing.error;
    EXPECT_EQ(missing.result[0], false);
    EXPECT_NE(missing.result[1].get<std::string>().find("'classification' is required"),
              std::string::npos)
        << missing.result;
}

TEST(ActionBridge, OperationalErrorReturnsNilAndErrorTable) {
    auto fx = make_fixture(std::make_shared<flaky_state>());
    const auto r = fx->run(
        "local inc, err = tocsin.incidents.get{ incident = 'nope' }\n"
        "return { missing = inc == nil, err = err }");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result["missing"], true);
    EXPECT_EQ(r.result["err"]["code"], "not_found");
    EXPECT_EQ(r.result["err"]["retryable"], false);
    EXPECT_EQ(r.result["err"]["field"], "incident");
    EXPECT_NE(r.result["err"]["message"].get<std::string>().find("'nope'"), std::string::npos);
    ASSERT_EQ(r.actions.size(), 1u);
    EXPECT_EQ(r.actions[0]["error"]["code"], "not_found");
}

TEST(ActionBridge, ReservedFieldsAreCheckedAndRemoved) {
    auto fx = make_fixture(std::make_shared<flaky_state>());
    const auto bad = fx->run("tocsin.util.uuid{ _timeout_ms = -1 }");
    EXPECT_EQ(bad.status, "failed");
    EXPECT_NE(bad.error.find("'_timeout_ms' must be an integer"), std::string::npos) << bad.error;
    const auto extra = fx->run("tocsin.util.uuid{ surprise = 1 }");
    EXPECT_EQ(extra.status, "failed");
    EXPECT_NE(extra.error.find("surprise"), std::string::npos) << extra.error;
    const auto inst = fx->run("return tocsin.util.uuid{ _instance = 'alt', _timeout_ms = 500 }");
    ASSERT_EQ(inst.status, "succeeded") << inst.error;
    EXPECT_EQ(inst.actions[0]["name"], "util:alt.uuid");
    EXPECT_EQ(inst.actions[0]["input"], json::object());
}

TEST(ActionBridge, RetryableErrorsAreRetriedWithBackoff) {
    auto state = std::make_shared<flaky_state>();
    auto fx = make_fixture(state);
    const auto r = fx->run("return tocsin.flaky.call{}");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(state->calls.load(), 3);
    EXPECT_EQ(r.result["ok"], true);
    EXPECT_EQ(r.result["actor"], "test");
    EXPECT_EQ(r.result["key"], r.id + ":1");  // stable across the attempts
    ASSERT_EQ(r.actions.size(), 1u);
    EXPECT_EQ(r.actions[0]["attempts"], 3);
    // Two backoffs: ≥ 10 ms (half of 20) and ≥ 20 ms (half of 40).
    EXPECT_GE(r.actions[0]["durationMs"].get<int>(), 30);
}

TEST(ActionBridge, RetriesStopAtTheAttemptLimit) {
    auto state = std::make_shared<flaky_state>();
    state->fail_first = 10;
    auto fx = make_fixture(state);
    const auto r = fx->run(
        "local v, err = tocsin.flaky.call{}\n"
        "return err");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(state->calls.load(), 3);
    EXPECT_EQ(r.result["code"], "unavailable");
    EXPECT_EQ(r.result["retryable"], true);
    EXPECT_EQ(r.actions[0]["attempts"], 3);
}

TEST(ActionBridge, FinalErrorsAreNotRetried) {
    auto state = std::make_shared<flaky_state>();
    auto fx = make_fixture(state);
    const auto r = fx->run("local v, err = tocsin.flaky.boom{}\nreturn err");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(state->calls.load(), 1);
    EXPECT_EQ(r.result, json::parse(R"({"code":"precondition_failed","message":"no way",
                                        "retryable":false,"field":"thing"})"));
}

TEST(ActionBridge, ActionThatNeverAnswersTimesOut) {
    auto fx = make_fixture(std::make_shared<flaky_state>());
    const auto started = std::chrono::steady_clock::now();
    const auto r = fx->run(
        "local v, err = tocsin.flaky.hang{ _timeout_ms = 60 }\n"
        "return { v == nil, err }");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result[1]["code"], "timeout");
    EXPECT_NE(r.result[1]["message"].get<std::string>().find("60 ms"), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    EXPECT_EQ(r.actions[0]["error"]["code"], "timeout");
}

TEST(ActionBridge, ManyConcurrentRunsInterleaveSuspendedActions) {
    auto fx = make_fixture(std::make_shared<flaky_state>());
    const auto def = fx->load(playbook_source(
        "local a = tocsin.flaky.later{ n = ctx.trigger.i, ms = (ctx.trigger.i * 7) % 23 }\n"
        "local b = tocsin.flaky.later{ n = a.n * 2, ms = (ctx.trigger.i * 3) % 11 }\n"
        "return b.n"));
    constexpr int runs = 500;
    std::vector<std::future<store::run_record>> futures;
    for (int i = 0; i < runs; ++i)
        futures.push_back(fx->start(def, json{{"i", i}}));
    for (int i = 0; i < runs; ++i) {
        ASSERT_EQ(futures[i].wait_for(std::chrono::seconds(30)), std::future_status::ready);
        const auto r = futures[i].get();
        ASSERT_EQ(r.status, "succeeded") << r.error;
        EXPECT_EQ(r.result, i * 2);
        EXPECT_EQ(r.actions.size(), 2u);
    }
    EXPECT_EQ(fx->scheduler().active(), 0u);
}

}  // namespace
}  // namespace tocsin::runner::test
