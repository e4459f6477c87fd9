#include <iostream>

#include <spdlog/spdlog.h>

#include "engine/core/config_schema.hpp"
#include "engine/core/engine.hpp"
#include "engine/core/logging.hpp"
#include "src/cli_args.hpp"
#include "src/commands.hpp"
#include "src/server_components.hpp"
#include "tocsin/version.hpp"

namespace tocsin::cli {
namespace {

const std::vector<option_spec>& config_flags() {
    static const std::vector<option_spec> specs{
        {"config", true, false, "FILE", "configuration file (JSON, comments allowed)"},
        {"listen", true, false, "HOST:PORT", "where the REST API listens (http.listen)"},
        {"data-dir", true, false, "DIR", "directory for the store and queues (data_dir)"},
        {"playbooks", true, true, "DIR", "playbook directory; repeat for several (playbooks.dirs)"},
        {"log-level", true, false, "LEVEL", "trace, debug, info, warn, error or off (log.level)"},
        {"log-format", true, false, "FORMAT", "text or json (log.format)"},
        {"set", true, true, "KEY=VALUE", "any configuration key, e.g. --set engine.io_threads=2"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

config_sources sources_from(const args& a) {
    config_sources sources;
    if (auto file = a.get("config"))
        sources.file = *file;
    sources.environment = process_environment();
    if (auto v = a.get("data-dir"))
        sources.overrides.emplace_back("data_dir", *v);
    if (auto v = a.get("listen"))
        sources.overrides.emplace_back("http.listen", *v);
    if (a.has("playbooks")) {
        std::string joined;
        for (const auto& d : a.all("playbooks"))
            joined += (joined.empty() ? "" : ",") + d;
        sources.overrides.emplace_back("playbooks.dirs", joined);
    }
    if (auto v = a.get("log-level"))
        sources.overrides.emplace_back("log.level", *v);
    if (auto v = a.get("log-format"))
        sources.overrides.emplace_back("log.format", *v);
    for (const auto& kv : a.all("set")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--set expects KEY=VALUE, got '" + kv + "'");
        sources.overrides.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return sources;
}

}  // namespace

int run_serve(int argc, char** argv, int first) {
    const args a("serve", config_flags(), argc, argv, first);
    if (a.has("help")) {
        std::cout << "usage: tocsin serve [options]\n\nStarts the engine on the configured store "
                     "and serves the REST API until SIGINT or SIGTERM.\n\noptions:\n"
                  << args::describe(config_flags())
                  << "\nEvery option can also come from the config file or a TOCSIN_* "
                     "environment variable; 'tocsin config keys' lists them.\n";
        return 0;
    }
    if (!a.positionals().empty())
        throw usage_error("unexpected argument '" + a.positionals().front() + "' for 'serve'");
    auto cfg = load_config(sources_from(a));
    configure_logging(cfg.log.level, cfg.log.format);
    spdlog::info("tocsin {} starting (store: {}, data: {})", version_string, cfg.store.backend,
                 cfg.data_dir.string());
    engine eng(std::move(cfg));
    add_server_components(eng);
    eng.start();
    eng.run_until_stopped();
    return 0;
}

int run_config(int argc, char** argv, int first) {
    if (first < argc && std::string_view(argv[first]) == "docs")
        return run_config_docs(argc, argv, first + 1);
    const args a("config", config_flags(), argc, argv, first);
    const std::string what = a.positionals().empty() ? "show" : a.positionals().front();
    if (a.has("help") || (what != "show" && what != "keys")) {
        std::cout << "usage: tocsin config show [options]   the effective configuration as JSON\n"
                     "       tocsin config keys             every key with its default and "
                     "environment variable\n"
                     "       tocsin config docs [--output FILE | --check FILE]   the Markdown "
                     "reference of every key\n\noptions:\n"
                  << args::describe(config_flags());
        return a.has("help") ? 0 : 2;
    }
    if (what == "keys") {
        for (const auto& o : config_options())
            std::cout << o.key << "  (" << to_string(o.type) << ", default " << o.default_json
                      << ", env " << o.env << ")\n    " << o.description << "\n";
        return 0;
    }
    const auto cfg = load_config(sources_from(a));
    std::cout << redact_secrets(cfg.values).dump(2) << "\n";
    return 0;
}

}  // namespace tocsin::cli
