#pragma once
// Start-up of the plugin layer beyond the built-in list: shared-library plugins from
// plugins.dir, the secrets of secrets.file and TOCSIN_SECRET_*, and the instances of
// plugins.instances, bound to every action (instances.hpp). Called once, after the built-in
// plugins are registered and before the registry is used.

#include <memory>
#include <vector>

#include "engine/core/config.hpp"
#include "engine/plugin/abi_loader.hpp"
#include "engine/plugin/instances.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/plugin/secrets.hpp"

namespace tocsin::plugin {

struct plugin_setup {
    directory_load libraries;  // empty when plugins.dir is unset
    std::shared_ptr<const secret_store> secrets;
    std::shared_ptr<const instance_table> instances;
};

// Throws tocsin::error(errc::config) for a bad secrets file, plugins.dir or plugins.instances
// (the engine must not start half-configured). A shared library that cannot be loaded is
// logged (warn) and skipped: the engine runs with the other plugins.
plugin_setup configure_plugins(registry& plugins, const config& cfg,
                               env_lookup environment = process_environment());

}  // namespace tocsin::plugin
