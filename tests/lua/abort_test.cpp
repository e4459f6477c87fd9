// run::abort: how the engine fails a run it can no longer trust (a replay that diverges from its
// journal). Like cancel it cannot be caught by the playbook; unlike cancel the run ends failed
// with the engine's message.

#include <thread>

#include <gtest/gtest.h>

#include "tests/lua/lua_harness.hpp"

namespace tocsin::lua::test {
namespace {

TEST(RunAbort, AbortWhileSuspendedFailsTheRunWithTheMessage) {
    harness h;
    std::vector<completion> kept;
    h.natives->add("tocsin.test.wait", [&kept](native_call& call) -> native_result {
        kept.push_back(call.suspend());
        return native_result::pending();
    });
    auto out = std::make_shared<run_outcome>();
    auto r = h.start(h.load(playbook_with(
                         "local ok = pcall(function() return tocsin.test.wait() end)\nreturn 1")),
                     out);
    h.io.run_one();  // the first resume: suspended in test.wait
    h.io.restart();
    ASSERT_EQ(r->state(), run_state::suspended);
    r->abort("non-deterministic playbook: test");
    r->cancel("too late to matter");  // the first of cancel and abort wins
    h.io.run();
    EXPECT_EQ(out->state, run_state::failed);
    EXPECT_EQ(out->error, "non-deterministic playbook: test");
    EXPECT_EQ(out->limit, limit_kind::none);
    EXPECT_NE(out->traceback.find("stack traceback"), std::string::npos) << out->traceback;
    ASSERT_EQ(kept.size(), 1u);
    kept[0](nlohmann::json(1));  // a late answer changes nothing
    h.io.restart();
    h.io.run();
    EXPECT_EQ(r->state(), run_state::failed);
}

TEST(RunAbort, PcallCannotSwallowAnAbortOfARunningLoop) {
    harness h;
    h.limits.instructions = 1'000'000'000'000;
    h.limits.wall_clock = std::chrono::seconds{30};
    auto out = std::make_shared<run_outcome>();
    auto r = h.start(h.load(playbook_with("while true do pcall(function() end) end")), out);
    std::thread aborter([r] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        r->abort("the engine gave up");
    });
    h.io.run();
    aborter.join();
    EXPECT_EQ(out->state, run_state::failed);
    EXPECT_EQ(out->error, "the engine gave up");
}

}  // namespace
}  // namespace tocsin::lua::test
