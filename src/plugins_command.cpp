// `tocsin plugins list [--json] [--config FILE] [--set KEY=VALUE]…`: every plugin the engine would
// load with that configuration (built-in ones and shared libraries from plugins.dir), its
// configured instances, and every action with its input schema. `tocsin plugins show NAME` is
// one plugin with, per action, also the errors it returns and an example of its output (the
// description GET /api/v1/plugins serves, engine/runner/descriptions.hpp). Instance settings are
// shown as configured: secrets appear as their "secret:NAME" references, never as values.
// `tocsin plugins docs` and `tocsin plugins luals` write the action reference and the editor
// definitions of the same plugins (engine/plugin/action_reference.hpp,
// engine/runner/luals_definitions.hpp), or check committed copies with --check.
#include <iostream>

#include "engine/core/config.hpp"
#include "engine/plugin/action_reference.hpp"
#include "engine/plugin/configure.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/descriptions.hpp"
#include "engine/runner/luals_definitions.hpp"
#include "engine/runner/trigger_payloads.hpp"
#include "plugins/builtin_registry.hpp"
#include "src/cli_args.hpp"
#include "src/cli_config.hpp"
#include "src/commands.hpp"
#include "src/generated_file.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"json", false, false, "", "one JSON document instead of a table"},
        {"config", true, false, "FILE", "configuration file (plugins.dir, plugins.instances)"},
        {"set", true, true, "KEY=VALUE", "any configuration key"},
        {"output", true, false, "FILE", "docs: write the reference to FILE instead of stdout"},
        {"output-dir", true, false, "DIR",
         "luals: write DIR/types/tocsin.lua and DIR/.luarc.json instead of printing tocsin.lua"},
        {"check", true, false, "FILE|DIR",
         "docs, luals: exit 1 when the committed FILE (DIR's files) differ from the generated"},
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

std::vector<const plugin::plugin_descriptor*> descriptors(const plugin::registry& registry) {
    std::vector<const plugin::plugin_descriptor*> out;
    for (const auto& p : registry.plugins())
        out.push_back(p.get());
    return out;
}

const plugin::plugin_descriptor* find_plugin(const plugin::registry& registry,
                                             const std::string& name) {
    for (const auto& p : registry.plugins())
        if (p->name == name)
            return p.get();
    return nullptr;
}

int unknown_plugin(const plugin::registry& registry, const std::string& name) {
    std::string known;
    for (const auto& p : registry.plugins())
        known += (known.empty() ? "" : ", ") + p->name;
    std::cerr << "tocsin: no plugin named '" << name << "' (plugins: " << known << ")\n";
    return 1;
}

// The table of `list` (details = false) and `show` (details = true: each action's errors and
// output example too, read from the description so that the CLI shows what the API serves).
void print_plugin(const plugin::plugin_descriptor& p, const json& description, bool details) {
    std::cout << "plugin " << p.name << " " << p.version << " ("
              << description["source"].get<std::string>() << ")"
              << (p.description.empty() ? "" : ": " + p.description) << "\n";
    for (const auto& inst : description["instances"])
        std::cout << "  instance " << inst["name"].get<std::string>()
                  << (inst["default"].get<bool>() ? " (default)" : "") << " "
                  << inst["settings"].dump() << "\n";
    for (std::size_t i = 0; i < p.actions.size(); ++i) {
        const auto& act = p.actions[i];
        std::cout << "tocsin." << act.name << "  " << act.description << "\n";
        for (const auto& f : act.input.fields)
            std::cout << "    " << describe_field(f) << "\n";
        if (!details)
            continue;
        const auto& described = description["actions"][i];
        if (described["errors"].empty())
            std::cout << "    errors: none besides the engine's own (timeout, cancelled)\n";
        else
            std::cout << "    errors:\n";
        for (const auto& e : described["errors"])
            std::cout << "      " << e["code"].get<std::string>() << ": "
                      << e["when"].get<std::string>() << "\n";
        const auto& example = described["outputExample"];
        std::cout << "    output example: "
                  << (example.is_null() ? "not documented" : example.dump()) << "\n";
    }
}

int report_check(const std::string& problem) {
    if (problem.empty())
        return 0;
    std::cerr << "tocsin: " << problem << "\n";
    return 1;
}

int write_docs(const args& a, const plugin::registry& registry) {
    const auto text = plugin::action_reference_markdown(descriptors(registry));
    if (auto file = a.get("check"))
        return report_check(
            compare_generated(*file, text, "tocsin plugins docs --output " + *file));
    if (auto file = a.get("output"))
        write_generated(*file, text);
    else
        std::cout << text;
    return 0;
}

int write_luals(const args& a, const plugin::registry& registry) {
    const auto types = runner::luals_definitions(descriptors(registry), runner::trigger_payloads());
    const auto rc = runner::luarc_json();
    if (auto dir = a.get("check")) {
        const auto regenerate = "tocsin plugins luals --output-dir " + *dir;
        const std::filesystem::path root(*dir);
        auto problem = compare_generated(root / "types" / "tocsin.lua", types, regenerate);
        if (problem.empty())
            problem = compare_generated(root / ".luarc.json", rc, regenerate);
        return report_check(problem);
    }
    if (auto dir = a.get("output-dir")) {
        write_generated(std::filesystem::path(*dir) / "types" / "tocsin.lua", types);
        write_generated(std::filesystem::path(*dir) / ".luarc.json", rc);
    } else {
        std::cout << types;
    }
    return 0;
}

}  // namespace

int run_plugins(int argc, char** argv, int first) {
    const args a("plugins", flags(), argc, argv, first);
    const std::string what = a.positionals().empty() ? "list" : a.positionals().front();
    const bool known = what == "list" || what == "docs" || what == "luals" ||
                       (what == "show" && a.positionals().size() == 2);
    if (a.has("help") || !known) {
        std::cout << "usage: tocsin plugins list [--json] [--config FILE] [--set KEY=VALUE]...\n"
                     "       tocsin plugins show NAME [--json] [--config FILE] [--set "
                     "KEY=VALUE]...\n"
                     "       tocsin plugins docs [--output FILE | --check FILE]\n"
                     "       tocsin plugins luals [--output-dir DIR | --check DIR]\n\n"
                     "list: every plugin action playbooks can call as "
                     "tocsin.<plugin>.<action>{...}, with its input,\nand the configured "
                     "instances (select one with _instance = \"name\").\n"
                     "show: one plugin, with the errors each action returns and an example of "
                     "its output.\n"
                     "docs: the Markdown action reference (docs/actions.md).\n"
                     "luals: Lua Language Server definitions for playbook authors "
                     "(playbooks/types/tocsin.lua, playbooks/.luarc.json).\n\noptions:\n"
                  << args::describe(flags());
        return a.has("help") ? 0 : 2;
    }
    const auto cfg = load_cli_config(a);
    plugin::registry registry;
    plugins::register_builtin_plugins(registry);
    const auto setup = plugin::configure_plugins(registry, cfg);
    for (const auto& problem : setup.libraries.refused)
        std::cerr << "tocsin: " << problem.error.message << "; skipped\n";
    if (what == "docs")
        return write_docs(a, registry);
    if (what == "luals")
        return write_luals(a, registry);
    const auto sources = sources_of(registry, setup);
    auto describe = [&](const plugin::plugin_descriptor& p) {
        json item = runner::describe_plugin(p);
        item["source"] = sources.at(p.name);
        item["settings"] = plugin::to_json_schema(p.settings);
        item["instances"] = instances_json(*setup.instances, p.name);
        return item;
    };

    if (what == "show") {
        const auto* p = find_plugin(registry, a.positionals()[1]);
        if (!p)
            return unknown_plugin(registry, a.positionals()[1]);
        if (a.has("json"))
            std::cout << describe(*p).dump(2) << "\n";
        else
            print_plugin(*p, describe(*p), /*details=*/true);
        return 0;
    }
    if (a.has("json")) {
        json out = json::array();
        for (const auto& p : registry.plugins())
            out.push_back(describe(*p));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& p : registry.plugins())
        print_plugin(*p, describe(*p), /*details=*/false);
    return 0;
}

}  // namespace tocsin::cli
