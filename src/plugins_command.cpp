// `tocsin plugins list [--json] [--config FILE] [--set KEY=VALUE]…`: every plugin the engine would
// load with that configuration (built-in ones and shared libraries from plugins.dir), its
// configured instances, and every action with its input schema. Instance settings are shown as
// configured: secrets appear as their "secret:NAME" references, never as values.
#include <iostream>

#include "engine/core/config.hpp"
#include "engine/plugin/configure.hpp"
#include "engine/plugin/registry.hpp"
#include "plugins/builtin_registry.hpp"
#include "src/cli_args.hpp"
#include "src/cli_config.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"json", false, false, "", "one JSON document instead of a table"},
        {"config", true, false, "FILE", "configuration file (plugins.dir, plugins.instances)"},
        {"set", true, true, "KEY=VALUE", "any configuration key"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

std::string describe_field(const plugin::field& f) {
    std::string out = f.name + " (" + std::string(plugin::to_string(f.type));
    if (f.required)
        out += ", required";
    if (!f.choices.empty()) {
        out += ": ";
        for (std::size_t i = 0; i < f.choices.size(); ++i)
            out += (i ? "|" : "") + f.choices[i];
    }
    if (f.default_value)
        out += ", default " + f.default_value->dump();
    return out + ")";
}

// Where each plugin came from: "built-in" or the library file.
std::map<std::string, std::string> sources_of(const plugin::registry& registry,
                                              const plugin::plugin_setup& setup) {
    std::map<std::string, std::string> out;
    for (const auto& p : registry.plugins())
        out[p->name] = "built-in";
    // Libraries load in file order after the built-ins, one plugin each.
    const auto& plugins = registry.plugins();
    const auto first_library = plugins.size() - setup.libraries.loaded.size();
    for (std::size_t i = 0; i < setup.libraries.loaded.size(); ++i)
        out[plugins[first_library + i]->name] = setup.libraries.loaded[i].string();
    return out;
}

json instances_json(const plugin::instance_table& table, const std::string& plugin) {
    json out = json::array();
    for (const auto& name : table.names(plugin))
        out.push_back({{"name", name.empty() ? plugin : plugin + ":" + name},
                       {"default", name.empty()},
                       {"settings", *table.find(plugin, name)}});
    return out;
}

}  // namespace

int run_plugins(int argc, char** argv, int first) {
    const args a("plugins", flags(), argc, argv, first);
    const std::string what = a.positionals().empty() ? "list" : a.positionals().front();
    if (a.has("help") || what != "list") {
        std::cout << "usage: tocsin plugins list [--json] [--config FILE] [--set KEY=VALUE]...\n\n"
                     "Lists every plugin action playbooks can call as "
                     "tocsin.<plugin>.<action>{...}, with its input,\nand the configured "
                     "instances (select one with _instance = \"name\").\n\noptions:\n"
                  << args::describe(flags());
        return a.has("help") ? 0 : 2;
    }
    const auto cfg = load_cli_config(a);
    plugin::registry registry;
    plugins::register_builtin_plugins(registry);
    const auto setup = plugin::configure_plugins(registry, cfg);
    for (const auto& problem : setup.libraries.refused)
        std::cerr << "tocsin: " << problem.error.message << "; skipped\n";
    const auto sources = sources_of(registry, setup);

    if (a.has("json")) {
        json out = json::array();
        for (const auto& p : registry.plugins()) {
            json actions = json::array();
            for (const auto& act : p->actions)
                actions.push_back({{"name", act.name},
                                   {"lua", "tocsin." + act.name},
                                   {"description", act.description},
                                   {"input", plugin::to_json_schema(act.input)},
                                   {"sideEffects", act.side_effects},
                                   {"idempotent", act.idempotent},
                                   {"defaultTimeoutMs", act.default_timeout.count()},
                                   {"retryAttempts", act.retry.attempts}});
            out.push_back({{"name", p->name},
                           {"version", p->version},
                           {"description", p->description},
                           {"source", sources.at(p->name)},
                           {"settings", plugin::to_json_schema(p->settings)},
                           {"instances", instances_json(*setup.instances, p->name)},
                           {"actions", actions}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& p : registry.plugins()) {
        std::cout << "plugin " << p->name << " " << p->version << " (" << sources.at(p->name) << ")"
                  << (p->description.empty() ? "" : ": " + p->description) << "\n";
        for (const auto& inst : instances_json(*setup.instances, p->name))
            std::cout << "  instance " << inst["name"].get<std::string>()
                      << (inst["default"].get<bool>() ? " (default)" : "") << " "
                      << inst["settings"].dump() << "\n";
        for (const auto& act : p->actions) {
            std::cout << "tocsin." << act.name << "  " << act.description << "\n";
            for (const auto& f : act.input.fields)
                std::cout << "    " << describe_field(f) << "\n";
        }
    }
    return 0;
}

}  // namespace tocsin::cli
