// The Lua runner on its own (no store): what creating a run costs (a lua_State with its sandbox
// and coroutine), and what one native call that suspends the coroutine and is resumed by a
// completion posted to the executor costs.

#include <benchmark/benchmark.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "engine/lua/natives.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/lua/run.hpp"

namespace tocsin::bench {
namespace {

using nlohmann::json;

std::string playbook(const std::string& body) {
    return "return {\n  name = 'bench', version = '1', triggers = { 'manual' },\n"
           "  params = { n = { type = 'integer', default = 0 } },\n"
           "  run = function(ctx)\n" +
           body + "\n  end,\n}\n";
}

struct lua_bench {
    boost::asio::io_context io;
    std::shared_ptr<lua::native_registry> natives = std::make_shared<lua::native_registry>();

    lua_bench() {
        // Suspends and is completed from a posted handler: the round trip an action that hands
        // its work to another thread makes, minus the work.
        natives->add("tocsin.bench.hop", [this](lua::native_call& call) -> lua::native_result {
            auto done = call.suspend();
            boost::asio::post(
                io, [done, x = call.args()[0].get<std::int64_t>()] { done(json(x + 1)); });
            return lua::native_result::pending();
        });
    }

    lua::playbook_definition load(const std::string& body) {
        lua::load_options o;
        o.sandbox.natives = natives;
        return lua::load_playbook_source(playbook(body), "bench.lua", o);
    }

    lua::run_options options(int& finished) {
        lua::run_options o;
        o.executor = io.get_executor();
        o.sandbox.natives = natives;
        o.limits.actions = 1'000'000;
        o.limits.instructions = 100'000'000;
        o.on_complete = [&finished](const lua::run_outcome& out) {
            if (out.state == lua::run_state::finished)
                ++finished;
        };
        return o;
    }

    void drain() {
        io.restart();
        io.run();
    }
};

// Creating, starting and finishing a run that does nothing: the state, its sandbox, the coroutine.
void BM_LuaRunCreateAndFinish(benchmark::State& state) {
    lua_bench b;
    const auto def = b.load("return ctx.params.n");
    int finished = 0;
    auto options = b.options(finished);
    for (auto _ : state) {
        lua::run::create(def, lua::run_context{{}, {{"n", 1}}, "r"}, options)->start();
        b.drain();
    }
    if (finished != static_cast<int>(state.iterations()))
        state.SkipWithError("a run did not finish");
}
BENCHMARK(BM_LuaRunCreateAndFinish);

// Creating a run only (lua_State + sandbox + thread), without running it.
void BM_LuaRunCreate(benchmark::State& state) {
    lua_bench b;
    const auto def = b.load("return 1");
    int finished = 0;
    auto options = b.options(finished);
    for (auto _ : state)
        benchmark::DoNotOptimize(lua::run::create(def, lua::run_context{{}, {}, "r"}, options));
}
BENCHMARK(BM_LuaRunCreate);

// One suspend/resume round trip through a native, measured as 1,000 calls in one run so the
// run's creation is amortised away (items/s = round trips per second).
void BM_LuaNativeSuspendResume(benchmark::State& state) {
    lua_bench b;
    const auto def =
        b.load("local v = 0\nfor i = 1, 1000 do v = tocsin.bench.hop(v) end\nreturn v");
    int finished = 0;
    auto options = b.options(finished);
    for (auto _ : state) {
        lua::run::create(def, lua::run_context{{}, {}, "r"}, options)->start();
        b.drain();
    }
    if (finished != static_cast<int>(state.iterations()))
        state.SkipWithError("a run did not finish");
    state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_LuaNativeSuspendResume);

}  // namespace
}  // namespace tocsin::bench
