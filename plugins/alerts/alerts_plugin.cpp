// Built-in plugin `alerts`: manual alerts raised by playbooks (detection source "Manual"), which
// open a new incident or join an existing one, and reads of alerts.
#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"
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
    std::function<json(const plugin::services&, const plugin::action_call&)> body) {
    plugin::action_descriptor a;
    a.name = "alerts." + name;
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
    a.system_alert_id = new_uuid();
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

}  // namespace

plugin::plugin_descriptor register_alerts() {
    plugin::plugin_descriptor p{"alerts", "1.0.0", "Alerts of the store; manual alerts", {}};
    field severity = choice_field("severity", false, "severity", names_of<model::severity>());
    severity.default_value = "Medium";
    field entities =
        make_field("entities", value_type::array, true,
                   "impacted entities, at least one: {kind, properties} or {kind, …fields}");
    entities.items = value_type::object;
    field top = make_field("top", value_type::integer, false, "most alerts returned (1..1000)");
    top.default_value = 50;
    field correlate = make_field("correlate", value_type::boolean, false,
                                 "let correlation and creation rules place the alert (when no "
                                 "incident is given)");
    correlate.default_value = false;
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
               true, create),
        action("get", "The alert, or nil, not_found.",
               {string_field("alert", true, "system alert id")}, false, get),
        action("list", "Alerts, newest first.",
               {string_field("product_name", false, "only this product"), top}, false, list),
        action("get_incidents", "Incidents the alert belongs to.",
               {string_field("alert", true, "system alert id")}, false, get_incidents),
    };
    return p;
}

}  // namespace tocsin::plugins
