#include "engine/runner/trigger_payloads.hpp"

#include "engine/model/examples.hpp"
#include "engine/model/json.hpp"
#include "engine/runner/event_triggers.hpp"

namespace tocsin::runner {
namespace {

using nlohmann::json;

constexpr const char* workspace_key = "00000000-0000-0000-0000-000000000000/soc/sentinel";

json payload_of(event_type type) {
    domain_event e;
    e.type = type;
    e.workspace_key = workspace_key;
    e.incident = std::make_shared<model::incident>(model::example_incident());
    e.alert = std::make_shared<model::alert>(model::example_alert());
    e.incident_name = e.incident->name;
    e.alert_id = e.alert->system_alert_id;
    e.relation_name = model::example_relation().name;
    if (type == event_type::incident_updated) {
        // Closing is the update that adds members (classification, reason, comment).
        auto closed = model::example_incident();
        closed.status = model::incident_status::closed;
        closed.classification = model::classification::true_positive;
        closed.reason = model::classification_reason::suspicious_activity;
        closed.classification_comment = "Confirmed with the user";
        e.incident = std::make_shared<model::incident>(std::move(closed));
        e.changes = {{"status", "Active", "Closed"},
                     {"labels", json::array(), json::array({{{"labelName", "phishing"}}})}};
    }
    return trigger_of(e)->payload;
}

json without(json value, std::initializer_list<const char*> keys) {
    for (const char* k : keys)
        value.erase(k);
    return value;
}

trigger_payload incident() {
    return {"incident",
            "Incident",
            "an incident was created (or, with options.events, updated or given an alert).",
            {payload_of(event_type::incident_created), payload_of(event_type::incident_updated),
             payload_of(event_type::alert_related)}};
}

trigger_payload alert() {
    return {"alert", "Alert", "an alert was created.", {payload_of(event_type::alert_created)}};
}

// triggers/webhook/webhook_exchange.cpp, webhook_payload().
trigger_payload webhook() {
    const json base = {
        {"webhook", "edr-alerts"},
        {"method", "POST"},
        {"path", "/api/v1/webhooks/edr-alerts"},
        {"headers", {{"content-type", "application/json"}, {"user-agent", "edr/2.1"}}},
        {"query", {{"source", "edr"}}},
        {"body", {{"host", "ws-042"}, {"verdict", "malicious"}}},
        {"content_type", "application/json"},
        {"remote_address", "203.0.113.7"},
        {"received_at", "2024-05-01T09:30:00Z"}};
    json text_body = base;
    text_body["body"] = "host=ws-042";
    return {
        "webhook",
        "Webhook",
        "an HTTP request to the playbook's webhook; body is the decoded JSON for JSON requests, "
        "else the text.",
        {base, text_body},
        {"headers", "query"}};
}

// triggers/schedule/schedule_component.cpp (fire) and schedule_spec::describe().
trigger_payload schedule() {
    const json base = {{"kind", "schedule"},
                       {"scheduled_at", "2024-05-01T09:30:00Z"},
                       {"fired_at", "2024-05-01T09:30:00.012Z"},
                       {"missed", false}};
    json cron = base;
    cron["cron"] = "*/15 * * * *";
    cron["timezone"] = "Europe/Berlin";
    json every = base;
    every["every"] = "15m";
    return {"schedule",
            "Schedule",
            "the schedule fired (missed = true for a catch-up after downtime); cron and timezone, "
            "or every, as declared.",
            {cron, every}};
}

// triggers/email/email_payload.hpp (the shape is documented there) and email_component.cpp.
trigger_payload email() {
    const json address = {{"name", "Alice"}, {"address", "alice@fabrikam.com"}};
    const json attachment = {
        {"name", "invoice.pdf"},
        {"content_type", "application/pdf"},
        {"disposition", "attachment"},
        {"content_id", ""},
        {"size", 48213},
        {"sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
        {"content", "JVBERi0xLjQK"},
        {"truncated", false},
        {"message",
         {{"subject", "Fwd: invoice"},
          {"from", address},
          {"date", "2024-05-01T09:00:00Z"},
          {"message_id", "orig@fabrikam.com"}}}};
    const json full = {
        {"kind", "email"},
        {"mailbox", "soc@contoso.com"},
        {"queue_id", "6F3A0C2B9D1E4A57"},
        {"received_at", "2024-05-01T09:30:00Z"},
        {"envelope",
         {{"from", "alice@fabrikam.com"},
          {"to", {"soc@contoso.com"}},
          {"helo", "mail.fabrikam.com"},
          {"remote_address", "203.0.113.7"},
          {"tls", true}}},
        {"from", address},
        {"to", {{{"name", "SOC"}, {"address", "soc@contoso.com"}}}},
        {"cc", json::array()},
        {"reply_to", address},
        {"subject", "Suspicious login"},
        {"date", "2024-05-01T09:29:58Z"},
        {"message_id", "id@fabrikam.com"},
        {"importance", "high"},
        {"body", "plain text"},
        {"body_truncated", false},
        {"html", "<p>plain text</p>"},
        {"html_truncated", false},
        {"attachments", {attachment, without(attachment, {"content", "message"})}},
        {"attachments_truncated", false},
        {"headers", {{"received", {"from mail.fabrikam.com"}}, {"x-mailer", "Outlook"}}},
        {"size", 51234},
        {"sha256", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
    };
    return {
        "email",
        "Email",
        "a message arrived for one of the engine's mailboxes (from, reply_to, date, html and an "
        "attachment's content and message may be absent).",
        {full, without(full, {"from", "reply_to", "date", "html"})},
        {"headers"}};
}

// triggers/form/form_exchange.cpp, form_trigger().
trigger_payload form() {
    const json full = {{"kind", "form"},
                       {"form", "report-phishing"},
                       {"responder", "alice@contoso.com"},
                       {"submitted_at", "2024-05-01T09:30:00Z"},
                       {"answers", {{"q1", "I clicked the link"}}},
                       {"remote_address", "203.0.113.7"},
                       {"submit_date", "2024-05-01T09:29:50Z"},
                       {"requested_by", {{"id", "token-1"}, {"name", "forms-bridge"}}}};
    json anonymous = without(full, {"submit_date", "requested_by"});
    anonymous["responder"] = nullptr;
    return {"form",
            "Form",
            "a form was submitted; answers maps question ids to answers (responder is nil for "
            "anonymous forms).",
            {full, anonymous},
            {"answers"}};
}

// engine/api/runner_routes.cpp: the playbook's manual run, and runPlaybook on an incident,
// entity or alert.
trigger_payload manual() {
    const json requested_by = {{"id", "token-1"}, {"name", "soar-bot"}};
    json incident = model::incident_properties(model::example_incident());
    incident["name"] = model::example_incident().name;
    json alert = model::alert_properties(model::example_alert());
    alert["name"] = model::example_alert().system_alert_id;
    const json workspace = {{"subscription", "00000000-0000-0000-0000-000000000000"},
                            {"resourceGroup", "soc"},
                            {"name", "sentinel"}};
    return {"manual",
            "Manual",
            "a person or client ran the playbook: with the caller's own trigger fields, or the "
            "incident, alert or entity it was run on.",
            {{{"event", "manual"}, {"requestedBy", requested_by}},
             {{"event", "manual"},
              {"requestedBy", requested_by},
              {"workspace", workspace},
              {"incident", incident}},
             {{"event", "manual"},
              {"requestedBy", requested_by},
              {"workspace", workspace},
              {"alert", alert}},
             {{"event", "manual"},
              {"requestedBy", requested_by},
              {"workspace", workspace},
              {"entity", model::entity_json(model::example_entity())}}},
            {},
            true};
}

}  // namespace

std::vector<trigger_payload> trigger_payloads() {
    return {incident(), alert(), webhook(), schedule(), email(), form(), manual()};
}

}  // namespace tocsin::runner
