// `tocsin config docs [--output FILE | --check FILE]`: the configuration reference
// (docs/configuration.md) from the configuration schema; --check compares a committed copy.
#include <iostream>

#include "engine/core/config_reference.hpp"
#include "src/cli_args.hpp"
#include "src/commands.hpp"
#include "src/generated_file.hpp"

namespace tocsin::cli {
namespace {

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"output", true, false, "FILE", "write the reference to FILE instead of stdout"},
        {"check", true, false, "FILE", "exit 1 when FILE differs from the generated reference"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

}  // namespace

int run_config_docs(int argc, char** argv, int first) {
    const args a("config docs", flags(), argc, argv, first);
    if (a.has("help") || !a.positionals().empty()) {
        std::cout << "usage: tocsin config docs [--output FILE | --check FILE]\n\nThe Markdown "
                     "reference of every configuration key (docs/configuration.md).\n\noptions:\n"
                  << args::describe(flags());
        return a.has("help") ? 0 : 2;
    }
    const auto text = config_reference_markdown(config_options());
    if (auto file = a.get("check")) {
        const auto problem = compare_generated(*file, text, "tocsin config docs --output " + *file);
        if (problem.empty())
            return 0;
        std::cerr << "tocsin: " << problem << "\n";
        return 1;
    }
    if (auto file = a.get("output"))
        write_generated(*file, text);
    else
        std::cout << text;
    return 0;
}

}  // namespace tocsin::cli
