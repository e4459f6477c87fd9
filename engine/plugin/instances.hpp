#pragma once
// Configured plugin instances. The config key plugins.instances maps "plugin:instance" (or just
// "plugin", the default instance) to that instance's settings:
//
//   "plugins": { "instances": {
//       "notify:oncall": { "url": "secret:ONCALL_WEBHOOK" },
//       "http:intel":    { "base_url": "https://intel.example", "headers": { "X-Key":
//       "secret:INTEL_KEY" } }
//   } }
//
// A playbook picks an instance with the reserved `_instance` argument
// (tocsin.notify.webhook{ _instance = "oncall", ... }); without it the default instance's
// settings apply (none: an empty object).
//
// bind_instances() wraps every action's handler so that each call gets its instance's settings,
// services::secrets, and redaction of secret values in its output and error message.
// Thread-safety: an instance_table is immutable once built; bound handlers run on any thread.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/plugin/registry.hpp"
#include "engine/plugin/secrets.hpp"

namespace tocsin::plugin {

class instance_table {
  public:
    // Checks plugins.instances against `plugins`: every key names a registered plugin and a
    // valid instance name, settings match the plugin's settings schema, and every secret they
    // reference is defined in `secrets`. Throws tocsin::error(errc::config) naming the key.
    static instance_table parse(const nlohmann::json& config_value, const registry& plugins,
                                const secret_store& secrets);

    // Settings of `instance` ("" = default) of `plugin`; null when not configured.
    const nlohmann::json* find(std::string_view plugin, std::string_view instance) const;
    // Configured instance names of `plugin` ("" for the default instance), sorted.
    std::vector<std::string> names(std::string_view plugin) const;
    // Every instance: "plugin" or "plugin:instance" → settings, sorted by key.
    const std::map<std::string, nlohmann::json, std::less<>>& all() const { return by_key_; }

  private:
    std::map<std::string, nlohmann::json, std::less<>> by_key_;
};

void bind_instances(registry& plugins, std::shared_ptr<const instance_table> instances,
                    std::shared_ptr<const secret_store> secrets);

}  // namespace tocsin::plugin
