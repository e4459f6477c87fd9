#pragma once
// The registry of plugins and their actions. Filled once at start-up (built-in plugins from the
// generated list, then shared-library plugins), read-only afterwards: lookups need no lock.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plugin/action.hpp"

namespace tocsin::plugin {

class registry {
  public:
    // Throws errc::already_exists for a plugin or action name registered twice, and
    // errc::invalid_argument for a malformed descriptor (action not prefixed by the plugin
    // name, no handler).
    void add(plugin_descriptor plugin);

    const action_descriptor* find(std::string_view action_name) const;
    const std::vector<std::unique_ptr<plugin_descriptor>>& plugins() const { return plugins_; }
    // Every action, sorted by name.
    std::vector<const action_descriptor*> actions() const;

    // Replaces every action's handler by wrap(action) (which may call the old one). Start-up
    // only: not safe while actions run.
    void wrap_handlers(const std::function<handler(const action_descriptor&)>& wrap);

    // Validates input and splits "notify:oncall"-style instance names; throws as validate_input.
    const action_descriptor& resolve(std::string_view qualified_name, std::string* instance) const;

  private:
    std::vector<std::unique_ptr<plugin_descriptor>> plugins_;
    std::map<std::string, const action_descriptor*, std::less<>> actions_;
};

}  // namespace tocsin::plugin
