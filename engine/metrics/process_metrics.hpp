#pragma once
// The standard process_* gauges of Prometheus clients (resident memory, CPU time, open file
// descriptors, start time) read from /proc at scrape time, plus tocsin_build_info.

namespace tocsin::metrics {

// Registers the gauges in default_registry() once per process (they describe the process, so a
// second server in the same process must not add to them); later calls do nothing.
void ensure_process_metrics();

}  // namespace tocsin::metrics
