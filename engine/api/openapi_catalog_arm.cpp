// The Sentinel-compatible operations, with the operationIds of Microsoft's specification so
// that clients generated from either call the same methods.

#include <cctype>

#include "engine/api/arm_paths.hpp"
#include "engine/api/openapi_catalog.hpp"
#include "engine/api/openapi_catalog_answers.hpp"
#include "engine/api/openapi_schema_dsl.hpp"
#include "engine/store/query.hpp"

namespace tocsin::api::openapi {

namespace {

using dsl::schema_ref;
using http::verb;

body_doc put_body(std::string_view component, std::string_view what) {
    return {.schema = schema_ref(component),
            .description = std::string(what) +
                           " Only writable properties are read. An etag in the body (as the SDKs "
                           "send it) or an If-Match header makes the write conditional: 409 when "
                           "the resource changed since. A body etag for a resource that does not "
                           "exist creates it."};
}

std::vector<query_doc> incident_list_query() {
    nlohmann::json top = {
        {"type", "integer"}, {"minimum", 1}, {"maximum", store::max_page_size}, {"default", 50}};
    return {
        {.name = "$filter",
         .description =
             "OData filter over incident properties, e.g. properties/status eq 'New' and "
             "properties/severity eq 'High'; also contains/startswith/endswith, not, "
             "parentheses and properties/labels/any(l: l/labelName eq 'x')."},
        {.name = "$orderby",
         .description = "Comma-separated properties, each optionally asc or desc, e.g. "
                        "properties/createdTimeUtc desc."},
        {.name = "$top", .description = "Incidents per page.", .schema = std::move(top)},
        {.name = "$skipToken",
         .description = "Opaque continuation from a nextLink; use the nextLink as it is."},
    };
}

std::vector<operation_doc> incident_operations() {
    return {
        {.method = verb::get,
         .path = arm_template("incidents"),
         .operation_id = "Incidents_List",
         .tag = "Incidents",
         .summary = "List incidents",
         .description = "Pages of 50 unless $top says otherwise; nextLink continues.",
         .query = incident_list_query(),
         .responses = {ok("IncidentList", "A page of incidents.")}},
        {.method = verb::get,
         .path = arm_template("incidents/{incidentId}"),
         .operation_id = "Incidents_Get",
         .tag = "Incidents",
         .summary = "Get an incident",
         .responses = get_answer("Incident", "incident"),
         .errors = {404}},
        {.method = verb::put,
         .path = arm_template("incidents/{incidentId}"),
         .operation_id = "Incidents_CreateOrUpdate",
         .tag = "Incidents",
         .summary = "Create or replace an incident",
         .body = put_body("Incident", "The incident."),
         .responses = put_answers("Incident", "Incident"),
         .errors = {409}},
        {.method = verb::delete_,
         .path = arm_template("incidents/{incidentId}"),
         .operation_id = "Incidents_Delete",
         .tag = "Incidents",
         .summary = "Delete an incident",
         .description = conditional_delete,
         .responses = delete_answers("Incident"),
         .errors = {409}},
        {.method = verb::post,
         .path = arm_template("incidents/{incidentId}/alerts"),
         .operation_id = "Incidents_ListAlerts",
         .tag = "Incidents",
         .summary = "List the incident's alerts",
         .responses = {ok("SecurityAlertList", "The incident's alerts.")}},
        {.method = verb::post,
         .path = arm_template("incidents/{incidentId}/entities"),
         .operation_id = "Incidents_ListEntities",
         .tag = "Incidents",
         .summary = "List the incident's entities",
         .responses = {ok("IncidentEntitiesResponse", "The entities and counts per kind.")}},
        {.method = verb::get,
         .path = arm_template("incidents/{incidentId}/activities"),
         .operation_id = "IncidentActivities_List",
         .tag = "Incidents",
         .summary = "List the incident's activity log",
         .description = "A Tocsin extension: who changed what, oldest first. The log outlives "
                        "a deleted incident.",
         .responses = {ok("IncidentActivityList", "The activity log.")},
         .errors = {404}},
    };
}

// Relations, comments and tasks share their read and delete routes (arm_child_routes.hpp).
struct child {
    std::string collection;  // "relations"
    std::string id_param;    // "relationName"
    std::string prefix;      // "IncidentRelations"
    std::string tag;
    std::string noun;  // "relation"
    std::string component;
    std::string list_component;
    std::string put_description;
    std::vector<int> put_errors;
};

// "a b": two descriptions, either possibly empty.
std::string joined(const std::string& a, const std::string& b) {
    return a.empty() || b.empty() ? a + b : a + " " + b;
}

std::vector<operation_doc> child_operations(const child& c, const std::string& note = {}) {
    const auto list_path = arm_template("incidents/{incidentId}/" + c.collection);
    const auto item_path =
        arm_template("incidents/{incidentId}/" + c.collection + "/{" + c.id_param + "}");
    auto capital = c.noun;
    capital[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capital[0])));
    return {
        {.method = verb::get,
         .path = list_path,
         .operation_id = c.prefix + "_List",
         .tag = c.tag,
         .summary = "List the incident's " + c.collection,
         .description = note,
         .responses = {ok(c.list_component, "The " + c.collection + ".")}},
        {.method = verb::get,
         .path = item_path,
         .operation_id = c.prefix + "_Get",
         .tag = c.tag,
         .summary = "Get a " + c.noun,
         .description = note,
         .responses = get_answer(c.component, c.noun),
         .errors = {404}},
        {.method = verb::put,
         .path = item_path,
         .operation_id = c.prefix + "_CreateOrUpdate",
         .tag = c.tag,
         .summary = "Create or update a " + c.noun,
         .description = joined(c.put_description, note),
         .body = put_body(c.component, "The " + c.noun + "."),
         .responses = put_answers(c.component, capital),
         .errors = c.put_errors},
        {.method = verb::delete_,
         .path = item_path,
         .operation_id = c.prefix + "_Delete",
         .tag = c.tag,
         .summary = "Delete a " + c.noun,
         .description = joined(conditional_delete, note),
         .responses = delete_answers(capital),
         .errors = {409}},
    };
}

std::vector<operation_doc> relation_operations() {
    auto ops = child_operations(
        {.collection = "relations",
         .id_param = "relationName",
         .prefix = "IncidentRelations",
         .tag = "Incident relations",
         .noun = "relation",
         .component = "Relation",
         .list_component = "RelationList",
         .put_description =
             "Relates an alert of the same workspace to the incident. An alert already related "
             "to this incident, a full incident (150 alerts) or an alert of an external "
             "provider answers 400.",
         .put_errors = {404, 409}});
    // Which incident becomes empty when its only alert moves is the caller's choice.
    ops[2].query.push_back(
        {.name = "soleAlertPolicy",
         .description = "keep (default) or close: what happens to another incident whose only "
                        "alert this relation moves here.",
         .schema = dsl::strings({"keep", "close"})});
    return ops;
}

std::vector<operation_doc> automation_rule_operations() {
    const auto list_path = arm_template("automationRules");
    const auto item_path = arm_template("automationRules/{automationRuleId}");
    return {
        {.method = verb::get,
         .path = list_path,
         .operation_id = "AutomationRules_List",
         .tag = "Automation rules",
         .summary = "List automation rules",
         .responses = {ok("AutomationRuleList", "The rules.")}},
        {.method = verb::get,
         .path = item_path,
         .operation_id = "AutomationRules_Get",
         .tag = "Automation rules",
         .summary = "Get an automation rule",
         .responses = get_answer("AutomationRule", "rule"),
         .errors = {404}},
        {.method = verb::put,
         .path = item_path,
         .operation_id = "AutomationRules_CreateOrUpdate",
         .tag = "Automation rules",
         .summary = "Create or replace an automation rule",
         .description = "Conditions of type PropertyArray and Boolean, the AddIncidentTask "
                        "action and the IncidentCustomDetails property names need "
                        "api-version 2025-09-01; older versions answer 400 naming the field.",
         .body = put_body("AutomationRule", "The rule."),
         .responses = put_answers("AutomationRule", "Rule"),
         .errors = {409}},
        {.method = verb::delete_,
         .path = item_path,
         .operation_id = "AutomationRules_Delete",
         .tag = "Automation rules",
         .summary = "Delete an automation rule",
         .description = conditional_delete,
         .responses = delete_answers("Rule"),
         .errors = {409}},
    };
}

std::vector<operation_doc> alert_rule_operations() {
    const auto list_path = arm_template("alertRules");
    const auto item_path = arm_template("alertRules/{ruleId}");
    return {
        {.method = verb::get,
         .path = list_path,
         .operation_id = "AlertRules_List",
         .tag = "Alert rules",
         .summary = "List incident creation rules",
         .responses = {ok("AlertRulesList", "The rules, by name.")}},
        {.method = verb::get,
         .path = item_path,
         .operation_id = "AlertRules_Get",
         .tag = "Alert rules",
         .summary = "Get an incident creation rule",
         .responses = get_answer("MicrosoftSecurityIncidentCreationAlertRule", "rule"),
         .errors = {404}},
        {.method = verb::put,
         .path = item_path,
         .operation_id = "AlertRules_CreateOrUpdate",
         .tag = "Alert rules",
         .summary = "Create or replace an incident creation rule",
         .description = "Only kind MicrosoftSecurityIncidentCreation is supported; other kinds "
                        "(Scheduled, NRT, Fusion, …) answer 400 naming \"kind\". productFilter "
                        "takes a product name or, as a Tocsin extension, an array of them.",
         .body = put_body("MicrosoftSecurityIncidentCreationAlertRule", "The rule."),
         .responses = put_answers("MicrosoftSecurityIncidentCreationAlertRule", "Rule"),
         .errors = {409}},
        {.method = verb::delete_,
         .path = item_path,
         .operation_id = "AlertRules_Delete",
         .tag = "Alert rules",
         .summary = "Delete an incident creation rule",
         .description = conditional_delete,
         .responses = delete_answers("Rule"),
         .errors = {409}},
    };
}

std::vector<operation_doc> manual_trigger_operations() {
    const std::vector<std::pair<std::string, std::string>> run_header = {
        {"X-Tocsin-Run-Id", "The id of the run started; follow it at /api/v1/runs/{runId}."}};
    return {
        {.method = verb::post,
         .path = arm_template("incidents/{incidentId}/runPlaybook"),
         .operation_id = "Incidents_RunPlaybook",
         .tag = "Manual trigger",
         .summary = "Run a playbook on an incident",
         .description = "The playbook must declare the manual or the incident trigger. "
                        "ctx.trigger is {event = \"manual\", workspace, incident, requestedBy}.",
         .body = body_doc{.schema = schema_ref("ManualTriggerRequestBody")},
         .responses = {{.status = 204,
                        .description = "The run started (its record is stored).",
                        .headers = run_header}},
         .errors = {400, 404, 503}},
        {.method = verb::post,
         .path = arm_template("entities/{entityId}/runPlaybook"),
         .operation_id = "Entities_RunPlaybook",
         .tag = "Manual trigger",
         .summary = "Run a playbook on an entity",
         .description = "The playbook must declare the manual trigger. ctx.trigger is "
                        "{event = \"manual\", workspace, entity, requestedBy[, incident]}.",
         .body = body_doc{.schema = schema_ref("EntityManualTriggerRequestBody")},
         .responses = {{.status = 204,
                        .description = "The run started (its record is stored).",
                        .headers = run_header}},
         .errors = {400, 404, 503}},
    };
}

}  // namespace

std::vector<operation_doc> arm_operations() {
    std::vector<operation_doc> out;
    auto append = [&out](std::vector<operation_doc> more) {
        out.insert(out.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
    };
    append(incident_operations());
    append(relation_operations());
    append(child_operations({.collection = "comments",
                             .id_param = "incidentCommentId",
                             .prefix = "IncidentComments",
                             .tag = "Incident comments",
                             .noun = "comment",
                             .component = "IncidentComment",
                             .list_component = "IncidentCommentList",
                             .put_description = "The author is whoever writes the comment "
                                                "first; a re-PUT changes the message only.",
                             .put_errors = {404, 409}}));
    append(child_operations({.collection = "tasks",
                             .id_param = "incidentTaskId",
                             .prefix = "IncidentTasks",
                             .tag = "Incident tasks",
                             .noun = "task",
                             .component = "IncidentTask",
                             .list_component = "IncidentTaskList",
                             .put_description = {},
                             .put_errors = {404, 409}},
                            "Other api-versions than 2025-09-01 answer 400 "
                            "NoRegisteredProviderFound."));
    append(automation_rule_operations());
    append(alert_rule_operations());
    append(watchlist_operations());
    append(manual_trigger_operations());
    return out;
}

}  // namespace tocsin::api::openapi
