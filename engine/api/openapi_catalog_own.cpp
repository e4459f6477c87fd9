// Tocsin's own operations: probes, metrics, tokens, alert ingest, manual alerts, playbooks,
// runs, plugins, webhooks, forms, the route table and this document. operationIds follow the
// Sentinel style (Noun_Verb) so that a generated client reads as one API.

#include "engine/api/openapi_catalog.hpp"
#include "engine/api/openapi_catalog_answers.hpp"
#include "engine/api/openapi_schema_dsl.hpp"

namespace tocsin::api::openapi {

namespace {

using dsl::schema_ref;
using http::verb;

// The workspace part of Tocsin's own workspace routes (ingest_routes.hpp, runner_routes.hpp).
std::string own_workspace(std::string_view suffix) {
    return "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/"
           "workspaces/{workspaceName}/" +
           std::string(suffix);
}

response_doc run_accepted(std::string description) {
    return {.status = 202,
            .description = std::move(description),
            .schema = schema_ref("RunAccepted"),
            .headers = {{"Location", "Absolute URL of the run record."},
                        {"X-Tocsin-Run-Id", "The run id."}}};
}

nlohmann::json top_schema() {
    return {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 50}};
}

std::vector<operation_doc> operations_routes() {
    return {
        {.method = verb::get,
         .path = "/healthz",
         .operation_id = "Health_Live",
         .tag = "Operations",
         .summary = "Liveness probe",
         .description = "The process answers. Needs no token.",
         .responses = {ok("Health", "Alive.")}},
        {.method = verb::get,
         .path = "/readyz",
         .operation_id = "Health_Ready",
         .tag = "Operations",
         .summary = "Readiness probe",
         .description = "The store answers too. Needs no token.",
         .responses = {ok("Readiness", "Ready.")},
         .errors = {503}},
        {.method = verb::get,
         .path = "/metrics",
         .operation_id = "Metrics_Get",
         .tag = "Operations",
         .summary = "Prometheus metrics",
         .description = "The process's metrics in the Prometheus text format 0.0.4; scrape "
                        "with a Reader token.",
         .responses = {{.status = 200,
                        .description = "The metrics.",
                        .schema = {{"type", "string"}},
                        .media_type = "text/plain"}}},
        {.method = verb::get,
         .path = "/api/v1/routes",
         .operation_id = "Routes_List",
         .tag = "Operations",
         .summary = "List the route table",
         .description = "Every route with the permission it needs, for reviewing who may do "
                        "what.",
         .responses = {ok("RouteList", "The routes.")}},
        {.method = verb::get,
         .path = "/openapi.json",
         .operation_id = "OpenApi_Get",
         .tag = "Operations",
         .summary = "This OpenAPI document",
         .description = "Describes every route of this server. Needs no token.",
         .responses = {ok("OpenApiDocument", "The OpenAPI 3.0 document.")}},
    };
}

std::vector<operation_doc> token_routes() {
    return {
        {.method = verb::get,
         .path = "/api/v1/tokens",
         .operation_id = "Tokens_List",
         .tag = "Tokens",
         .summary = "List tokens",
         .responses = {ok("TokenList", "Every token, oldest first.")}},
        {.method = verb::post,
         .path = "/api/v1/tokens",
         .operation_id = "Tokens_Create",
         .tag = "Tokens",
         .summary = "Issue a token",
         .description = "The answer holds the token itself, shown this once only; only a "
                        "SHA-256 of its secret is stored.",
         .body = body_doc{.schema = schema_ref("TokenRequest")},
         .responses = {{.status = 201,
                        .description = "The token, with its secret.",
                        .schema = schema_ref("TokenCreated")}}},
        {.method = verb::get,
         .path = "/api/v1/tokens/{tokenId}",
         .operation_id = "Tokens_Get",
         .tag = "Tokens",
         .summary = "Get a token",
         .responses = {ok("Token", "The token.")},
         .errors = {404}},
        {.method = verb::delete_,
         .path = "/api/v1/tokens/{tokenId}",
         .operation_id = "Tokens_Revoke",
         .tag = "Tokens",
         .summary = "Revoke a token",
         .description = "Effective from the server's next request.",
         .responses = {ok("Token", "The revoked token.")},
         .errors = {404}},
    };
}

std::vector<operation_doc> alert_read_routes() {
    return {
        {.method = verb::get,
         .path = own_workspace("alerts"),
         .operation_id = "Alerts_List",
         .tag = "Alerts",
         .summary = "List alerts",
         .description = "The workspace's alerts, newest first, whether or not an incident holds "
                        "them; nextLink continues.",
         .query = {{.name = "product", .description = "Only alerts of this productName."},
                   {.name = "since",
                    .description = "Only alerts generated after this ISO 8601 time.",
                    .schema = {{"type", "string"}, {"format", "date-time"}}},
                   {.name = "top",
                    .description = "Alerts per page; $top works too.",
                    .schema = top_schema()},
                   {.name = "skipToken",
                    .description = "Opaque continuation from a nextLink; use the nextLink as it "
                                   "is."}},
         .responses = {ok("SecurityAlertPage", "A page of alerts.")},
         .errors = {400}},
        {.method = verb::get,
         .path = own_workspace("alerts/{alertId}"),
         .operation_id = "Alerts_Get",
         .tag = "Alerts",
         .summary = "Get an alert",
         .responses = {ok("AlertDetail", "The alert and the incidents that hold it.")},
         .errors = {404}},
    };
}

std::vector<operation_doc> alert_routes() {
    nlohmann::json ingested = {{"oneOf", nlohmann::json::array({schema_ref("SecurityAlert"),
                                                                schema_ref("IngestBatchResult")})}};
    return {
        {.method = verb::post,
         .path = own_workspace("alerts"),
         .operation_id = "Alerts_Ingest",
         .tag = "Alerts",
         .summary = "Ingest alerts",
         .description = "One alert or a batch {\"alerts\": […]}. No api-version: this is not "
                        "a Sentinel route. Correlation and incident creation rules take the "
                        "alerts from here, after the response.",
         .body = body_doc{.schema = schema_ref("IngestRequest")},
         .query = {{.name = "correlation",
                    .description = "false: the alerts stay standalone (no correlation, no "
                                   "creation rules); an alert's own \"correlation\": false "
                                   "does the same for it.",
                    .schema = {{"type", "boolean"}, {"default", true}}}},
         .responses = {{.status = 200,
                        .description = "One alert that was already stored (same systemAlertId), "
                                       "or the outcome of a batch, item by item.",
                        .schema = std::move(ingested)},
                       {.status = 201,
                        .description = "The alert was stored.",
                        .schema = schema_ref("SecurityAlert")}}},
        {.method = verb::post,
         .path = own_workspace("alerts/manual"),
         .operation_id = "Alerts_CreateManual",
         .tag = "Alerts",
         .summary = "Raise a manual alert",
         .description = "Runs the alerts.create action, as playbooks do (detection source "
                        "Manual): the alert goes into the named incident or a new one.",
         .body = body_doc{.schema = schema_ref("ManualAlertRequest")},
         .responses = {{.status = 201,
                        .description = "The alert, its incident and the relation.",
                        .schema = schema_ref("ManualAlertResponse")}},
         .errors = {404}},
        {.method = verb::post,
         .path = own_workspace("alerts/{alertId}/runPlaybook"),
         .operation_id = "Alerts_RunPlaybook",
         .tag = "Manual trigger",
         .summary = "Run a playbook on an alert",
         .description = "The playbook must declare the manual or the alert trigger. "
                        "ctx.trigger is {event = \"manual\", workspace, alert, requestedBy}.",
         .body = body_doc{.schema = schema_ref("AlertRunPlaybookRequest")},
         .responses = {run_accepted("The run started.")},
         .errors = {404, 503}},
    };
}

std::vector<operation_doc> runner_routes() {
    return {
        {.method = verb::get,
         .path = "/api/v1/runs",
         .operation_id = "Runs_List",
         .tag = "Runs",
         .summary = "List runs",
         .description = "Newest first, without logs, actions and trigger payloads.",
         .query = {{.name = "playbook", .description = "Only runs of this playbook."},
                   {.name = "status",
                    .description = "Only runs with this status (running, succeeded, failed, "
                                   "timed-out, limit-exceeded, cancelled)."},
                   {.name = "top",
                    .description = "How many runs; $top works too.",
                    .schema = top_schema()}},
         .responses = {ok("RunList", "The runs.")},
         .errors = {400}},
        {.method = verb::get,
         .path = "/api/v1/runs/{runId}",
         .operation_id = "Runs_Get",
         .tag = "Runs",
         .summary = "Get a run",
         .responses = {ok("Run", "The whole run record.")},
         .errors = {404}},
        {.method = verb::post,
         .path = "/api/v1/runs/{runId}/cancel",
         .operation_id = "Runs_Cancel",
         .tag = "Runs",
         .summary = "Cancel a live run",
         .responses = {ok("RunCancelling", "The run is being cancelled.")},
         .errors = {404, 409}},
        {.method = verb::get,
         .path = "/api/v1/playbooks",
         .operation_id = "Playbooks_List",
         .tag = "Playbooks",
         .summary = "List playbooks",
         .responses = {ok("PlaybookList", "Loaded playbooks and files that failed to load.")}},
        {.method = verb::get,
         .path = "/api/v1/playbooks/{name}",
         .operation_id = "Playbooks_Get",
         .tag = "Playbooks",
         .summary = "Get a playbook",
         .responses = {ok("Playbook", "The playbook, with its source.")},
         .errors = {404}},
        {.method = verb::post,
         .path = "/api/v1/playbooks/{name}/runs",
         .operation_id = "Playbooks_Run",
         .tag = "Playbooks",
         .summary = "Run a playbook",
         .description = "The playbook must declare the manual trigger.",
         .body = body_doc{.schema = schema_ref("ManualRunRequest"), .required = false},
         .responses = {run_accepted("The run started.")},
         .errors = {404, 503}},
        {.method = verb::get,
         .path = "/api/v1/plugins",
         .operation_id = "Plugins_List",
         .tag = "Plugins",
         .summary = "List plugins and their actions",
         .responses = {ok("PluginList",
                          "Every action playbooks can call, with its input "
                          "schema, the errors it returns and an example of its output.")}},
    };
}

std::vector<operation_doc> webhook_routes() {
    return {
        {.method = verb::post,
         .path = "/api/v1/webhooks/{name}",
         .operation_id = "Webhooks_Invoke",
         .tag = "Webhooks",
         .summary = "Call a playbook's webhook",
         .description =
             "Authenticates as the playbook's webhook declares: an API token with the "
             "PlaybookOperator role (the default), a shared token header, an HMAC-SHA256 "
             "signature (X-Tocsin-Signature: sha256=<hex of \"<X-Tocsin-Timestamp>.<body>\">), or "
             "none. The body may be JSON, form fields or text. Asynchronous webhooks answer 202; "
             "synchronous ones the run's result.",
         .body = body_doc{.schema = nlohmann::json::object(),
                          .required = false,
                          .description = "Anything; the playbook sees it as ctx.trigger.body.",
                          .media_type = "*/*"},
         .responses = {{.status = 200,
                        .description = "Synchronous: the response the playbook returned "
                                       "({status, body, headers}; the status may be any).",
                        .schema = nlohmann::json::object(),
                        .media_type = "*/*"},
                       run_accepted("Asynchronous, or a synchronous run that outlasted its "
                                    "timeout: the run goes on."),
                       {.status = 204, .description = "Synchronous: the run returned nothing."}},
         .errors = {400, 401, 403, 404, 413, 429, 503}},
    };
}

// The form trigger (triggers/form/form_routes.hpp): pages for browsers, JSON for the rest.
std::vector<operation_doc> form_routes() {
    return {
        {.method = verb::get,
         .path = "/forms/{name}",
         .operation_id = "Forms_Get",
         .tag = "Forms",
         .summary = "Show a form",
         .description =
             "The HTML page of a playbook's form: a control per parameter and a CSRF token, in "
             "a hidden field and in the cookie tocsin_form_<name> (HttpOnly, SameSite=Strict, "
             "Path=/forms). Open unless the form declares auth = true (then an API token with "
             "playbooks.run). Errors are HTML when Accept prefers text/html, else ARM JSON.",
         .responses = {{.status = 200,
                        .description = "The form page.",
                        .schema = {{"type", "string"}},
                        .media_type = "text/html",
                        .headers = {{"Set-Cookie",
                                     "The CSRF cookie the page's post must carry."}}}},
         .errors = {401, 403, 404}},
        {.method = verb::post,
         .path = "/forms/{name}",
         .operation_id = "Forms_Submit",
         .tag = "Forms",
         .summary = "Submit a form",
         .description =
             "Runs the form's playbook with the answers as its parameters and waits for the run "
             "(up to the form's timeout_ms). Browsers post application/x-www-form-urlencoded with "
             "the CSRF field and cookie of GET /forms/{name} (403 without) and get HTML pages; "
             "JSON clients post a Microsoft Forms-shaped response (no CSRF token) and get JSON. "
             "Answers that do not fit their parameters are 400, with one detail per field. "
             "Submissions are rate-limited per client address.",
         .body = body_doc{.schema = schema_ref("FormSubmission"),
                          .description = "The JSON form of a submission; browsers send the "
                                         "same answers as form fields."},
         .responses = {{.status = 200,
                        .description = "The run ended; its result.",
                        .schema = schema_ref("FormSubmissionResult"),
                        .headers = {{"X-Tocsin-Run-Id", "The run id."}}},
                       run_accepted("The run outlasted the form's timeout and goes on.")},
         .errors = {400, 401, 403, 404, 413, 415, 429, 503}},
    };
}

}  // namespace

std::vector<operation_doc> own_operations() {
    std::vector<operation_doc> out;
    for (auto part : {alert_routes(), alert_read_routes(), runner_routes(), webhook_routes(),
                      form_routes(), token_routes(), operations_routes()}) {
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

}  // namespace tocsin::api::openapi
