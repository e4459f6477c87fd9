// Built-in plugin `alerts`: manual alerts raised by playbooks (detection source "Manual"), which
// open a new incident or join an existing one, and reads of alerts.
#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"
#include "engine/model/examples.hpp"
#include "engine/model/validation.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;
using plugin::field;
using plugin::value_type;

field string_array(std::string name, bool required, std::string description) {
    field f = make_field(std::move(name), value_type::array, required, std::move(description));
    f.items = value_type::string;
    return f;
}

std::vector<std::string> strings_of(const json& input, const char* name) {
    std::vector<std::string> out;
    if (auto it = input.find(name); it != input.end() && it->is_array())
        for (const auto& v : *it)
            out.push_back(v.get<std::string>());
    return out;
}

plugin::action_descriptor action(
    std::string name, std::string description, std::vector<field> fields, bool writes,
    std::function<json(const plugin::services&, const plugin::action_call&)> body,
    json output_example) {
    plugin::action_descriptor a;
    a.name = "alerts." + name;
    a.output_example = std::move(output_example);
    a.description = std::move(description);
    fields.push_back(workspace_field());
    a.input.fields = std::move(fields);
    a.side_effects = writes;
    a.idempotent = !writes;
    a.errors = {errc::not_found, errc::invalid_argument, errc::limit_exceeded, errc::unavailable};
    a.retry = {3, std::chrono::milliseconds(100), std::chrono::seconds(2)};
    a.run = plugin::blocking_handler(std::move(body));
    return a;
}

model::alert manual_alert(const json& in) {
    model::alert a;
    // Derived from the call's idempotency key would make a retried create return the same alert;
    // the key is per call, so a fresh id per attempt is the simple, correct choice for now.
    a.system_alert_id = new_time_ordered_uuid();
    a.display_name = text(in, "title");
    a.alert_type = "ManualAlert";
    a.description = text(in, "description");
    a.severity = *model::parse_enum<model::severity>(text(in, "severity"));
    a.category = text(in, "category");
    a.techniques = strings_of(in, "techniques");
    a.tactics = strings_of(in, "tactics");
    a.remediation_steps = strings_of(in, "recommended_actions");
    a.detection_source = "Manual";
    a.product_name = "Tocsin";
    a.vendor_name = "Tocsin";
    a.time_generated = default_clock().now();
    const auto& entities = in["entities"];
    if (entities.empty())
        throw error(errc::invalid_argument, "'entities' needs at least one impacted entity",
                    "entities");
    for (std::size_t i = 0; i < entities.size(); ++i)
        a.entities.push_back(
            model::entity_from_json(entities[i], "entities[" + std::to_string(i) + "]"));
    if (in.contains("evidence"))
        a.additional_data["evidence"] = in["evidence"];
    model::normalize(a);
    model::validate(a);
    return a;
}

// Three ways, by input: `incident` attaches the alert to it; `correlate` leaves it to the alert
// pipeline (correlation into an open incident, else creation rules: engine/automation), so the
// answer has no incident yet; otherwise a new incident of its own. Only a correlated alert takes
// part in correlation: the others are placed here and the pipeline leaves them alone.
json create(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto ctx = write_context_of(call);
    auto value = manual_alert(call.input);
    const std::string incident_name = text(call.input, "incident");
    const bool correlate = incident_name.empty() && call.input.value("correlate", false);
    value.correlation = correlate;
    if (!incident_name.empty())
        require_incident(svc.store, ws, incident_name);  // before writing anything
    auto alert = svc.store.create_alert(ws, std::move(value), ctx).value;
    if (correlate)
        return {{"alert", alert_json(alert)}, {"incident", nullptr}, {"relation", nullptr}};
    if (incident_name.empty()) {
        model::incident inc;
        inc.title = alert.display_name;
        inc.description = alert.description;
        inc.severity = alert.severity;
        auto created =
            svc.store.create_incident_with_alerts(ws, std::move(inc), {alert.system_alert_id}, ctx);
        const auto relations = svc.store.list_relations(ws, created.value.name);
        return {{"alert", alert_json(alert)},
                {"incident", incident_json(created.value)},
                {"relation", relations.empty() ? json(nullptr) : json(relations.front().name)}};
    }
    auto rel = svc.store.add_relation(ws, incident_name, "", alert.system_alert_id,
                                      model::sole_alert_policy::keep, ctx);
    return {{"alert", alert_json(alert)},
            {"incident", incident_json(require_incident(svc.store, ws, incident_name))},
            {"relation", rel.relation.name}};
}

json get(const plugin::services& svc, const plugin::action_call& call) {
    const auto id = text(call.input, "alert");
    auto found = svc.store.find_alert(workspace_of(svc, call.input), id);
    if (!found)
        not_found("alert", id, "alert");
    return alert_json(*found);
}

json list(const plugin::services& svc, const plugin::action_call& call) {
    store::alert_query q;
    if (auto p = text(call.input, "product_name"); !p.empty())
        q.product_name = p;
    q.top = static_cast<std::size_t>(call.input.value("top", 50));
    if (q.top < 1 || q.top > store::max_page_size)
        throw error(errc::invalid_argument,
                    "'top' must be from 1 to " + std::to_string(store::max_page_size), "top");
    json out = json::array();
    for (const auto& a : svc.store.list_alerts(workspace_of(svc, call.input), q).items)
        out.push_back(alert_json(a));
    return out;
}

json get_incidents(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto id = text(call.input, "alert");
    if (!svc.store.find_alert(ws, id))
        not_found("alert", id, "alert");
    json out = json::array();
    for (const auto& i : svc.store.incidents_of_alert(ws, id))
        out.push_back(incident_json(i));
    return out;
}

// Playbook-facing kind names, as entities.get takes them → model kinds.
std::optional<model::entity_kind> entity_kind_of(std::string_view name) {
    using k = model::entity_kind;
    static const std::pair<std::string_view, k> kinds[] = {
        {"accounts", k::account},     {"hosts", k::host},        {"ips", k::ip}, {"urls", k::url},
        {"filehashes", k::file_hash}, {"mailboxes", k::mailbox}, {"dns", k::dns}};
    for (const auto& [n, kind] : kinds)
        if (n == name)
            return kind;
    return std::nullopt;
}

// Open incidents the alert is not in, created within `hours`, that hold a correlatable alert
// generated within `hours` naming one of the alert's entities of `kind`. The walk is the store's
// correlation index (entity → alerts → incidents), so its cost follows the matches.
json incidents_sharing_entities(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto id = text(call.input, "alert");
    const auto hours = call.input.value("hours", 24);
    if (hours < 1 || hours > 720)
        throw error(errc::invalid_argument, "'hours' must be from 1 to 720", "hours");
    const auto alert = svc.store.find_alert(ws, id);
    if (!alert)
        not_found("alert", id, "alert");
    const auto kind = entity_kind_of(text(call.input, "kind"));
    std::vector<std::string> keys;
    for (const auto& e : svc.store.entities_of_alert(ws, id))
        if ((!kind || e.kind == *kind) && !e.identity_key.empty() &&
            std::find(keys.begin(), keys.end(), e.identity_key) == keys.end())
            keys.push_back(e.identity_key);
    const auto since = default_clock().now() - std::chrono::hours(hours);
    std::vector<std::string> holding;
    for (const auto& i : svc.store.incidents_of_alert(ws, id))
        holding.push_back(i.name);
    json out = json::array();
    for (const auto& c : svc.store.correlation_candidates(ws, keys, since, id)) {
        if (c.incident_created < since ||
            std::find(holding.begin(), holding.end(), c.incident_name) != holding.end())
            continue;
        out.push_back({{"incident", c.incident_name},
                       {"incidentNumber", c.incident_number},
                       {"createdTimeUtc", format_time(c.incident_created)},
                       {"alertsCount", c.alerts_count},
                       {"entity",
                        {{"kind", model::to_string(c.entity_kind)},
                         {"friendlyName", c.entity_friendly_name},
                         {"identityKey", c.identity_key}}},
                       {"sharedWithAlert", c.alert_id}});
    }
    return out;
}

}  // namespace

plugin::plugin_descriptor register_alerts() {
    plugin::plugin_descriptor p{"alerts", "1.0.0", "Alerts of the store; manual alerts", {}};
    field severity = choice_field("severity", false, "severity", names_of<model::severity>());
    severity.default_value = "Medium";
    field entities =
        make_field("entities", value_type::array, true,
                   "impacted entities, at least one: {kind, properties} or {kind, …fields}");
    entities.items = value_type::object;
    entities.example = json::array({{{"kind", "Host"}, {"properties", {{"hostName", "ws-042"}}}}});
    field top = make_field("top", value_type::integer, false, "most alerts returned (1..1000)");
    top.default_value = 50;
    field hours = make_field("hours", value_type::integer, false, "look-back window (1..720)");
    hours.default_value = 24;
    field correlate = make_field("correlate", value_type::boolean, false,
                                 "let correlation and creation rules place the alert (when no "
                                 "incident is given)");
    correlate.default_value = false;
    const json alert = alert_json(model::example_alert());
    const json incident = incident_json(model::example_incident());
    p.actions = {
        action("create",
               "Raises a manual alert and relates it to `incident`, or to a new incident; with "
               "correlate = true (and no incident) the alert pipeline places it, and incident is "
               "nil.",
               {string_field("title", true, "alert display name", model::max_title_length),
                severity, string_field("category", false, "category"),
                string_array("techniques", false, "MITRE technique ids (T1566, T1566.001)"),
                string_array("tactics", false, "MITRE tactics (InitialAccess, …)"),
                string_field("description", false, "description", model::max_description_length),
                string_array("recommended_actions", false, "remediation steps"), entities,
                make_field("evidence", value_type::object, false, "free-form evidence"),
                string_field("incident", false, "existing incident to attach to"), correlate},
               true, create,
               {{"alert", alert},
                {"incident", incident},
                {"relation", model::example_relation().name}}),
        action("get", "The alert, or nil, not_found.",
               {string_field("alert", true, "system alert id")}, false, get, alert),
        action("list", "Alerts, newest first.",
               {string_field("product_name", false, "only this product"), top}, false, list,
               json::array({alert})),
        action("get_incidents", "Incidents the alert belongs to.",
               {string_field("alert", true, "system alert id")}, false, get_incidents,
               json::array({incident})),
        action(
            "incidents_sharing_entities",
            "Open incidents, created in the last `hours`, that the alert is not in and that "
            "hold an alert generated in that time naming one of its entities (of `kind`): "
            "[{incident, incidentNumber, createdTimeUtc, alertsCount, entity = {kind, "
            "friendlyName, identityKey}, sharedWithAlert}], oldest first. Alerts ingested "
            "with correlation = false are never the shared side.",
            {string_field("alert", true, "system alert id"),
             choice_field("kind", false, "only entities of this kind",
                          {"accounts", "hosts", "ips", "urls", "filehashes", "mailboxes", "dns"}),
             hours},
            false, incidents_sharing_entities,
            json::array({{{"incident", incident["name"]},
                          {"incidentNumber", incident.value("incidentNumber", 12)},
                          {"createdTimeUtc", "2024-05-01T09:30:00Z"},
                          {"alertsCount", 3},
                          {"entity",
                           {{"kind", "Ip"},
                            {"friendlyName", "203.0.113.7"},
                            {"identityKey", "ip|address=203.0.113.7"}}},
                          {"sharedWithAlert", alert["name"]}}})),
    };
    return p;
}

}  // namespace tocsin::plugins
