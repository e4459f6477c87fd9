#include "engine/plugin/registry.hpp"

#include "engine/error.hpp"

namespace tocsin::plugin {

void registry::add(plugin_descriptor plugin) {
    for (const auto& existing : plugins_)
        if (existing->name == plugin.name)
            throw error(errc::already_exists, "plugin '" + plugin.name + "' is registered twice");
    auto owned = std::make_unique<plugin_descriptor>(std::move(plugin));
    for (const auto& a : owned->actions) {
        if (a.name.rfind(owned->name + ".", 0) != 0)
            throw error(errc::invalid_argument, "action '" + a.name + "' of plugin '" +
                                                    owned->name + "' must start with '" +
                                                    owned->name + ".'");
        if (!a.run)
            throw error(errc::invalid_argument, "action '" + a.name + "' has no handler");
        if (actions_.count(a.name))
            throw error(errc::already_exists, "action '" + a.name + "' is registered twice");
    }
    for (const auto& a : owned->actions)
        actions_.emplace(a.name, &a);
    plugins_.push_back(std::move(owned));
}

void registry::wrap_handlers(const std::function<handler(const action_descriptor&)>& wrap) {
    for (auto& p : plugins_)
        for (auto& a : p->actions)
            a.run = wrap(a);
}

const action_descriptor* registry::find(std::string_view action_name) const {
    const auto it = actions_.find(action_name);
    return it == actions_.end() ? nullptr : it->second;
}

std::vector<const action_descriptor*> registry::actions() const {
    std::vector<const action_descriptor*> out;
    for (const auto& [_, a] : actions_)
        out.push_back(a);
    return out;
}

const action_descriptor& registry::resolve(std::string_view qualified_name,
                                           std::string* instance) const {
    // "notify:oncall.post" → plugin instance "oncall", action "notify.post".
    std::string name(qualified_name);
    std::string inst;
    if (const auto colon = name.find(':'); colon != std::string::npos) {
        const auto dot = name.find('.', colon);
        if (dot == std::string::npos)
            throw error(errc::invalid_argument, "'" + name + "' is not an action name");
        inst = name.substr(colon + 1, dot - colon - 1);
        name = name.substr(0, colon) + name.substr(dot);
    }
    const auto* action = find(name);
    if (!action)
        throw error(errc::not_found, "no action named '" + name + "'");
    if (instance)
        *instance = std::move(inst);
    return *action;
}

}  // namespace tocsin::plugin
