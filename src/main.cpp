#include <iostream>

#include "engine/error.hpp"
#include "src/cli_args.hpp"
#include "src/commands.hpp"
#include "tocsin/version.hpp"

namespace tocsin::cli {

const std::vector<command>& all_commands() {
    static const std::vector<command> commands{
        {"serve", "run the engine: REST API, triggers and playbooks", run_serve},
        {"config", "show the effective configuration or the list of keys", run_config},
        {"plugins", "list plugin actions and their inputs", run_plugins},
        {"playbook", "check a playbook file, run it once, or run playbook tests", run_playbook},
        {"token", "create, list or revoke API tokens", run_token},
        {"templates", "list, show or enable the shipped playbook templates", run_templates},
        {"incidents", "list, show, create, update, close or delete incidents (client)",
         run_incidents},
        {"alerts", "ingest, list or show alerts (client)", run_alerts},
        {"relate", "add an alert to an incident (client)", run_relate},
        {"unrelate", "take an alert out of an incident (client)", run_unrelate},
        {"comments", "list or add comments of an incident (client)", run_comments},
        {"runs", "list, show or cancel playbook runs (client)", run_runs},
        {"playbooks", "list the engine's playbooks or start one (client)", run_playbooks},
        {"tokens", "list, create or revoke API tokens of a running engine (client)", run_tokens},
        {"creation-rules", "list, show, put or delete incident creation rules (client)",
         run_creation_rules},
        {"automation-rules", "list, show, put or delete automation rules (client)",
         run_automation_rules},
        {"watchlists", "list, show, create, delete or read watchlists (client)", run_watchlists},
        {"api", "the REST API reference of a running engine, as Markdown (client)", run_api},
    };
    return commands;
}

namespace {

void print_usage(std::ostream& out) {
    out << "tocsin " << version_string << " — security incident automation engine\n\n"
        << "usage: tocsin <command> [options]\n\ncommands:\n";
    for (const auto& c : all_commands())
        out << "  " << c.name << std::string(12 - std::min<std::size_t>(c.name.size(), 11), ' ')
            << c.summary << "\n";
    out << "\nRun 'tocsin <command> --help' for a command's options.\n";
}

}  // namespace
}  // namespace tocsin::cli

int main(int argc, char** argv) {
    using namespace tocsin::cli;
    if (argc < 2) {
        print_usage(std::cerr);
        return 2;
    }
    const std::string first = argv[1];
    if (first == "--version" || first == "version") {
        std::cout << "tocsin " << tocsin::version_string << "\n";
        return 0;
    }
    if (first == "--help" || first == "-h" || first == "help") {
        print_usage(std::cout);
        return 0;
    }
    for (const auto& c : all_commands()) {
        if (c.name != first)
            continue;
        try {
            return c.run(argc, argv, 2);
        } catch (const usage_error& e) {
            std::cerr << "tocsin: " << e.what() << "\n";
            return 2;
        } catch (const tocsin::error& e) {
            std::cerr << "tocsin: " << e.what() << "\n";
            return e.code() == tocsin::errc::config ? 2 : 1;
        } catch (const std::exception& e) {
            std::cerr << "tocsin: " << e.what() << "\n";
            return 1;
        }
    }
    std::cerr << "tocsin: unknown command '" << first << "' (try 'tocsin --help')\n";
    return 2;
}
