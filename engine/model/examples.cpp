#include "engine/model/examples.hpp"

namespace tocsin::model {
namespace {

constexpr const char* incident_name = "7f3c2a10-5b1e-4c8a-9d2f-0a6b4e1c9d33";
constexpr const char* alert_id = "2b9e4f61-8c3d-4a7e-b5f0-1d2c3e4f5a6b";

time_point at(std::string_view text) {
    return *parse_time(text);
}

principal run_principal() {
    return {principal::kind::playbook, "run-0f1e2d3c", "tag-new-incidents"};
}

}  // namespace

entity example_entity() {
    entity e;
    e.kind = entity_kind::host;
    e.properties = {{"hostName", "ws-042"}, {"dnsDomain", "contoso.local"}};
    assign_identity(e);
    return e;
}

incident example_incident() {
    incident i;
    i.name = incident_name;
    i.number = 42;
    i.title = "Suspicious sign-in from a new country";
    i.description = "Sign-in to alice@contoso.com from an unfamiliar location";
    i.severity = severity::high;
    i.status = incident_status::active;
    i.owner.email = "analyst@contoso.com";
    i.owner.assigned_to = "Analyst One";
    i.owner.object_id = "0d9c8b7a-6f5e-4d3c-2b1a-000000000001";
    i.owner.user_principal_name = "analyst@contoso.com";
    i.owner.owner_type = owner_type::user;
    i.labels = {{"phishing", label_type::user}};
    i.first_activity = at("2024-05-01T09:28:00Z");
    i.last_activity = at("2024-05-01T09:30:00Z");
    i.provider_incident_id = "42";
    i.created = at("2024-05-01T09:30:05Z");
    i.last_modified = at("2024-05-01T09:31:00Z");
    i.etag = "0000a1b2-0000-0000-0000-000000000000";
    i.summary.alerts_count = 1;
    i.summary.comments_count = 1;
    i.summary.alert_product_names = {"Tocsin"};
    i.summary.tactics = {"InitialAccess"};
    i.summary.techniques = {"T1566"};
    return i;
}

alert example_alert() {
    alert a;
    a.system_alert_id = alert_id;
    a.display_name = "Phishing link clicked";
    a.alert_type = "ManualAlert";
    a.description = "alice@contoso.com opened a link reported as phishing";
    a.severity = severity::medium;
    a.status = alert_status::new_;
    a.product_name = "Tocsin";
    a.vendor_name = "Tocsin";
    a.detection_source = "Manual";
    a.category = "Phishing";
    a.tactics = {"InitialAccess"};
    a.techniques = {"T1566"};
    a.remediation_steps = {"Reset the user's password"};
    a.time_generated = at("2024-05-01T09:29:00Z");
    a.entities = {example_entity()};
    a.created = at("2024-05-01T09:29:01Z");
    return a;
}

comment example_comment() {
    comment c;
    c.name = "5c4b3a29-1807-4f6e-8d5c-4b3a29180706";
    c.incident_name = incident_name;
    c.message = "Host isolated by the playbook";
    c.author = run_principal();
    c.created = at("2024-05-01T09:31:00Z");
    c.last_modified = c.created;
    c.etag = "0000c3d4-0000-0000-0000-000000000000";
    return c;
}

task example_task() {
    task t;
    t.name = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    t.incident_name = incident_name;
    t.title = "Reset the user's password";
    t.description = "Force a password change for alice@contoso.com";
    t.created_by = run_principal();
    t.last_modified_by = t.created_by;
    t.created = at("2024-05-01T09:31:00Z");
    t.last_modified = t.created;
    t.etag = "0000e5f6-0000-0000-0000-000000000000";
    return t;
}

relation example_relation() {
    relation r;
    r.name = "3e2d1c0b-9a8f-4e7d-a6c5-b4a3e2d1c0b9";
    r.incident_name = incident_name;
    r.alert_id = alert_id;
    r.created = at("2024-05-01T09:30:05Z");
    return r;
}

}  // namespace tocsin::model
