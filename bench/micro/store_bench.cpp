// The SQLite store's hot writes: an alert with its entities, and an incident ↔ alert relation.
// Arg sync_full: 1 = synchronous=full (the engine's default: a write that returned survives
// power loss), 0 = normal; the difference is what the fsync at each commit costs on this disk.

#include <benchmark/benchmark.h>

#include "bench/micro/bench_support.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace tocsin::bench {
namespace {

store::sqlite_options with_sync(int64_t full) {
    store::sqlite_options o;
    o.synchronous =
        full ? store::sqlite::synchronous_mode::full : store::sqlite::synchronous_mode::normal;
    return o;
}

void BM_StoreCreateAlert3Entities(benchmark::State& state) {
    scratch_dir dir;
    event_bus bus;
    store::sqlite_store s(dir.path() / "tocsin.db", bus, with_sync(state.range(0)));
    const auto ws = bench_workspace();
    std::size_t n = 0;
    for (auto _ : state) {
        auto a = sample_alert("alert-" + std::to_string(n), n);
        ++n;
        benchmark::DoNotOptimize(s.create_alert(ws, std::move(a), {}));
    }
}
BENCHMARK(BM_StoreCreateAlert3Entities)->ArgName("sync_full")->Arg(1)->Arg(0)->UseRealTime();

// Alerts (one transaction) and incidents are made before the clock starts; each iteration
// relates one alert to an incident, 100 per incident (the cap is 150).
void BM_StoreAddRelation(benchmark::State& state) {
    constexpr std::size_t alerts = 1000;
    scratch_dir dir;
    event_bus bus;
    store::sqlite_store s(dir.path() / "tocsin.db", bus, with_sync(state.range(0)));
    const auto ws = bench_workspace();
    std::vector<model::alert> batch;
    for (std::size_t n = 0; n < alerts; ++n)
        batch.push_back(sample_alert("alert-" + std::to_string(n), n));
    s.create_alerts(ws, std::move(batch), {});
    std::vector<std::string> incidents;
    for (std::size_t i = 0; i < alerts / 100; ++i)
        incidents.push_back(
            s.put_incident(ws, sample_incident("Relations " + std::to_string(i)), {}).value.name);
    std::size_t n = 0;
    for (auto _ : state) {
        const auto r = s.add_relation(ws, incidents[n / 100], "", "alert-" + std::to_string(n),
                                      model::sole_alert_policy::keep, {});
        if (!r.created) {
            state.SkipWithError("relation not created");
            break;
        }
        ++n;
    }
}
BENCHMARK(BM_StoreAddRelation)
    ->ArgName("sync_full")
    ->Arg(1)
    ->Arg(0)
    ->Iterations(1000)
    ->UseRealTime();

}  // namespace
}  // namespace tocsin::bench
