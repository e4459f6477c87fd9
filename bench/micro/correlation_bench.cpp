// Correlation at scale: the cost of routing one new alert when the workspace holds ~1,000 open
// alerts and when it holds 100,000 (in open incidents of 10 alerts each). The candidate lookup
// walks from the alert's entity keys outwards by index, so the two figures should be close; a
// scan would make the second ~100 times the first.
//
// The store runs with synchronous=normal here so the figures are the lookup's and the routing
// writes' CPU and index work, not the disk's fsync (BM_StoreCreateAlert3Entities measures that).

#include <chrono>
#include <map>
#include <memory>
#include <random>

#include <benchmark/benchmark.h>

#include "bench/micro/bench_support.hpp"
#include "engine/automation/alert_router.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace tocsin::bench {
namespace {

constexpr std::size_t alerts_per_incident = 10;

store::sqlite_options normal_sync() {
    store::sqlite_options o;
    o.synchronous = store::sqlite::synchronous_mode::normal;
    return o;
}

// A store holding `open_alerts` alerts, each with three entities of its own, in open incidents.
struct populated_store {
    explicit populated_store(std::size_t open_alerts)
        : size(open_alerts), s(dir.path() / "tocsin.db", bus, normal_sync()) {
        constexpr std::size_t batch_size = 1000;
        for (std::size_t first = 0; first < open_alerts; first += batch_size) {
            std::vector<model::alert> batch;
            for (std::size_t n = first; n < std::min(open_alerts, first + batch_size); ++n)
                batch.push_back(sample_alert(id_of(n), n));
            s.create_alerts(ws, std::move(batch), {});
        }
        for (std::size_t first = 0; first < open_alerts; first += alerts_per_incident) {
            std::vector<std::string> ids;
            for (std::size_t n = first; n < std::min(open_alerts, first + alerts_per_incident); ++n)
                ids.push_back(id_of(n));
            s.create_incident_with_alerts(ws, sample_incident("Open " + std::to_string(first)), ids,
                                          {});
        }
    }

    static std::string id_of(std::size_t n) { return "alert-" + std::to_string(n); }

    // The identity keys of a new alert sharing only its host with alert `n`.
    std::vector<std::string> keys_sharing_host_with(std::size_t n) const {
        const auto probe = probe_alert("probe", n, 0);
        std::vector<std::string> keys;
        for (const auto& e : probe.entities)
            keys.push_back(model::identity_key_of(e.kind, e.properties));
        return keys;
    }

    // An alert whose host is alert `n`'s and whose IP and account are new (`fresh` > size).
    model::alert probe_alert(const std::string& id, std::size_t n, std::size_t fresh) const {
        auto a = sample_alert(id, size + 1 + fresh);
        a.entities[0] = host_entity("ws-" + std::to_string(n));
        return a;
    }

    scratch_dir dir;
    event_bus bus;
    std::size_t size;
    store::sqlite_store s;
    model::workspace_ref ws = bench_workspace();
};

populated_store& store_of(std::size_t open_alerts) {
    static std::map<std::size_t, std::unique_ptr<populated_store>> stores;
    auto& slot = stores[open_alerts];
    if (!slot)
        slot = std::make_unique<populated_store>(open_alerts);
    return *slot;
}

// The read alone: correlation_candidates for a new alert's three keys, one of which matches.
void BM_CorrelationLookup(benchmark::State& state) {
    auto& p = store_of(static_cast<std::size_t>(state.range(0)));
    std::mt19937_64 pick(42);
    const auto since =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) -
        std::chrono::hours(24);
    for (auto _ : state) {
        state.PauseTiming();
        const auto keys = p.keys_sharing_host_with(pick() % p.size);
        state.ResumeTiming();
        const auto found = p.s.correlation_candidates(p.ws, keys, since, "probe");
        if (found.size() != 1) {
            state.SkipWithError("expected exactly one candidate");
            break;
        }
    }
}
BENCHMARK(BM_CorrelationLookup)->ArgName("open_alerts")->Arg(1000)->Arg(100000);

// The whole routing of one alert (engine/automation/alert_router): read the alert, look up
// candidates, join the incident (relation write, activity entry). The alert itself is stored
// before the clock starts.
void BM_CorrelationRouteAlert(benchmark::State& state) {
    auto& p = store_of(static_cast<std::size_t>(state.range(0)));
    automation::correlation_settings settings;
    settings.kinds = {model::entity_kind::host, model::entity_kind::ip,
                      model::entity_kind::account};
    automation::alert_router router(p.s, settings);
    std::mt19937_64 pick(7);
    std::size_t n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const auto id = "probe-" + std::to_string(state.range(0)) + "-" + std::to_string(n);
        p.s.create_alert(p.ws, p.probe_alert(id, pick() % p.size, 1000 + n), {});
        ++n;
        state.ResumeTiming();
        const auto decision = router.route(p.ws, id);
        if (decision.what != automation::routing_decision::outcome::joined) {
            state.SkipWithError("the alert did not join its incident");
            break;
        }
    }
}
BENCHMARK(BM_CorrelationRouteAlert)
    ->ArgName("open_alerts")
    ->Arg(1000)
    ->Arg(100000)
    ->Iterations(2000);

}  // namespace
}  // namespace tocsin::bench
