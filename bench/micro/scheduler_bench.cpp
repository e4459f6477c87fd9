// A whole durable playbook run through the real scheduler and SQLite store (default durability,
// synchronous=full): the "running" record, the journal, one native action (util.uuid, which
// answers at once) and the final record. This is what every webhook- or event-triggered run
// pays before its own actions.

#include <future>
#include <thread>

#include <benchmark/benchmark.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "bench/micro/bench_support.hpp"
#include "engine/core/blocking_pool.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/runner/scheduler.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "plugins/builtin_registry.hpp"

namespace tocsin::bench {
namespace {

class engine_stack {
  public:
    explicit engine_stack(store::sqlite_options opts)
        : store_(dir_.path() / "tocsin.db", bus_, opts), blocking_(2) {
        plugins::register_builtin_plugins(plugins_);
        runner::scheduler_options so;
        so.default_workspace = bench_workspace();
        scheduler_ = std::make_unique<runner::scheduler>(io_, plugins_, store_, blocking_, bus_,
                                                         std::move(so));
        for (int i = 0; i < 2; ++i)
            threads_.emplace_back([this] { io_.run(); });
    }
    ~engine_stack() {
        scheduler_.reset();
        guard_.reset();
        io_.stop();
        for (auto& t : threads_)
            t.join();
        blocking_.stop();
    }

    std::shared_ptr<const lua::playbook_definition> load(const std::string& body) {
        lua::load_options o;
        o.sandbox.natives = scheduler_->natives();
        const auto source =
            "return {\n  name = 'bench', version = '1', triggers = { 'manual' },\n"
            "  run = function(ctx)\n" +
            body + "\n  end,\n}\n";
        return std::make_shared<const lua::playbook_definition>(
            lua::load_playbook_source(source, "bench.lua", o));
    }

    store::run_record run(std::shared_ptr<const lua::playbook_definition> def) {
        // Shared: the blocking-pool thread may still be inside set_value when get() returns.
        auto done = std::make_shared<std::promise<store::run_record>>();
        auto fut = done->get_future();
        runner::run_request req;
        req.playbook = std::move(def);
        scheduler_->start(std::move(req),
                          [done](const store::run_record& r) { done->set_value(r); });
        return fut.get();
    }

  private:
    scratch_dir dir_;
    event_bus bus_;
    store::sqlite_store store_;
    blocking_pool blocking_;
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{
        io_.get_executor()};
    plugin::registry plugins_;
    std::unique_ptr<runner::scheduler> scheduler_;
    std::vector<std::thread> threads_;
};

store::sqlite_options with_sync(int64_t full) {
    store::sqlite_options o;
    o.synchronous =
        full ? store::sqlite::synchronous_mode::full : store::sqlite::synchronous_mode::normal;
    return o;
}

// Arg: 1 = synchronous=full (the default), 0 = normal (what fsync at commit costs).
void BM_DurableRunOneNativeAction(benchmark::State& state) {
    engine_stack stack(with_sync(state.range(0)));
    const auto def = stack.load("return tocsin.util.uuid{}");
    for (auto _ : state) {
        const auto record = stack.run(def);
        if (record.status != "succeeded") {
            state.SkipWithError(("run " + record.status + ": " + record.error).c_str());
            break;
        }
    }
}
BENCHMARK(BM_DurableRunOneNativeAction)->ArgName("sync_full")->Arg(1)->Arg(0)->UseRealTime();

}  // namespace
}  // namespace tocsin::bench
