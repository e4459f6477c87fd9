#pragma once
// What the runner reports to GET /metrics (metrics/registry.hpp): runs by playbook and final
// status, their durations, and, read at scrape time, the live runs and record writes queued.

#include <functional>
#include <memory>

#include "engine/store/run_record.hpp"

namespace tocsin::runner {

// Counts a run that ended (called once per final record).
void record_run_finished(const store::run_record& record);

// Registers the live gauges; they read through `active_runs` and `pending_writes` until the
// returned handle is destroyed.
[[nodiscard]] std::shared_ptr<void> register_run_gauges(
    std::function<std::size_t()> active_runs, std::function<std::size_t()> pending_writes);

}  // namespace tocsin::runner
