// `tocsin playbook test [FILE_OR_DIR...] [--filter TEXT] [--json]`: runs playbook tests
// (engine/runner/playbook_test_runner.hpp) and reports each case and a summary.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "engine/core/config.hpp"
#include "engine/core/logging.hpp"
#include "engine/plugin/configure.hpp"
#include "engine/runner/playbook_test_files.hpp"
#include "engine/runner/playbook_test_runner.hpp"
#include "engine/runner/runner_component.hpp"
#include "plugins/builtin_registry.hpp"
#include "src/cli_args.hpp"
#include "src/cli_config.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"filter", true, false, "TEXT", "only the cases whose name contains TEXT (any case)"},
        {"json", false, false, "", "print the results as one JSON document"},
        {"config", true, false, "FILE", "configuration file (limits, plugins, playbooks.dirs)"},
        {"set", true, true, "KEY=VALUE", "any configuration key"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

void usage(std::ostream& out) {
    out << "usage: tocsin playbook test [FILE_OR_DIR...] [--filter TEXT] [--json]\n\n"
           "Runs playbook tests: DIR/_tests/NAME_test.lua tests the playbook DIR/NAME.lua.\n"
           "Each argument is a test file, a playbook or a directory searched recursively;\n"
           "without one, the configured playbooks.dirs. Prints one line per case and a\n"
           "summary; exit 0 when every case passed, 1 when one failed, 2 for bad usage.\n"
           "See docs/playbook-tests.md.\n\noptions:\n"
        << args::describe(flags());
}

std::string seconds(std::chrono::milliseconds d) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(2) << static_cast<double>(d.count()) / 1000.0 << " s";
    return out.str();
}

// Indents every line of `text` under the PASS/FAIL line.
void print_indented(std::ostream& out, const std::string& text, const std::string& mark = "") {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        out << "      " << mark << line << "\n";
}

void print_case(std::ostream& out, const runner::playbook_test_case_result& r) {
    out << (r.passed ? "PASS  " : "FAIL  ");
    if (r.name.empty())
        out << r.file;
    else
        out << r.playbook << " > " << r.name;
    out << " (" << r.duration.count() << " ms)\n";
    if (r.passed)
        return;
    print_indented(out, r.message);
    for (const auto& line : r.output)
        print_indented(out, line, "| ");
}

}  // namespace

int run_playbook_test(int argc, char** argv, int first) {
    const args a("playbook test", flags(), argc, argv, first);
    if (a.has("help")) {
        usage(std::cout);
        return 0;
    }
    const auto cfg = load_cli_config(a);
    // Failed and cancelled runs are what tests are about: the engine's warnings would be noise.
    configure_logging("error", "text");

    std::vector<std::filesystem::path> paths;
    for (const auto& p : a.positionals())
        paths.emplace_back(p);
    if (paths.empty())
        paths = cfg.playbook_dirs;
    std::vector<runner::playbook_test_file> files;
    try {
        files = runner::find_playbook_tests(paths);
    } catch (const error& e) {
        throw usage_error(e.what());
    }
    if (files.empty()) {
        std::string where;
        for (const auto& p : paths)
            where += (where.empty() ? "" : ", ") + p.string();
        throw error(errc::not_found, "no playbook tests (_tests/NAME_test.lua) under " + where);
    }

    runner::playbook_test_options options;
    options.plugins = [&cfg](plugin::registry& registry) {
        plugins::register_builtin_plugins(registry);
        plugin::configure_plugins(registry, cfg);  // plugins.dir, instances, secrets
    };
    options.limits = runner::run_limits(cfg);
    options.workspace = runner::default_workspace(cfg);
    options.module_dirs = cfg.playbook_dirs;
    options.filter = a.get("filter").value_or("");
    const bool as_json = a.has("json");

    const auto started = std::chrono::steady_clock::now();
    runner::playbook_test_runner tests(std::move(options));
    std::vector<runner::playbook_test_case_result> results;
    for (const auto& file : files) {
        auto ran = tests.run(file, [&](const runner::playbook_test_case_result& r) {
            if (!as_json)
                print_case(std::cout, r);
        });
        results.insert(results.end(), ran.begin(), ran.end());
    }
    const auto summary = runner::summarize(results, files.size(),
                                           std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::steady_clock::now() - started));
    if (as_json) {
        std::cout << runner::to_json(results, summary).dump(2) << "\n";
    } else if (summary.cases > 0) {
        std::cout << "\n"
                  << summary.cases << (summary.cases == 1 ? " case" : " cases") << " in "
                  << summary.files << (summary.files == 1 ? " file" : " files") << ": "
                  << summary.passed << " passed, " << summary.failed << " failed ("
                  << seconds(summary.duration) << ")\n";
    }
    if (summary.cases == 0)
        throw error(errc::not_found,
                    "no case matches --filter '" + a.get("filter").value_or("") + "'");
    return summary.failed == 0 ? 0 : 1;
}

}  // namespace tocsin::cli
