#pragma once
// The form trigger's HTTP side (form_binding.hpp declares a form):
//
//   GET  /forms/{name}   the form page (HTML) with a CSRF token in a hidden field and a cookie
//   POST /forms/{name}   a submission, either
//     application/x-www-form-urlencoded   a browser's: needs the CSRF cookie and field (403
//                                          page otherwise); answers a page
//     application/json                     Microsoft Forms-shaped (form_exchange.hpp), from
//                                          Logic Apps or scripts: no CSRF token; answers JSON
//     anything else                        415
//
// A submission is checked first (form_answers.hpp): problems are the form again with a message
// by each field (400), or a 400 ARM error listing each field for JSON. Then the bound playbook
// runs with trigger kind "form" (form_exchange.hpp), and the answer waits for it, up to the
// form's timeout_ms (then 202: a page, or api::run_accepted's JSON, and the run goes on). Its
// result becomes the confirmation (form_responses.hpp).
//
// Unknown names are 404 (a page for browsers, form_responses.hpp), broken declarations 500
// (logged with why). Forms are open by default: employees report without API tokens. A form
// declared with auth = true needs a bearer token with playbooks.run, checked through the API's
// own guard (api::context::authorize), on GET and POST; browsers cannot send one, so such forms
// suit JSON clients, or browsers behind a proxy that adds the header.
//
// Posts are rate-limited per client address (forms.rate_limit_per_minute, forms.rate_limit_burst;
// 429 with Retry-After) with the API's token-bucket limiter. The address is the connection's:
// behind a reverse proxy every client shares the proxy's address, so set the limit there or raise
// it here.
// Configuration, read when the routes are installed: forms.csrf_key_file (default
// <data_dir>/forms.key, created on first use), forms.csrf_ttl_s.

#include "engine/api/api_component.hpp"
#include "engine/core/time.hpp"
#include "engine/runner/runner_component.hpp"

namespace tocsin::triggers {

struct form_route_options {
    const clock* time = &default_clock();
};

api::route_module form_routes(runner::runner_component& runner, form_route_options options = {});

}  // namespace tocsin::triggers
