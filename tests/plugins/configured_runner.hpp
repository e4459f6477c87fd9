#pragma once
// Plugin tests run actions the way playbooks do: through the real scheduler and runner
// (runner_fixture), with the plugin layer configured from a real tocsin::config (instances,
// secrets file, plugins.dir) and a test-controlled environment for TOCSIN_SECRET_* variables.

#include <map>

#include "engine/core/config.hpp"
#include "engine/plugin/configure.hpp"
#include "tests/runner/runner_fixture.hpp"

namespace tocsin::runner::test {

inline config plugin_config(const json& instances,
                            std::vector<std::pair<std::string, std::string>> more = {}) {
    config_sources sources;
    sources.overrides = std::move(more);
    sources.overrides.emplace_back("plugins.instances", instances.dump());
    return load_config(sources);
}

inline env_lookup fake_environment(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

// For runner_fixture's `extra`: configures the registry as the engine does at start.
inline std::function<void(plugin::registry&)> configured(config cfg, env_lookup env = {}) {
    return [cfg = std::move(cfg), env = std::move(env)](plugin::registry& r) {
        plugin::configure_plugins(r, cfg, env ? env : fake_environment({}));
    };
}

// A Lua string literal of `text` (long brackets: no escapes needed for URLs and plain text).
inline std::string lua_text(const std::string& text) {
    return "[==[" + text + "]==]";
}

}  // namespace tocsin::runner::test
