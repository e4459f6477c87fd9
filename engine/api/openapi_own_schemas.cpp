// Tocsin's own shapes: alert ingest, manual alerts, playbooks, runs, plugins, tokens, the route
// listing and the health probes. They follow the serialisers (runner/run_record_json.cpp,
// runner/descriptions.cpp, auth::token_json, ingest_routes.cpp, runner_routes.cpp); the
// integration tests in tests/openapi check real answers against them.

#include <span>

#include "engine/api/openapi_schema_dsl.hpp"
#include "engine/api/openapi_schemas.hpp"
#include "engine/auth/roles.hpp"

namespace tocsin::api::openapi {

using namespace dsl;

namespace {

json role_names() {
    json out = {{"type", "string"}, {"enum", json::array()}};
    for (const auto r : auth::all_roles())
        out["enum"].push_back(auth::to_string(r));
    return out;
}

json ingest_alert() {
    return object(
        "One alert to ingest, flat or wrapped as {\"properties\": {…}} (the shape POST "
        "incidents/{incidentId}/alerts returns). Sentinel's SecurityAlert fields, writable here; "
        "alertDisplayName (or title) is required.",
        {{"systemAlertId", string("The alert's id; generated when absent. Ingesting an id that "
                                  "exists returns the stored alert (200): retries are safe.")},
         {"alertDisplayName", string("The display name of the alert (or title).")},
         {"title", string("Accepted for alertDisplayName.")},
         {"alertType", string("The type name of the alert.")},
         {"description", string("Alert description.")},
         {"severity", schema_ref("IncidentSeverity")},
         {"status", enum_of<model::alert_status>()},
         {"productName", string("The product that published the alert; correlation and "
                                "incident creation rules match on it.")},
         {"productComponentName", string()},
         {"productVersion", string()},
         {"vendorName", string()},
         {"providerAlertId", string()},
         {"detectionSource", string()},
         {"category", string()},
         {"compromisedEntity", string()},
         {"alertLink", string()},
         {"confidenceLevel", string()},
         {"confidenceScore", number()},
         {"tactics", array_of(string(), "MITRE ATT&CK tactics.")},
         {"techniques", array_of(string(), "MITRE ATT&CK technique ids.")},
         {"remediationSteps", array_of(string())},
         {"timeGenerated", date_time("When the alert was generated; now when absent.")},
         {"startTimeUtc", date_time()},
         {"endTimeUtc", date_time()},
         {"processingEndTime", date_time()},
         {"additionalData", any_object()},
         {"entities", array_of(schema_ref("IngestEntity"), "The alert's entities.")},
         {"correlation",
          boolean("Tocsin extension, default true. false: the alert stays standalone (no "
                  "correlation, no creation rules) and is never the reason another alert joins "
                  "an incident.")}});
}

json ingest_entity() {
    json out = object(
        "An entity: {\"kind\": \"Host\", \"hostName\": …} flat, or {\"kind\", \"properties\": "
        "{…}}. type is accepted for kind.",
        {{"kind", schema_ref("EntityKind")},
         {"properties", any_object("The entity's fields, when not given flat.")}},
        {"kind"});
    out["additionalProperties"] = true;
    return out;
}

json ingest_result() {
    return object(
        "The answer to a batch: one item per alert, in request order. Valid alerts are stored "
        "together even when others fail.",
        {{"value",
          array_of(object(
              "The outcome of one alert.",
              {{"status", integer("201 created, 200 already stored, or the "
                                  "error's status.")},
               {"alert", schema_ref("SecurityAlert")},
               {"error", object("The ARM error of this item.",
                                {{"code", string()}, {"message", string()}, {"target", string()}},
                                {"code", "message"})}},
              {"status"}))}},
        {"value"});
}

json manual_alert_request() {
    json out = object(
        "A manual alert, as Defender's create-alert wizard raises it. Unknown fields are "
        "refused.",
        {{"title", string("The alert's title.")},
         {"severity", schema_ref("IncidentSeverity")},
         {"category", string("e.g. InitialAccess.")},
         {"techniques", array_of(string(), "MITRE ATT&CK technique ids, e.g. T1078.")},
         {"tactics", array_of(string(), "MITRE ATT&CK tactics.")},
         {"description", string()},
         {"recommendedActions", array_of(string())},
         {"impactedAssets",
          array_of(schema_ref("IngestEntity"), "At least one impacted entity (or use entities).")},
         {"entities", array_of(schema_ref("IngestEntity"), "Accepted for impactedAssets.")},
         {"evidence", any_value("Free-form evidence, kept in the alert's additionalData.")},
         {"incident", string("An incident to attach the alert to; absent: see correlation.")},
         {"correlation",
          boolean("Default true: without an incident, correlation (and creation rules) place the "
                  "alert, or it gets a new incident; false: always a new incident.")}},
        {"title"});
    out["additionalProperties"] = false;
    return out;
}

json manual_alert_response() {
    return object("The alert, the incident that holds it and the relation's name.",
                  {{"alert", schema_ref("SecurityAlert")},
                   {"incident", schema_ref("Incident")},
                   {"relation", string("The relation's name.")},
                   {"correlation",
                    object("How the alert found its incident.",
                           {{"outcome", strings({"none", "joined", "created", "already_routed"})},
                            {"explanation", any_object("Why: the shared entity, the alert that "
                                                       "shares it, the window, or the rules.")}},
                           {"outcome"})}},
                  {"alert", "incident", "relation"});
}

json run() {
    return object(
        "A playbook run record. In lists, logs, actions and trigger.payload are left out.",
        {{"id", string("The run id.")},
         {"playbook", string("The playbook's name.")},
         {"version", string("The playbook's version.")},
         {"sha256", string("SHA-256 of the source the run executed.")},
         {"sourcePath", string("The playbook's file.")},
         {"trigger",
          object("What started the run.",
                 {{"kind", string("incident, alert, manual, webhook, schedule, email, form.")},
                  {"payload", any_value("ctx.trigger as the playbook saw it.")}},
                 {"kind"})},
         {"params", any_value("The run's parameters.")},
         {"status", string("running, succeeded, failed, timed-out, limit-exceeded or "
                           "cancelled.")},
         {"startedUtc", date_time()},
         {"endedUtc", date_time("Absent while the run is live.")},
         {"result", any_value("What run(ctx) returned.")},
         {"logs", array_of(any_object("{at, level, message}"), "ctx.log lines.")},
         {"actions", array_of(any_object("{sequence, name, input, output, error, …}"),
                              "Every action call, with inputs and outputs.")},
         {"error", string("Why the run failed.")},
         {"traceback", string("The Lua traceback of a failure.")}},
        {"id", "playbook", "trigger", "status", "startedUtc"});
}

json run_accepted() {
    return object("A run was started and not waited for; follow it at location.",
                  {{"runId", string("The run id.")},
                   {"status", strings({"running"})},
                   {"location", string("Absolute URL of GET /api/v1/runs/{runId}.")}},
                  {"runId", "status", "location"});
}

json manual_run_request() {
    return object(
        "A manual run. The body may be empty.",
        {{"params", any_object("The playbook's parameters, checked against its declaration.")},
         {"trigger", any_object("Extra fields of ctx.trigger (event and requestedBy are set by "
                                "the server).")},
         {"workspace",
          object("The workspace actions work in by default.",
                 {{"subscription", string()}, {"resourceGroup", string()}, {"name", string()}},
                 {"subscription", "resourceGroup", "name"})}});
}

json playbook() {
    json trigger_kind =
        strings({"incident", "alert", "webhook", "schedule", "email", "form", "manual"});
    json param_type =
        strings({"string", "number", "integer", "boolean", "table", "email", "text", "choice"});
    return object(
        "A loaded playbook.",
        {{"name", string()},
         {"version", string()},
         {"description", string()},
         {"triggers", array_of(object("A trigger the playbook declares.",
                                      {{"kind", std::move(trigger_kind)},
                                       {"filter", any_value("Which events start it.")},
                                       {"options", any_value("How the trigger reaches it.")}},
                                      {"kind"}))},
         {"params", array_of(object("A declared parameter.",
                                    {{"name", string()},
                                     {"type", std::move(param_type)},
                                     {"required", boolean()},
                                     {"description", string()},
                                     {"default", any_value()},
                                     {"choices", array_of(string())}},
                                    {"name", "type", "required"}))},
         {"sourcePath", string()},
         {"sha256", string()},
         {"source", string("The Lua source; only from GET /api/v1/playbooks/{name}.")}},
        {"name", "version", "description", "triggers", "params", "sourcePath", "sha256"});
}

json plugin_action() {
    return object(
        "An action: how playbooks call it, its input, what it returns and the errors it returns.",
        {{"name", string("Dotted name, e.g. incidents.add_labels.")},
         {"lua", string("How playbooks call it, e.g. tocsin.incidents.add_labels.")},
         {"description", string()},
         {"input", any_object("JSON Schema of the action's input.")},
         {"outputExample", any_value("An example of what the action returns (its result in Lua); "
                                     "null when the plugin documents none.")},
         {"errors", array_of(schema_ref("PluginActionError"),
                             "The operational errors it returns as nil, err, sorted by code.")},
         {"sideEffects", boolean()},
         {"idempotent", boolean()},
         {"defaultTimeoutMs", integer({}, "int64")},
         {"retryAttempts", integer()}},
        {"name", "lua", "input", "errors"});
}

json plugin() {
    return object("A plugin and the actions playbooks can call (as tocsin.<name>).",
                  {{"name", string()},
                   {"version", string()},
                   {"description", string()},
                   {"actions", array_of(schema_ref("PluginAction"))}},
                  {"name", "version", "actions"});
}

json token() {
    return object("An API token, never with its secret.",
                  {{"id", string()},
                   {"name", string()},
                   {"kind", strings({"app", "user"})},
                   {"roles", array_of(role_names())},
                   {"workspaces", array_of(string("sub/rg/ws"),
                                           "Workspaces it is limited to; empty: "
                                           "all.")},
                   {"created", date_time()},
                   {"createdBy", string()},
                   {"expires", nullable(date_time())},
                   {"revoked", nullable(date_time())},
                   {"status", strings({"active", "expired", "revoked"})}},
                  {"id", "name", "kind", "roles", "workspaces", "created", "status"});
}

json token_request() {
    return object("A token to issue.",
                  {{"name", string()},
                   {"roles", array_of(role_names(), "At least one role.")},
                   {"workspaces", array_of(string("sub/rg/ws"))},
                   {"expires", string("\"30d\", \"12h\", \"45m\", \"2w\" or an ISO 8601 time.")},
                   {"kind", strings({"app", "user"})}},
                  {"roles"});
}

json route_list() {
    return object("The route table.",
                  {{"value", array_of(object("A route.",
                                             {{"method", string()},
                                              {"path", string("The path template.")},
                                              {"permission", string("What the caller must be "
                                                                    "allowed to do; public: "
                                                                    "anyone.")}},
                                             {"method", "path", "permission"}))}},
                  {"value"});
}

json form_submission() {
    return object(
        "A form submission as Logic Apps' Microsoft Forms connector produces it. answers may "
        "also be a list [{questionId, answer}], or the question ids may sit beside responder "
        "and submitDate. Question ids are the playbook's parameter names; answers may be text.",
        {{"responder", string("The responder's e-mail address (ctx.trigger.responder).")},
         {"submitDate", string("When the response was submitted, as sent.")},
         {"answers", any_object("Question id → answer.")}});
}

json form_submission_result() {
    return object("The form's run ended.",
                  {{"status", string("The run's status: succeeded.")},
                   {"runId", string("The run id.")},
                   {"result", any_value("What the playbook returned.")}},
                  {"status", "runId", "result"});
}

}  // namespace

json own_schemas() {
    json token_created = token();
    token_created["properties"]["token"] =
        string("The token, tcn_<id>_<secret>: shown this once only.");
    token_created["required"].push_back("token");
    // An alert read on its own: the SecurityAlert resource and the incidents holding it.
    json alert_detail = incident_schemas().at("SecurityAlert");
    alert_detail["description"] =
        "Tocsin: a security alert, its entities and the incidents that hold it.";
    alert_detail["properties"]["entities"] =
        array_of(schema_ref("Entity"), "The alert's entities.");
    alert_detail["properties"]["incidents"] =
        array_of(object("An incident holding the alert.",
                        {{"name", string()},
                         {"incidentNumber", integer()},
                         {"title", string()},
                         {"status", schema_ref("IncidentStatus")}},
                        {"name", "incidentNumber", "title", "status"}));
    alert_detail["required"].push_back("incidents");
    alert_detail["required"].push_back("entities");
    return {
        {"AlertDetail", std::move(alert_detail)},
        {"SecurityAlertPage", list_of("SecurityAlert", "A page of alerts.", /*paged=*/true)},
        {"IngestAlert", ingest_alert()},
        {"IngestEntity", ingest_entity()},
        {"IngestBatch", object("Up to the configured batch size of alerts (larger: 413).",
                               {{"alerts", array_of(schema_ref("IngestAlert"))}}, {"alerts"})},
        {"IngestWrappedAlert", object("One alert wrapped as Sentinel returns it.",
                                      {{"properties", schema_ref("IngestAlert")}}, {"properties"})},
        {"IngestRequest",
         {{"description", "One alert (flat or wrapped in properties), or a batch {alerts: […]}."},
          {"anyOf", json::array({schema_ref("IngestAlert"), schema_ref("IngestWrappedAlert"),
                                 schema_ref("IngestBatch")})}}},
        {"IngestBatchResult", ingest_result()},
        {"ManualAlertRequest", manual_alert_request()},
        {"ManualAlertResponse", manual_alert_response()},
        {"AlertRunPlaybookRequest", object("The playbook to run on an alert.",
                                           {{"playbook", string("The playbook's name.")},
                                            {"params", any_object("The playbook's parameters.")}},
                                           {"playbook"})},
        {"Run", run()},
        {"RunList",
         object("Runs, newest first.", {{"value", array_of(schema_ref("Run"))}}, {"value"})},
        {"RunAccepted", run_accepted()},
        {"FormSubmission", form_submission()},
        {"FormSubmissionResult", form_submission_result()},
        {"RunCancelling",
         object("The run is being cancelled.",
                {{"id", string()}, {"status", strings({"cancelling"})}}, {"id", "status"})},
        {"ManualRunRequest", manual_run_request()},
        {"Playbook", playbook()},
        {"PlaybookList",
         object("The loaded playbooks, and the files that failed to load.",
                {{"value", array_of(schema_ref("Playbook"))},
                 {"problems", array_of(object("A file that did not load.",
                                              {{"file", string()},
                                               {"message", string("What is wrong, with "
                                                                  "file:line.")}},
                                              {"file", "message"}))}},
                {"value", "problems"})},
        {"Plugin", plugin()},
        {"PluginAction", plugin_action()},
        {"PluginActionError",
         object("An operational error an action returns as nil, err.",
                {{"code", string("err.code, e.g. not_found.")}, {"when", string("What it means.")}},
                {"code", "when"})},
        {"PluginList",
         object("The plugins.", {{"value", array_of(schema_ref("Plugin"))}}, {"value"})},
        {"Token", token()},
        {"TokenCreated", std::move(token_created)},
        {"TokenList",
         object("Tokens, oldest first.", {{"value", array_of(schema_ref("Token"))}}, {"value"})},
        {"TokenRequest", token_request()},
        {"RouteList", route_list()},
        {"Health", object("The process answers.", {{"status", strings({"ok"})}}, {"status"})},
        {"Readiness", object("The store answers too.",
                             {{"status", strings({"ready"})},
                              {"schemaVersion", integer("The store's schema version.")}},
                             {"status", "schemaVersion"})},
        {"OpenApiDocument", any_object("An OpenAPI 3.0 document: this one.")},
    };
}

}  // namespace tocsin::api::openapi
