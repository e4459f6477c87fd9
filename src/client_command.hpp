#pragma once
// The frame of the client commands: `tocsin <group> <subcommand> [ARGS] [options]`, with help at
// both levels, the connection flags added to every subcommand, and bad usage (unknown
// subcommand, wrong number of arguments, bad flag) thrown as usage_error (exit 2).

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/cli_args.hpp"
#include "src/client_api.hpp"

namespace tocsin::cli {

struct client_subcommand {
    std::string name;      // "list"; empty for a group that is one command (`tocsin relate`)
    std::string synopsis;  // what follows the name: "ID|NUMBER [--json]"
    std::string summary;   // one line, for the group's help
    std::string details;   // more paragraphs for the subcommand's --help; may be empty
    std::vector<option_spec> flags;  // the connection flags are added to these
    std::size_t min_args = 0;        // positional arguments after the subcommand name
    std::size_t max_args = 0;
    // `positionals` excludes the subcommand name. Returns the exit status.
    std::function<int(const args& a, const std::vector<std::string>& positionals, api_client& api)>
        run;
};

int run_client_group(const std::string& group, const std::string& summary,
                     const std::vector<client_subcommand>& subcommands, int argc, char** argv,
                     int first);

// Pretty JSON on stdout, for --json.
void print_json(const nlohmann::json& value);

}  // namespace tocsin::cli
