#pragma once

#include <string>
#include <vector>

namespace tocsin::cli {

// A subcommand: `tocsin <name> ...`. run() returns the exit code; it throws usage_error for bad
// usage (exit 2) and tocsin::error for failures (exit 1); main prints the one-line reason.
struct command {
    std::string name;
    std::string summary;
    int (*run)(int argc, char** argv, int first);
};

const std::vector<command>& all_commands();

int run_serve(int argc, char** argv, int first);
int run_config(int argc, char** argv, int first);
// `tocsin config docs`, dispatched by run_config (src/config_docs_command.cpp).
int run_config_docs(int argc, char** argv, int first);
int run_plugins(int argc, char** argv, int first);
int run_playbook(int argc, char** argv, int first);
// `tocsin playbook test`, dispatched by run_playbook (src/playbook_test_command.cpp).
int run_playbook_test(int argc, char** argv, int first);
int run_token(int argc, char** argv, int first);
// `tocsin templates list|show|enable` (src/templates_command.cpp).
int run_templates(int argc, char** argv, int first);
// Clients of a running engine's REST API (src/client_*.cpp).
int run_incidents(int argc, char** argv, int first);
int run_alerts(int argc, char** argv, int first);
int run_relate(int argc, char** argv, int first);
int run_unrelate(int argc, char** argv, int first);
int run_comments(int argc, char** argv, int first);
int run_runs(int argc, char** argv, int first);
int run_playbooks(int argc, char** argv, int first);
int run_tokens(int argc, char** argv, int first);
int run_creation_rules(int argc, char** argv, int first);
int run_automation_rules(int argc, char** argv, int first);
int run_watchlists(int argc, char** argv, int first);
int run_api(int argc, char** argv, int first);

}  // namespace tocsin::cli
