#pragma once
// GET /metrics: the process's metrics (metrics/registry.hpp) in the Prometheus text format
// 0.0.4. Needs the read permission, so a scraper is configured with a Reader token
// (Prometheus: `authorization: {credentials_file: …}`).
//
// Series, besides the process_* ones:
//   tocsin_http_requests_total{method,route,status}        answered requests; route is the
//   tocsin_http_request_duration_seconds{method,route}      matched template ("unmatched")
//   tocsin_playbook_runs_total{playbook,status}             runs that ended
//   tocsin_playbook_run_duration_seconds{playbook}
//   tocsin_playbook_runs_active, tocsin_run_record_writes_pending   the runner's queue
//   tocsin_store_transaction_duration_seconds{kind}          read / write
//   tocsin_store_writer_wait_seconds                         waiting for the single writer

#include "engine/api/context.hpp"
#include "engine/http/router.hpp"
#include "engine/http/server.hpp"

namespace tocsin::api {

void add_metrics_routes(http::router& routes, context& ctx);

// Records every answered request into the HTTP series above (server::add_observer).
http::observer request_metrics();

}  // namespace tocsin::api
