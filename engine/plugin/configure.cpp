#include "engine/plugin/configure.hpp"

#include <spdlog/spdlog.h>

namespace tocsin::plugin {
namespace {

const nlohmann::json* value_of(const config& cfg, const char* key) {
    const auto it = cfg.values.find(key);
    return it == cfg.values.end() ? nullptr : &*it;
}

std::filesystem::path path_value(const config& cfg, const char* key) {
    const auto* v = value_of(cfg, key);
    return v && v->is_string() ? std::filesystem::path(v->get<std::string>())
                               : std::filesystem::path();
}

}  // namespace

plugin_setup configure_plugins(registry& plugins, const config& cfg, env_lookup environment) {
    plugin_setup setup;
    if (const auto dir = path_value(cfg, "plugins.dir"); !dir.empty()) {
        setup.libraries = load_plugin_directory(plugins, dir);
        for (const auto& file : setup.libraries.loaded)
            spdlog::info("plugins: loaded {}", file.string());
        for (const auto& problem : setup.libraries.refused)
            spdlog::warn("plugins: {}; skipped", problem.error.message);
    }
    auto secrets = std::make_shared<const secret_store>(
        secret_store::load(path_value(cfg, "secrets.file"), std::move(environment)));
    const auto* instances_value = value_of(cfg, "plugins.instances");
    auto instances = std::make_shared<const instance_table>(instance_table::parse(
        instances_value ? *instances_value : nlohmann::json(), plugins, *secrets));
    bind_instances(plugins, instances, secrets);
    setup.secrets = std::move(secrets);
    setup.instances = std::move(instances);
    return setup;
}

}  // namespace tocsin::plugin
