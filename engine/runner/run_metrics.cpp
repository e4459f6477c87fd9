#include "engine/runner/run_metrics.hpp"

#include <vector>

#include "engine/metrics/registry.hpp"

namespace tocsin::runner {

namespace {

metrics::counter_family& runs_total() {
    static auto& family = metrics::default_registry().counters(
        "tocsin_playbook_runs_total", "Playbook runs that ended, by playbook and final status.",
        {"playbook", "status"});
    return family;
}

metrics::histogram_family& run_seconds() {
    static auto& family = metrics::default_registry().histograms(
        "tocsin_playbook_run_duration_seconds",
        "Wall-clock time from a run's start to its end, by playbook.", {"playbook"},
        {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300});
    return family;
}

}  // namespace

void record_run_finished(const store::run_record& record) {
    runs_total().with({record.playbook, record.status}).add();
    if (record.ended)
        run_seconds().with({record.playbook}).observe(*record.ended - record.started);
}

std::shared_ptr<void> register_run_gauges(std::function<std::size_t()> active_runs,
                                          std::function<std::size_t()> pending_writes) {
    auto& registry = metrics::default_registry();
    auto one = [](std::size_t value) {
        return std::vector<metrics::gauge_sample>{{{}, static_cast<double>(value)}};
    };
    std::vector<std::shared_ptr<void>> handles;
    handles.push_back(registry.gauge("tocsin_playbook_runs_active",
                                     "Runs in progress (running or suspended on an action).", {},
                                     [active_runs, one] { return one(active_runs()); }));
    handles.push_back(registry.gauge("tocsin_run_record_writes_pending",
                                     "Run records waiting to be written to the store.", {},
                                     [pending_writes, one] { return one(pending_writes()); }));
    return std::make_shared<std::vector<std::shared_ptr<void>>>(std::move(handles));
}

}  // namespace tocsin::runner
