// JSON in and out of the model: an incident with its 10 alerts and their 30 entities in the
// Sentinel shapes (engine/model/json), parsed from text into the model and serialised back.

#include <benchmark/benchmark.h>

#include "bench/micro/bench_support.hpp"
#include "engine/model/json.hpp"

namespace tocsin::bench {
namespace {

using nlohmann::json;

// {"incident": properties, "alerts": [properties with "entities": [3 each]]}
std::string incident_document() {
    auto incident = sample_incident("Encoded PowerShell on ten workstations");
    incident.name = "5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b";
    json alerts = json::array();
    for (std::size_t n = 0; n < 10; ++n) {
        auto a = sample_alert("alert-" + std::to_string(n), n);
        for (auto& e : a.entities)
            model::assign_identity(e);
        auto props = model::alert_properties(a);
        json entities = json::array();
        for (const auto& e : a.entities)
            entities.push_back(model::entity_json(e));
        props["entities"] = std::move(entities);
        alerts.push_back(std::move(props));
    }
    return json{{"incident", model::incident_properties(incident)}, {"alerts", std::move(alerts)}}
        .dump();
}

struct parsed {
    model::incident incident;
    std::vector<model::alert> alerts;
};

parsed parse(const std::string& text) {
    const auto doc = json::parse(text);
    parsed out{model::incident_from_json(doc.at("incident")), {}};
    for (const auto& a : doc.at("alerts")) {
        // alert_from_json reads "entities" (the ingest shape) itself.
        out.alerts.push_back(model::alert_from_json(a));
    }
    return out;
}

std::string serialise(const parsed& p) {
    json alerts = json::array();
    for (const auto& a : p.alerts) {
        auto props = model::alert_properties(a);
        json entities = json::array();
        for (const auto& e : a.entities)
            entities.push_back(model::entity_json(e));
        props["entities"] = std::move(entities);
        alerts.push_back(std::move(props));
    }
    return json{{"incident", model::incident_properties(p.incident)}, {"alerts", std::move(alerts)}}
        .dump();
}

void BM_JsonParseIncident10Alerts30Entities(benchmark::State& state) {
    const auto text = incident_document();
    for (auto _ : state)
        benchmark::DoNotOptimize(parse(text));
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
    state.counters["doc_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_JsonParseIncident10Alerts30Entities);

void BM_JsonSerialiseIncident10Alerts30Entities(benchmark::State& state) {
    const auto value = parse(incident_document());
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto text = serialise(value);
        bytes = text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
BENCHMARK(BM_JsonSerialiseIncident10Alerts30Entities);

}  // namespace
}  // namespace tocsin::bench
