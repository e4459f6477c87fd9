// Budgets that end a run from the outside (wall clock) or count what it does (actions), and the
// figures the outcome reports. CPU and memory escapes are in sandbox_escape_test.cpp.

#include <thread>

#include <gtest/gtest.h>

#include "tests/lua/lua_harness.hpp"

namespace tocsin::lua::test {
namespace {

// tocsin.test.never(): suspends and keeps its completion, never calling it.
void add_never(harness& h, std::vector<completion>& kept) {
    h.natives->add("tocsin.test.never", [&kept](native_call& call) -> native_result {
        kept.push_back(call.suspend());
        return native_result::pending();
    });
}

TEST(RunLimits, WallClockEndsARunSuspendedOnANativeThatNeverCompletes) {
    harness h;
    std::vector<completion> kept;
    add_never(h, kept);
    h.limits.wall_clock = std::chrono::milliseconds{50};
    const auto started = std::chrono::steady_clock::now();
    const auto out = h.run_body("local x = 1\nreturn tocsin.test.never()");
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::wall_clock);
    EXPECT_EQ(out.error, "wall-clock limit of 50 ms exceeded");
    EXPECT_NE(out.traceback.find("test.lua:6"), std::string::npos)
        << out.traceback;  // where it waited
    EXPECT_GE(took, std::chrono::milliseconds{50});
    EXPECT_LT(took, std::chrono::milliseconds{1000});
    EXPECT_GE(out.elapsed, std::chrono::milliseconds{50});
}

TEST(RunLimits, WallClockEndsARunThatComputesForever) {
    harness h;
    h.limits.instructions = 1'000'000'000'000;
    h.limits.wall_clock = std::chrono::milliseconds{50};
    const auto out = h.run_body("while true do end");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::wall_clock);
}

TEST(RunLimits, ActionCapEndsTheRunAndCannotBeCaught) {
    harness h;
    h.limits.actions = 5;
    h.natives->add("tocsin.test.ping", [](native_call&) -> native_result { return json("pong"); });
    const auto out = h.run_body(
        "local n = 0\n"
        "for i = 1, 10 do if pcall(tocsin.test.ping) then n = n + 1 end end\n"
        "return n");
    EXPECT_EQ(out.state, run_state::failed);
    EXPECT_EQ(out.limit, limit_kind::actions);
    EXPECT_EQ(out.error, "action limit of 5 calls exceeded");
    EXPECT_EQ(out.actions, 5u);
}

TEST(RunLimits, OutcomeReportsInstructionsMemoryAndActions) {
    harness h;
    h.natives->add("tocsin.test.ping", [](native_call&) -> native_result { return json("pong"); });
    const auto out = h.run_body(
        "local t = {} for i = 1, 20000 do t[i] = i * 2 end\n"
        "tocsin.test.ping() tocsin.test.ping()\n"
        "return #t");
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, 20000);
    EXPECT_GE(out.instructions, 60'000u);
    EXPECT_LE(out.instructions, 200'000u);
    EXPECT_GE(out.peak_memory, 20000u * 16);  // the array part alone
    EXPECT_LE(out.peak_memory, h.limits.memory_bytes);
    EXPECT_EQ(out.actions, 2u);
}

TEST(RunLimits, MemoryLimitTooSmallForTheSandboxIsReportedAtCreate) {
    harness h;
    const auto def = h.load(playbook_with("return 1"));
    h.limits.memory_bytes = 4096;
    try {
        run::create(def, run_context{}, h.options({}));
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::limit_exceeded);
    }
}

TEST(RunLimits, CreateValidatesItsOptions) {
    harness h;
    const auto def = h.load(playbook_with("return 1"));
    auto options = h.options({});
    options.limits.wall_clock = std::chrono::milliseconds{0};
    EXPECT_THROW(run::create(def, run_context{}, options), error);
    options = h.options({});
    options.executor = {};
    EXPECT_THROW(run::create(def, run_context{}, options), error);
}

}  // namespace
}  // namespace tocsin::lua::test
