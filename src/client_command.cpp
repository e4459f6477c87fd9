#include "src/client_command.hpp"

#include <algorithm>
#include <iostream>

namespace tocsin::cli {
namespace {

std::string command_line(const std::string& group, const client_subcommand& sub) {
    std::string out = "tocsin " + group;
    if (!sub.name.empty())
        out += " " + sub.name;
    if (!sub.synopsis.empty())
        out += " " + sub.synopsis;
    return out;
}

std::vector<option_spec> flags_of(const client_subcommand& sub) {
    auto out = sub.flags;
    out.insert(out.end(), connection_flags().begin(), connection_flags().end());
    return out;
}

void print_group_help(std::ostream& out, const std::string& group, const std::string& summary,
                      const std::vector<client_subcommand>& subs) {
    out << summary << "\n\nusage:\n";
    for (const auto& sub : subs)
        out << "  " << command_line(group, sub) << "\n";
    out << "\n";
    for (const auto& sub : subs)
        out << "  " << sub.name << std::string(10 - std::min<std::size_t>(sub.name.size(), 9), ' ')
            << sub.summary << "\n";
    out << "\nRun 'tocsin " << group << " <subcommand> --help' for its options.\n";
}

void print_help(std::ostream& out, const std::string& group, const client_subcommand& sub) {
    out << "usage: " << command_line(group, sub) << "\n\n" << sub.summary << "\n";
    if (!sub.details.empty())
        out << "\n" << sub.details << "\n";
    out << "\noptions:\n" << args::describe(flags_of(sub));
}

int run_one(const std::string& group, const client_subcommand& sub, int argc, char** argv,
            int first) {
    const std::string name = sub.name.empty() ? group : group + " " + sub.name;
    const args a(name, flags_of(sub), argc, argv, first);
    if (a.has("help")) {
        print_help(std::cout, group, sub);
        return 0;
    }
    const auto& positionals = a.positionals();
    if (positionals.size() < sub.min_args || positionals.size() > sub.max_args) {
        std::string what = positionals.size() < sub.min_args
                               ? "missing arguments"
                               : "unexpected argument '" + positionals[sub.max_args] + "'";
        throw usage_error(what + " for 'tocsin " + name + "'; usage: " + command_line(group, sub));
    }
    api_client api(a);
    return sub.run(a, positionals, api);
}

}  // namespace

int run_client_group(const std::string& group, const std::string& summary,
                     const std::vector<client_subcommand>& subcommands, int argc, char** argv,
                     int first) {
    if (subcommands.size() == 1 && subcommands.front().name.empty())
        return run_one(group, subcommands.front(), argc, argv, first);
    const std::string wanted = first < argc ? argv[first] : "";
    if (wanted == "--help" || wanted == "-h" || wanted == "help") {
        print_group_help(std::cout, group, summary, subcommands);
        return 0;
    }
    for (const auto& sub : subcommands)
        if (sub.name == wanted)
            return run_one(group, sub, argc, argv, first + 1);
    if (wanted.empty() || wanted.starts_with('-')) {
        print_group_help(std::cerr, group, summary, subcommands);
        return 2;
    }
    throw usage_error("unknown subcommand '" + wanted + "' for 'tocsin " + group +
                      "' (try 'tocsin " + group + " --help')");
}

void print_json(const nlohmann::json& value) {
    std::cout << value.dump(2) << "\n";
}

}  // namespace tocsin::cli
