// Built-in plugin `relations`: links between incidents and alerts, with the store's rules
// (≤ 150 alerts per incident, sole-alert policy) reported as nil, err.
#include "engine/core/time.hpp"
#include "engine/model/examples.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;
using plugin::field;

json relation_json(const model::relation& r) {
    return {{"name", r.name},
            {"incident", r.incident_name},
            {"alert", r.alert_id},
            {"createdTimeUtc", format_time(r.created)}};
}

plugin::action_descriptor action(
    std::string name, std::string description, std::vector<field> fields, bool writes,
    std::function<json(const plugin::services&, const plugin::action_call&)> body,
    json output_example) {
    plugin::action_descriptor a;
    a.name = "relations." + name;
    a.output_example = std::move(output_example);
    a.description = std::move(description);
    fields.insert(fields.begin(), string_field("incident", true, "incident name"));
    fields.push_back(workspace_field());
    a.input.fields = std::move(fields);
    a.side_effects = writes;
    a.idempotent = true;  // re-adding an identical relation is a no-op
    a.errors = {errc::not_found,      errc::already_exists,      errc::conflict,
                errc::limit_exceeded, errc::precondition_failed, errc::unavailable};
    a.retry = {3, std::chrono::milliseconds(100), std::chrono::seconds(2)};
    a.run = plugin::blocking_handler(std::move(body));
    return a;
}

json add(const plugin::services& svc, const plugin::action_call& call) {
    const auto policy = text(call.input, "sole_alert") == "close"
                            ? model::sole_alert_policy::close_other
                            : model::sole_alert_policy::keep;
    auto out = svc.store.add_relation(workspace_of(svc, call.input), text(call.input, "incident"),
                                      text(call.input, "relation_name"), text(call.input, "alert"),
                                      policy, write_context_of(call));
    json j = relation_json(out.relation);
    j["created"] = out.created;
    if (out.closed_incident)
        j["closedIncident"] = *out.closed_incident;
    return j;
}

json remove(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto incident = text(call.input, "incident");
    auto name = text(call.input, "relation_name");
    const auto alert = text(call.input, "alert");
    if (name.empty() == alert.empty())
        throw error(errc::invalid_argument, "give exactly one of 'relation_name' and 'alert'",
                    "relation_name");
    if (name.empty()) {
        for (const auto& r : svc.store.list_relations(ws, incident))
            if (model::iequals(r.alert_id, alert))
                name = r.name;
        if (name.empty())
            not_found("relation to alert", alert, "alert");
    }
    if (!svc.store.remove_relation(ws, incident, name, write_context_of(call)))
        not_found("relation", name, "relation_name");
    return json{{"removed", name}};
}

json list(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto incident = text(call.input, "incident");
    require_incident(svc.store, ws, incident);
    json out = json::array();
    for (const auto& r : svc.store.list_relations(ws, incident))
        out.push_back(relation_json(r));
    return out;
}

}  // namespace

plugin::plugin_descriptor register_relations() {
    plugin::plugin_descriptor p{"relations", "1.0.0", "Incident-alert relations", {}};
    field sole = choice_field("sole_alert", false,
                              "keep: leave another incident whose only alert this is; close: "
                              "close it",
                              {"keep", "close"});
    sole.default_value = "keep";
    const json relation = relation_json(model::example_relation());
    json added = relation;
    added["created"] = true;
    p.actions = {
        action("add",
               "Adds the alert to the incident: the relation, `created` (false when it already "
               "existed) and `closedIncident` when sole_alert = \"close\" closed another incident.",
               {string_field("alert", true, "system alert id"),
                string_field("relation_name", false, "relation name; generated when absent"), sole},
               true, add, added),
        action("remove", "Removes a relation, by name or by alert.",
               {string_field("relation_name", false, "relation name"),
                with_example(string_field("alert", false, "system alert id"),
                             model::example_alert().system_alert_id)},
               true, remove, {{"removed", model::example_relation().name}}),
        action("list", "Relations of the incident.", {}, false, list, json::array({relation})),
    };
    return p;
}

}  // namespace tocsin::plugins
