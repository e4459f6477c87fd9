// Natives: C++ functions under tocsin.*, synchronous and suspending, and the error convention at
// the boundary (wrong arguments raise, operational failures return nil, err).

#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/steady_timer.hpp>

#include "engine/error.hpp"
#include "tests/lua/lua_harness.hpp"

namespace tocsin::lua::test {
namespace {

void add_incidents(harness& h, std::vector<json>* seen = nullptr) {
    h.natives->add("tocsin.incidents.create", [seen](native_call& call) -> native_result {
        if (seen != nullptr)
            seen->push_back(call.args());
        const json& spec = call.args()[0];
        if (!spec.is_object() || !spec.contains("title") || !spec["title"].is_string()) {
            throw error(errc::invalid_argument, "title must be a string");
        }
        if (spec["title"] == "dup")
            return error_info{errc::already_exists, "incident exists", "title"};
        if (spec["title"] == "down")
            return error_info{errc::unavailable, "store is down", {}};
        return json{{"id", 1}, {"title", spec["title"]}};
    });
}

TEST(Natives, SynchronousValueReadsAsStraightLineCode) {
    harness h;
    std::vector<json> seen;
    add_incidents(h, &seen);
    const auto out = h.run_body(
        "local inc, err = tocsin.incidents.create{ title = 'x' }\n"
        "return { inc = inc, err = err == nil }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::parse(R"({"inc": {"id": 1, "title": "x"}, "err": true})"));
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], json::array({{{"title", "x"}}}));
    EXPECT_EQ(out.actions, 1u);
}

TEST(Natives, ArgumentsArriveAsAJsonArrayWithNullsKept) {
    harness h;
    json seen;
    h.natives->add("tocsin.test.args", [&](native_call& call) -> native_result {
        seen = call.args();
        EXPECT_EQ(call.name(), "tocsin.test.args");
        EXPECT_EQ(call.run_id(), "run-1");
        return json(nullptr);
    });
    const auto out = h.run_body("return tocsin.test.args('a', 2, nil, true, { 1.5 })");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(seen, json::parse(R"(["a", 2, null, true, [1.5]])"));
    EXPECT_TRUE(out.result.is_null());
}

TEST(Natives, ArgumentsThatAreNotDataRaiseNamingTheArgument) {
    harness h;
    add_incidents(h);
    const auto out = h.run_body("return tocsin.incidents.create({ title = 'x' }, print)");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_NE(
        out.error.find("tocsin.incidents.create: argument #2: cannot convert a function to JSON"),
        std::string::npos)
        << out.error;
}

TEST(Natives, OperationalErrorReturnsNilAndAnErrorTable) {
    harness h;
    add_incidents(h);
    const auto out = h.run_body(
        "local a, e1 = tocsin.incidents.create{ title = 'dup' }\n"
        "local b, e2 = tocsin.incidents.create{ title = 'down' }\n"
        "return { a == nil, e1, b == nil, e2 }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], true);
    EXPECT_EQ(out.result[1], json::parse(R"({"code": "already_exists", "message": "incident exists",
                                            "retryable": false, "field": "title"})"));
    EXPECT_EQ(out.result[2], true);
    EXPECT_EQ(out.result[3], json::parse(R"({"code": "unavailable", "message": "store is down",
                                            "retryable": true})"));
}

TEST(Natives, WrongArgumentsRaiseWithPositionAndName) {
    harness h;
    add_incidents(h);
    const auto out = h.run_body("local x = 1\ntocsin.incidents.create{ title = 5 }");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::none);
    EXPECT_EQ(out.error, "test.lua:6: tocsin.incidents.create: title must be a string");
    EXPECT_NE(out.traceback.find("stack traceback"), std::string::npos);
}

TEST(Natives, PcallOfAFailingNativeReturnsFalseAndTheMessage) {
    harness h;
    add_incidents(h);
    const auto out = h.run_body("return { pcall(tocsin.incidents.create, { title = false }) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({false, "tocsin.incidents.create: title must be a string"}));
}

TEST(Natives, ExceptionsOtherThanTocsinErrorsAreInternalErrors) {
    harness h;
    h.natives->add("tocsin.test.bug",
                   [](native_call&) -> native_result { throw std::out_of_range("index 7"); });
    const auto out = h.run_body("return { pcall(tocsin.test.bug) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[1], "tocsin.test.bug: internal error: index 7");
}

TEST(Natives, UnknownNamesAreNilAndNamespacesReadOnly) {
    harness h;
    add_incidents(h);
    const auto out = h.run_body(
        "local ok1, e1 = pcall(function() tocsin.incidents.craete{} end)\n"
        "local ok2, e2 = pcall(function() tocsin.incidents.create = print end)\n"
        "local ok3, e3 = pcall(function() tocsin.extra = {} end)\n"
        "return { tocsin.nope == nil, type(tocsin.incidents), e1, e2, e3 }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], true);
    EXPECT_EQ(out.result[1], "table");
    EXPECT_NE(out.result[2].get<std::string>().find("attempt to call a nil value (field 'craete')"),
              std::string::npos);
    EXPECT_NE(out.result[3].get<std::string>().find("read-only table 'tocsin.incidents'"),
              std::string::npos);
    EXPECT_NE(out.result[4].get<std::string>().find("read-only table 'tocsin'"), std::string::npos);
}

TEST(Natives, RegistryRefusesBadNames) {
    native_registry r;
    const auto noop = [](native_call&) -> native_result { return json(nullptr); };
    r.add("tocsin.a.b", noop);
    auto code_of = [&](const std::string& name) {
        try {
            r.add(name, noop);
        } catch (const error& e) {
            return e.code();
        }
        return errc::ok;
    };
    EXPECT_EQ(code_of("incidents.create"), errc::invalid_argument);
    EXPECT_EQ(code_of("tocsin.Bad"), errc::invalid_argument);
    EXPECT_EQ(code_of("tocsin..x"), errc::invalid_argument);
    EXPECT_EQ(code_of("tocsin.x."), errc::invalid_argument);
    EXPECT_EQ(code_of("tocsin.a.b"), errc::already_exists);
    EXPECT_EQ(code_of("tocsin.a"), errc::conflict);
    EXPECT_EQ(code_of("tocsin.a.b.c"), errc::conflict);
    EXPECT_EQ(code_of("tocsin.a.c"), errc::ok);
    EXPECT_EQ(r.size(), 2u);
}

TEST(Natives, TooLargeResultsBecomeAnOperationalError) {
    harness h;
    h.limits.json.max_bytes = 100;
    h.natives->add("tocsin.test.big",
                   [](native_call&) -> native_result { return json(std::string(500, 'x')); });
    const auto out = h.run_body("local v, err = tocsin.test.big() return { v == nil, err.code }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::array({true, "limit_exceeded"}));
}

// Suspending natives --------------------------------------------------------------------------

// tocsin.slow.echo(v [, ms]): completes with v after ms milliseconds, from an asio timer.
void add_timer_echo(harness& h) {
    h.natives->add("tocsin.slow.echo", [&h](native_call& call) -> native_result {
        auto done = call.suspend();
        auto timer = std::make_shared<boost::asio::steady_timer>(h.io);
        const int ms = call.args().size() > 1 ? call.args()[1].get<int>() : 1;
        timer->expires_after(std::chrono::milliseconds(ms));
        timer->async_wait([timer, done, value = call.args()[0]](const boost::system::error_code&) {
            if (value == "fail") {
                done(error_info{errc::timeout, "upstream timed out", {}});
            } else {
                done(value);
            }
        });
        return native_result::pending();
    });
}

TEST(Natives, SuspendingNativeCompletedFromATimerResumesTheRun) {
    harness h;
    add_timer_echo(h);
    auto out = std::make_shared<run_outcome>();
    const auto def =
        h.load(playbook_with("local a = tocsin.slow.echo({ x = 1 }, 5)\n"
                             "local b, err = tocsin.slow.echo('fail')\n"
                             "local c = tocsin.slow.echo(41) + 1\n"
                             "return { a = a, b = b == nil, err = err, c = c }"));
    auto r = h.start(def, out);
    EXPECT_EQ(r->state(), run_state::ready);
    h.io.poll();  // the first resume runs up to the first suspension
    EXPECT_EQ(r->state(), run_state::suspended);
    EXPECT_GT(r->memory_in_use(), 0u);
    h.io.run();
    ASSERT_EQ(out->state, run_state::finished) << out->error;
    EXPECT_EQ(r->state(), run_state::finished);
    EXPECT_EQ(r->memory_in_use(), 0u);
    EXPECT_EQ(out->result, json::parse(R"({"a": {"x": 1}, "b": true, "c": 42,
        "err": {"code": "timeout", "message": "upstream timed out", "retryable": true}})"));
    EXPECT_EQ(out->actions, 3u);
}

TEST(Natives, SuspendingInsidePcallWorks) {
    harness h;
    add_timer_echo(h);
    const auto out = h.run_body(
        "local ok, v = pcall(tocsin.slow.echo, { x = 1 })\n"
        "local ok2, v2 = xpcall(function() return tocsin.slow.echo(2) * 10 end, function(e) return "
        "e end)\n"
        "local ok3, v3 = pcall(function() local r = tocsin.slow.echo(3) error('after ' .. r) end)\n"
        "return { ok, v, ok2, v2, ok3, v3 }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result,
              json::parse(R"([true, {"x": 1}, true, 20, false, "test.lua:7: after 3"])"));
}

TEST(Natives, SuspendingNativeCompletedFromAnotherThread) {
    harness h;
    std::vector<std::thread> threads;
    h.natives->add("tocsin.remote.call", [&](native_call& call) -> native_result {
        auto done = call.suspend();
        threads.emplace_back([done, v = call.args()[0].get<int>()] {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            done(json(v * 2));
        });
        return native_result::pending();
    });
    const auto out = h.run_body(
        "local sum = 0\n"
        "for i = 1, 5 do sum = sum + tocsin.remote.call(i) end\n"
        "return sum");
    for (auto& t : threads)
        t.join();
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, 30);
}

TEST(Natives, CompletionCalledBeforeTheNativeReturnsStillResumes) {
    harness h;
    h.natives->add("tocsin.test.eager", [](native_call& call) -> native_result {
        auto done = call.suspend();
        done(json{{"ready", true}});  // before returning pending: delivered after the yield
        return native_result::pending();
    });
    const auto out = h.run_body("return tocsin.test.eager()");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json({{"ready", true}}));
}

TEST(Natives, CannotSuspendInsideACoroutineButSyncCallsWork) {
    harness h;
    add_timer_echo(h);
    add_incidents(h);
    const auto out = h.run_body(
        "local co = coroutine.wrap(function()\n"
        "  local inc = tocsin.incidents.create{ title = 'in co' }\n"
        "  coroutine.yield(inc.title)\n"
        "  return tocsin.slow.echo(1)\n"
        "end)\n"
        "local first = co()\n"
        "local ok, err = pcall(co)\n"
        "return { first, ok, err }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], "in co");
    EXPECT_EQ(out.result[1], false);
    EXPECT_NE(out.result[2].get<std::string>().find("tocsin.slow.echo: cannot suspend here"),
              std::string::npos)
        << out.result[2];
}

TEST(Natives, CannotSuspendInsideACallbackOfTheStandardLibrary) {
    harness h;
    add_timer_echo(h);
    const auto out = h.run_body(
        "local t = { 3, 1, 2 }\n"
        "return { pcall(table.sort, t, function(a, b) return tocsin.slow.echo(a) < b end) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result[0], false);
    EXPECT_NE(out.result[1].get<std::string>().find("cannot suspend here"), std::string::npos);
}

TEST(Natives, MisbehavingSuspendProtocolIsReported) {
    harness h;
    h.natives->add("tocsin.bad.pending",
                   [](native_call&) -> native_result { return native_result::pending(); });
    h.natives->add("tocsin.bad.both", [](native_call& call) -> native_result {
        call.suspend();
        return json(1);
    });
    const auto out = h.run_body(
        "return { select(2, pcall(tocsin.bad.pending)), select(2, pcall(tocsin.bad.both)) }");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result,
              json::array({"tocsin.bad.pending: returned pending without calling suspend()",
                           "tocsin.bad.both: called suspend() but returned a result"}));
}

TEST(Natives, TopLevelOfARunCannotCallActions) {
    harness h;
    add_incidents(h);
    // The top level runs at load and again at the start of every run; actions refuse both times.
    const auto def = h.load(
        "local ok, err = pcall(tocsin.incidents.create, { title = 'x' })\n"
        "MESSAGE = err\n" +
        playbook_with("return MESSAGE"));
    const auto out = h.run_to_end(def);
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result,
              "tocsin.incidents.create: actions can only be called from run(ctx), not while the "
              "playbook's top level runs");
    EXPECT_EQ(out.actions, 0u);
}

TEST(Natives, LogLinesReachTheSinkWithRunIdAndLevel) {
    harness h;
    const auto out = h.run_body(
        "ctx.log.info('starting', 1, true)\n"
        "ctx.log.warn('careful')\n"
        "ctx.log.error('broken:', { })\n"
        "print('via print')\n"
        "return true",
        run_context{{}, {}, "run-log"});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    ASSERT_EQ(h.logs.size(), 4u);
    EXPECT_EQ(h.logs[0].run_id, "run-log");
    EXPECT_EQ(h.logs[0].level, log_level::info);
    EXPECT_EQ(h.logs[0].message, "starting 1 true");
    EXPECT_EQ(h.logs[1].level, log_level::warn);
    EXPECT_EQ(h.logs[2].level, log_level::error);
    EXPECT_EQ(h.logs[2].message.rfind("broken: table: ", 0), 0u);
    EXPECT_EQ(h.logs[3].message, "via print");
}

}  // namespace
}  // namespace tocsin::lua::test
