#pragma once
// Tocsin's own routes for playbooks, their runs and plugin actions, and the Sentinel manual
// trigger ("run playbook" on an incident or entity):
//
//   GET  /api/v1/runs?playbook=&status=&top=     newest first: {"value": [run without logs and
//                                                 actions]}; top 1..1000 (default 50)
//   GET  /api/v1/runs/{runId}                    the whole run record (runner/run_record_json.hpp)
//   POST /api/v1/runs/{runId}/cancel             200 {"id","status":"cancelling"}; 409 when the
//                                                 run has ended; 404 when unknown
//   GET  /api/v1/playbooks                       {"value": [playbook], "problems": [{file,
//                                                 message}]} (files that did not load)
//   GET  /api/v1/playbooks/{name}                the playbook with its source
//   POST /api/v1/playbooks/{name}/runs           manual run: body {params, trigger, workspace:
//                                                 {subscription, resourceGroup, name}}; the
//                                                 playbook must declare the manual trigger
//                                                 → 202 {"runId", "status", "location"}
//   GET  /api/v1/plugins                         {"value": [plugin with actions and schemas]}
//   POST <ARM workspace>/incidents/{id}/runPlaybook   Sentinel's Incidents_RunPlaybook: body
//   POST <ARM workspace>/entities/{id}/runPlaybook    {"logicAppsResourceId": "…/workflows/NAME"}
//        (the last segment names the playbook; a bare name works too) → 204. The playbook must
//        declare the manual trigger, or the incident trigger for incidents; ctx.trigger is
//        {event = "manual", workspace, incident = {...}} or {…, entity = {...}[, incident]}.
//   POST /api/v1/subscriptions/{s}/resourceGroups/{rg}/workspaces/{ws}/alerts/{id}/runPlaybook
//        the same for an alert: body {"playbook": NAME, "params": {...}} → 202 with the run id.
// Every manual trigger carries requestedBy = {id, name} of the caller.

#include <string>

#include <boost/asio/awaitable.hpp>

#include "engine/api/api_component.hpp"
#include "engine/http/request.hpp"
#include "engine/http/response.hpp"
#include "engine/runner/runner_component.hpp"

namespace tocsin::api {

route_module runner_routes(runner::runner_component& runner);

// Starts a run and resumes once its "running" record is stored, so that the caller acknowledges
// a trigger only when the run would survive a crash. Returns the run id; throws tocsin::error
// (bad params, shutting down, or unavailable when the record could not be stored: the run is
// then cancelled).
boost::asio::awaitable<std::string> start_queued(context& ctx, runner::runner_component& runner,
                                                 runner::run_request run);

// Where a run can be followed: "/api/v1/runs/<id>".
std::string run_location(const std::string& run_id);
// 202 {"runId", "status": "running", "location": absolute URL} with Location and
// X-Tocsin-Run-Id headers: the answer to every request that started a run and did not wait.
http::response run_accepted(const http::request& req, const std::string& run_id);

}  // namespace tocsin::api
