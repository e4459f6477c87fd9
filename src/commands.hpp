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
int run_plugins(int argc, char** argv, int first);
int run_playbook(int argc, char** argv, int first);

}  // namespace tocsin::cli
