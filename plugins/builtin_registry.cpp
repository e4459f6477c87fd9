#include "plugins/builtin_registry.hpp"

// The list is generated from plugins/plugins.cmake: one TOCSIN_PLUGIN(name) line per enabled
// plugin, so enabling or disabling a plugin is a build option, not a code change.
namespace tocsin::plugins {

#define TOCSIN_PLUGIN(name) plugin::plugin_descriptor register_##name();
#include "tocsin/builtin_plugins.inc"
#undef TOCSIN_PLUGIN

void register_builtin_plugins(plugin::registry& registry) {
#define TOCSIN_PLUGIN(name) registry.add(register_##name());
#include "tocsin/builtin_plugins.inc"
#undef TOCSIN_PLUGIN
    (void)registry;
}

}  // namespace tocsin::plugins
