#include "engine/runner/descriptions.hpp"

#include <algorithm>

#include "engine/plugin/action_reference.hpp"
#include "engine/plugin/schema.hpp"

namespace tocsin::runner {

using nlohmann::json;

json describe_playbook(const lua::playbook_definition& def, bool with_source) {
    json triggers = json::array();
    for (const auto& t : def.triggers) {
        json item = {{"kind", lua::to_string(t.kind)}};
        if (!t.filter.is_null())
            item["filter"] = t.filter;
        if (!t.options.is_null())
            item["options"] = t.options;
        triggers.push_back(std::move(item));
    }
    json params = json::array();
    for (const auto& p : def.params) {
        json item = {{"name", p.name},
                     {"type", lua::to_string(p.type)},
                     {"required", p.required},
                     {"description", p.description}};
        if (p.default_value)
            item["default"] = *p.default_value;
        if (!p.choices.empty())
            item["choices"] = p.choices;
        params.push_back(std::move(item));
    }
    json out = {{"name", def.name},
                {"version", def.version},
                {"description", def.description},
                {"triggers", std::move(triggers)},
                {"params", std::move(params)},
                {"sourcePath", def.source_path},
                {"sha256", def.sha256}};
    if (with_source)
        out["source"] = def.source;
    return out;
}

namespace {

// The same list, order and wording as the action reference (docs/actions.md): the codes from the
// descriptor, each with plugin::errc_meaning.
json action_errors(const plugin::action_descriptor& act) {
    auto codes = act.errors;
    std::sort(codes.begin(), codes.end(),
              [](errc x, errc y) { return std::string_view(to_string(x)) < to_string(y); });
    json out = json::array();
    for (auto code : codes)
        out.push_back({{"code", to_string(code)}, {"when", plugin::errc_meaning(code)}});
    return out;
}

}  // namespace

json describe_plugin(const plugin::plugin_descriptor& plugin) {
    json actions = json::array();
    for (const auto& act : plugin.actions)
        actions.push_back({{"name", act.name},
                           {"lua", "tocsin." + act.name},
                           {"description", act.description},
                           {"input", plugin::to_json_schema(act.input)},
                           {"outputExample", act.output_example},
                           {"errors", action_errors(act)},
                           {"sideEffects", act.side_effects},
                           {"idempotent", act.idempotent},
                           {"defaultTimeoutMs", act.default_timeout.count()},
                           {"retryAttempts", act.retry.attempts}});
    return {{"name", plugin.name},
            {"version", plugin.version},
            {"description", plugin.description},
            {"actions", std::move(actions)}};
}

}  // namespace tocsin::runner
