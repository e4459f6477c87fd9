// Built-in plugin `entities`: the entities of an incident's alerts or of one alert.
#include "engine/model/examples.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;

// Playbook-facing kind names → model kinds.
std::optional<model::entity_kind> kind_of(std::string_view name) {
    using k = model::entity_kind;
    if (name == "accounts")
        return k::account;
    if (name == "hosts")
        return k::host;
    if (name == "ips")
        return k::ip;
    if (name == "urls")
        return k::url;
    if (name == "filehashes")
        return k::file_hash;
    if (name == "mailboxes")
        return k::mailbox;
    if (name == "dns")
        return k::dns;
    return std::nullopt;
}

json get(const plugin::services& svc, const plugin::action_call& call) {
    const auto ws = workspace_of(svc, call.input);
    const auto incident = text(call.input, "incident");
    const auto alert = text(call.input, "alert");
    if (incident.empty() == alert.empty())
        throw error(errc::invalid_argument, "give exactly one of 'incident' and 'alert'",
                    "incident");
    std::vector<model::entity> found;
    if (!incident.empty()) {
        require_incident(svc.store, ws, incident);
        found = svc.store.entities_of_incident(ws, incident);
    } else {
        if (!svc.store.find_alert(ws, alert))
            not_found("alert", alert, "alert");
        found = svc.store.entities_of_alert(ws, alert);
    }
    const auto kind = kind_of(text(call.input, "kind"));
    json out = json::array();
    for (const auto& e : found)
        if (!kind || e.kind == *kind)
            out.push_back(model::entity_json(e));
    return out;
}

}  // namespace

plugin::plugin_descriptor register_entities() {
    plugin::plugin_descriptor p{"entities", "1.0.0", "Entities of incidents and alerts", {}};
    plugin::action_descriptor a;
    a.name = "entities.get";
    a.description =
        "Entities ({id, kind, properties}) of an incident or an alert, optionally of "
        "one kind.";
    a.input.fields = {
        with_example(string_field("incident", false, "incident name (or give alert)"),
                     model::example_incident().name),
        string_field("alert", false, "system alert id (or give incident)"),
        choice_field("kind", false, "only this kind",
                     {"accounts", "hosts", "ips", "urls", "filehashes", "mailboxes", "dns"}),
        workspace_field(),
    };
    a.output_example = json::array({model::entity_json(model::example_entity())});
    a.side_effects = false;
    a.idempotent = true;
    a.errors = {errc::not_found, errc::invalid_argument, errc::unavailable};
    a.retry = {3, std::chrono::milliseconds(100), std::chrono::seconds(2)};
    a.run = plugin::blocking_handler(get);
    p.actions.push_back(std::move(a));
    return p;
}

}  // namespace tocsin::plugins
