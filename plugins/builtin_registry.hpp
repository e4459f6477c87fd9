#pragma once

#include "engine/plugin/registry.hpp"

namespace tocsin::plugins {

// Adds every built-in plugin enabled at build time (plugins/plugins.cmake) to the registry.
void register_builtin_plugins(plugin::registry& registry);

}  // namespace tocsin::plugins
