// `tocsin plugins list [--json]`: every action of the built-in plugins with its input schema.
#include <iostream>

#include "engine/plugin/registry.hpp"
#include "plugins/builtin_registry.hpp"
#include "src/cli_args.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"json", false, false, "", "one JSON document instead of a table"},
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

}  // namespace

int run_plugins(int argc, char** argv, int first) {
    const args a("plugins", flags(), argc, argv, first);
    const std::string what = a.positionals().empty() ? "list" : a.positionals().front();
    if (a.has("help") || what != "list") {
        std::cout << "usage: tocsin plugins list [--json]\n\nLists every plugin action playbooks "
                     "can call as tocsin.<plugin>.<action>{...}, with its input.\n\noptions:\n"
                  << args::describe(flags());
        return a.has("help") ? 0 : 2;
    }
    plugin::registry registry;
    plugins::register_builtin_plugins(registry);
    if (a.has("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : registry.plugins()) {
            nlohmann::json actions = nlohmann::json::array();
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
                           {"actions", actions}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto* act : registry.actions()) {
        std::cout << "tocsin." << act->name << "  " << act->description << "\n";
        for (const auto& f : act->input.fields)
            std::cout << "    " << describe_field(f) << "\n";
    }
    return 0;
}

}  // namespace tocsin::cli
