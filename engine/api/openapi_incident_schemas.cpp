// Sentinel's incident family: incidents and their owner, labels and additionalData; alerts and
// entities; relations, comments, tasks; the ARM error body. After Incidents.json,
// common/IncidentTypes.json, common/EntityTypes.json and common/2.0/types.json of api-version
// 2025-09-01; "Tocsin:" in a description marks what Tocsin adds to Sentinel's shape.

#include "engine/api/openapi_schema_dsl.hpp"
#include "engine/api/openapi_schemas.hpp"

namespace tocsin::api::openapi {

using namespace dsl;

namespace {

json client_info() {
    return object(
        "Information on the client (user, token or automation) that made some action.",
        {{"name", string("The name of the client.")},
         {"objectId", string("The object id of the client; left out when it is not a UUID "
                             "(Tocsin's own actors), since the SDKs type it as one.")},
         {"email", string("The email of the client.")},
         {"userPrincipalName", string("The user principal name of the client.")},
         {"kind", string("Tocsin: what kind of actor this is: user, token, automationRule, "
                         "playbook or system.")}});
}

json owner_info() {
    return object(
        "Information on the user an incident is assigned to. A PUT naming only objectId gets "
        "the details last seen with that objectId.",
        {{"objectId", string("The object id of the user the incident is assigned to.")},
         {"email", string("The email of the user the incident is assigned to.")},
         {"assignedTo", string("The name of the user the incident is assigned to.")},
         {"userPrincipalName", string("The user principal name of the user.")},
         {"ownerType", enum_of<model::owner_type>("The type of the owner; Unknown when not "
                                                  "given.")}});
}

json label() {
    return object("Represents an incident label. A bare string is accepted on PUT as a User label.",
                  {{"labelName", string("The name of the label.")},
                   {"labelType", enum_of<model::label_type>("The type of the label.")}},
                  {"labelName"});
}

json additional_data() {
    return read_only(
        object("Incident additional data, computed by the server.",
               {{"alertsCount", read_only(integer("The number of alerts in the incident."))},
                {"bookmarksCount", read_only(integer("The number of bookmarks in the incident."))},
                {"commentsCount", read_only(integer("The number of comments in the incident."))},
                {"tasksCount", read_only(integer("Tocsin: the number of tasks of the incident."))},
                {"alertProductNames",
                 read_only(array_of(string(), "Product names of the alerts in the incident."))},
                {"tactics", read_only(array_of(string(),
                                               "MITRE ATT&CK tactics of the incident's "
                                               "alerts (InitialAccess, Execution, …)."))},
                {"techniques", read_only(array_of(string(),
                                                  "MITRE ATT&CK technique ids of the "
                                                  "incident's alerts (T1078, …)."))}},
               {"alertsCount", "bookmarksCount", "commentsCount", "alertProductNames", "tactics"}));
}

json incident_properties() {
    return object(
        "Describes incident properties. On PUT only the writable fields are read; read-only "
        "ones sent back from a GET are ignored. Sentinel requires title, severity and status; "
        "Tocsin also accepts a body without severity (Medium) or status (New).",
        {{"title", string("The title of the incident.")},
         {"description", string("The description of the incident.")},
         {"severity", schema_ref("IncidentSeverity")},
         {"status", schema_ref("IncidentStatus")},
         {"classification", schema_ref("IncidentClassification")},
         {"classificationReason", schema_ref("IncidentClassificationReason")},
         {"classificationComment", string("Describes the reason the incident was closed.")},
         {"owner", described_ref("IncidentOwnerInfo", "The user the incident is assigned to.")},
         {"labels", array_of(schema_ref("IncidentLabel"), "Labels relevant to this incident.")},
         {"firstActivityTimeUtc", date_time("The time of the first activity in the incident.")},
         {"lastActivityTimeUtc", date_time("The time of the last activity in the incident.")},
         {"incidentNumber", read_only(integer("A sequential number, per workspace."))},
         {"createdTimeUtc", read_only(date_time("The time the incident was created."))},
         {"lastModifiedTimeUtc", read_only(date_time("The last time the incident was updated."))},
         {"incidentUrl", read_only(string("Link to the incident on this server."))},
         {"providerName",
          read_only(string("The name of the source provider that generated the incident."))},
         {"providerIncidentId",
          read_only(string("The incident id assigned by the incident provider."))},
         {"relatedAnalyticRuleIds",
          read_only(array_of(string(),
                             "Resource ids of analytic rules related to the "
                             "incident."))},
         {"additionalData", read_only_ref("IncidentAdditionalData")}},
        {"title", "severity", "status", "incidentNumber", "createdTimeUtc", "lastModifiedTimeUtc",
         "incidentUrl", "additionalData"});
}

json alert_properties() {
    return object(
        "SecurityAlert entity properties.",
        {{"systemAlertId", read_only(string("Holds the product identifier of the alert."))},
         {"alertDisplayName", read_only(string("The display name of the alert."))},
         {"alertType", read_only(string("The type name of the alert."))},
         {"description", read_only(string("Alert description."))},
         {"severity", read_only_ref("IncidentSeverity", "The severity of the alert.")},
         {"status", read_only(enum_of<model::alert_status>("The lifecycle status of the alert."))},
         {"productName", read_only(string("The name of a product which published this alert."))},
         {"productComponentName", read_only(string("The product component of the alert."))},
         {"productVersion", read_only(string("The version of the product of the alert."))},
         {"vendorName", read_only(string("The name of the vendor that raised the alert."))},
         {"providerAlertId", read_only(string("The identifier of the alert inside its product."))},
         {"detectionSource", read_only(string("Tocsin: where the alert was detected (e.g. "
                                              "Manual for manual alerts)."))},
         {"category", read_only(string("Tocsin: the alert's category."))},
         {"compromisedEntity",
          read_only(string("Display name of the main entity being reported on."))},
         {"alertLink", read_only(string("The uri link of the alert."))},
         {"confidenceLevel", read_only(string("The confidence level of this alert."))},
         {"confidenceScore", read_only(number("The confidence score of the alert."))},
         {"tactics", read_only(array_of(string(), "The tactics of the alert."))},
         {"techniques", read_only(array_of(string(), "Tocsin: MITRE ATT&CK technique ids."))},
         {"remediationSteps", read_only(array_of(string(),
                                                 "Manual action items to take to "
                                                 "remediate the alert."))},
         {"timeGenerated", read_only(date_time("The time the alert was generated."))},
         {"startTimeUtc", read_only(date_time("The impact start time of the alert."))},
         {"endTimeUtc", read_only(date_time("The impact end time of the alert."))},
         {"processingEndTime", read_only(date_time("The time the alert was made available."))},
         {"friendlyName", read_only(string("The graph item display name."))},
         {"additionalData", read_only(any_object("A bag of custom fields of the alert."))}},
        {"systemAlertId", "alertDisplayName", "severity", "status", "timeGenerated"});
}

json security_alert() {
    return object("Represents a security alert entity.",
                  {{"id", read_only(string("<workspace>/entities/{systemAlertId}."))},
                   {"name", read_only(string("The systemAlertId."))},
                   {"type", read_only(string("Microsoft.SecurityInsights/Entities."))},
                   {"kind", strings({"SecurityAlert"}, "The kind of the entity.")},
                   {"properties", schema_ref("SecurityAlertProperties")}},
                  {"id", "name", "type", "kind", "properties"});
}

json entity() {
    return object(
        "An entity related to an incident (account, host, ip, …); its properties depend on kind.",
        {{"id", read_only(string("<workspace>/entities/{name}."))},
         {"name", read_only(string("The entity's id."))},
         {"type", read_only(string("Microsoft.SecurityInsights/Entities."))},
         {"kind", schema_ref("EntityKind")},
         {"properties", any_object("The entity's fields as Sentinel names them for its kind, and "
                                   "friendlyName.")}},
        {"id", "name", "type", "kind", "properties"});
}

json entities_response() {
    return object(
        "The incident's related entities.",
        {{"entities", array_of(schema_ref("Entity"), "The incident's related entities.")},
         {"metaData", array_of(object("How many entities of one kind the result holds.",
                                      {{"entityKind", schema_ref("EntityKind")},
                                       {"count", integer("Number of entities of that kind.")}},
                                      {"entityKind", "count"}),
                               "Counts per kind, kinds in order of first appearance.")}},
        {"entities", "metaData"});
}

json relation_properties() {
    return object(
        "Relation property bag: the alert an incident holds.",
        {{"relatedResourceId",
          string(
              "The resource id of the related alert: "
              "<this workspace>/providers/Microsoft.SecurityInsights/entities/{systemAlertId}.")},
         {"relatedResourceName", read_only(string("The name of the related resource."))},
         {"relatedResourceType", read_only(string("The resource type of the related resource."))},
         {"relatedResourceKind", read_only(string("The resource kind of the related resource."))},
         {"soleAlertPolicy",
          strings({"keep", "close"},
                  "Tocsin: what happens to another incident whose only alert this relation "
                  "moves here (also the query option soleAlertPolicy); keep by default.")}},
        {"relatedResourceId"});
}

json comment_properties() {
    return object(
        "Incident comment property bag.",
        {{"message", string("The comment message.")},
         {"createdTimeUtc", read_only(date_time("The time the comment was created."))},
         {"lastModifiedTimeUtc", read_only(date_time("The time the comment was updated."))},
         {"author", read_only_ref("ClientInfo", "Who wrote the comment first.")}},
        {"message", "createdTimeUtc", "lastModifiedTimeUtc", "author"});
}

json task_properties() {
    return object(
        "Describes the properties of an incident task. Sentinel requires title and status; Tocsin "
        "also accepts a body without status (New).",
        {{"title", string("The title of the task.")},
         {"description", string("The description of the task.")},
         {"status", schema_ref("IncidentTaskStatus")},
         {"createdTimeUtc", read_only(date_time("The time the task was created."))},
         {"lastModifiedTimeUtc", read_only(date_time("The last time the task was updated."))},
         {"createdBy", read_only_ref("ClientInfo", "Who created the task.")},
         {"lastModifiedBy", read_only_ref("ClientInfo", "Who last changed the task.")}},
        {"title", "status", "createdTimeUtc", "lastModifiedTimeUtc"});
}

json activity() {
    return object(
        "Tocsin: one entry of an incident's activity log.",
        {{"id", integer("Increasing sequence number.", "int64")},
         {"incidentName", string("The incident the entry concerns.")},
         {"action", string("incident.created, incident.updated, incident.closed, "
                           "incident.deleted, relation.added, comment.added, task.added, …")},
         {"actor", schema_ref("ClientInfo")},
         {"timeUtc", date_time("When it happened.")},
         {"changes", array_of(object("One field's change.",
                                     {{"field", string("The changed field.")},
                                      {"before", any_value("The value before; null when absent.")},
                                      {"after", any_value("The value after; null when absent.")}},
                                     {"field"}),
                              "The fields the action changed.")},
         {"detail", any_object("Details of the action, e.g. alertId, reason.")}},
        {"id", "incidentName", "action", "actor", "timeUtc", "changes"});
}

json cloud_error() {
    return object(
        "The ARM error body every error answer carries.",
        {{"error",
          object("Error details.",
                 {{"code", string("An identifier for the error, e.g. NotFound, BadRequest, "
                                  "MissingApiVersionParameter, AuthorizationFailed.")},
                  {"message", string("A message describing the error, for people. 5xx answers "
                                     "carry a generic message; the detail is in the log.")},
                  {"target", string("The field or parameter the error is about, when it is "
                                    "about one.")}},
                 {"code", "message"})}},
        {"error"});
}

}  // namespace

json incident_schemas() {
    return {
        {"IncidentSeverity", enum_of<model::severity>("The severity of the incident or alert.")},
        {"IncidentStatus", enum_of<model::incident_status>("The status of the incident.")},
        {"IncidentClassification",
         enum_of<model::classification>("The reason the incident was closed.")},
        {"IncidentClassificationReason",
         enum_of<model::classification_reason>(
             "The classification reason the incident was closed with.")},
        {"IncidentTaskStatus", enum_of<model::task_status>("The status of the task.")},
        {"EntityKind", enum_of<model::entity_kind>("The kind of the entity.")},
        {"ClientInfo", client_info()},
        {"IncidentOwnerInfo", owner_info()},
        {"IncidentLabel", label()},
        {"IncidentAdditionalData", additional_data()},
        {"IncidentProperties", incident_properties()},
        {"Incident",
         arm_resource("Represents an incident.", "IncidentProperties", "Incident properties.")},
        {"IncidentList", list_of("Incident", "A page of incidents.", /*paged=*/true)},
        {"SecurityAlertProperties", alert_properties()},
        {"SecurityAlert", security_alert()},
        {"SecurityAlertList", list_of("SecurityAlert", "List of alerts.")},
        {"Entity", entity()},
        {"IncidentEntitiesResponse", entities_response()},
        {"RelationProperties", relation_properties()},
        {"Relation", arm_resource("Represents a relation between an incident and an alert.",
                                  "RelationProperties", "Relation properties.")},
        {"RelationList", list_of("Relation", "List of relations.")},
        {"IncidentCommentProperties", comment_properties()},
        {"IncidentComment", arm_resource("Represents an incident comment.",
                                         "IncidentCommentProperties", "Comment properties.")},
        {"IncidentCommentList", list_of("IncidentComment", "List of incident comments.")},
        {"IncidentTaskProperties", task_properties()},
        {"IncidentTask", arm_resource("Represents an incident task.", "IncidentTaskProperties",
                                      "Task properties.")},
        {"IncidentTaskList", list_of("IncidentTask", "List of incident tasks.")},
        {"IncidentActivity", activity()},
        {"IncidentActivityList",
         list_of("IncidentActivity", "Tocsin: an incident's activity log.")},
        {"CloudError", cloud_error()},
    };
}

}  // namespace tocsin::api::openapi
