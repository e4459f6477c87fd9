// `tocsin playbook check FILE` and `tocsin playbook run FILE --event JSON|@file [--param k=v]…`;
// `tocsin playbook test` is in playbook_test_command.cpp.
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

#include "engine/core/engine.hpp"
#include "engine/core/logging.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/plugin/configure.hpp"
#include "engine/runner/run_record_json.hpp"
#include "engine/runner/runner_component.hpp"
#include "engine/runner/scheduler.hpp"
#include "plugins/builtin_registry.hpp"
#include "src/cli_args.hpp"
#include "src/cli_config.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"event", true, false, "JSON|@FILE", "the trigger payload (ctx.trigger) for run"},
        {"param", true, true, "NAME=VALUE", "a playbook parameter; repeat for several"},
        {"config", true, false, "FILE", "configuration file"},
        {"data-dir", true, false, "DIR", "directory of the store (data_dir)"},
        {"set", true, true, "KEY=VALUE", "any configuration key"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

void usage(std::ostream& out) {
    out << "usage: tocsin playbook check FILE\n"
           "       tocsin playbook run FILE [--event JSON|@FILE] [--param NAME=VALUE]... "
           "[--data-dir DIR]\n"
           "       tocsin playbook test [FILE_OR_DIR...] [--filter TEXT] [--json]\n\n"
           "check loads the playbook without running it (exit 1 with FILE:LINE: reason).\n"
           "run runs it once against the configured store and prints the run record as JSON;\n"
           "exit 0 when the run succeeded, 1 otherwise.\n"
           "test runs playbook tests ('tocsin playbook test --help').\n\noptions:\n"
        << args::describe(flags());
}

json read_event(const std::string& text) {
    std::string body = text;
    if (!text.empty() && text[0] == '@') {
        std::ifstream in(text.substr(1));
        if (!in)
            throw usage_error("--event: cannot read '" + text.substr(1) + "'");
        std::stringstream ss;
        ss << in.rdbuf();
        body = ss.str();
    }
    auto v = json::parse(body, nullptr, false);
    if (v.is_discarded() || !v.is_object())
        throw usage_error("--event must be a JSON object (or @FILE holding one)");
    return v;
}

// NAME=VALUE: strings stay text for text-like parameters; other types parse as JSON.
json read_params(const std::vector<std::string>& items, const lua::playbook_definition& def) {
    json out = json::object();
    for (const auto& kv : items) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--param expects NAME=VALUE, got '" + kv + "'");
        const auto name = kv.substr(0, eq);
        const auto value = kv.substr(eq + 1);
        bool textual = true;
        for (const auto& p : def.params)
            if (p.name == name)
                textual = p.type == lua::param_type::string || p.type == lua::param_type::text ||
                          p.type == lua::param_type::email || p.type == lua::param_type::choice;
        auto parsed = json::parse(value, nullptr, false);
        out[name] = textual || parsed.is_discarded() ? json(value) : parsed;
    }
    return out;
}

int check(const std::string& file) {
    try {
        const auto def = lua::load_playbook(file, lua::load_options{});
        std::cout << file << ": ok: playbook '" << def.name << "' " << def.version << ", triggers:";
        for (const auto& t : def.triggers)
            std::cout << " " << lua::to_string(t.kind);
        std::cout << "\n";
        return 0;
    } catch (const error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}

int run_once(const args& a, const std::string& file) {
    auto cfg = load_cli_config(a);
    configure_logging("warn", "text");
    auto def = std::make_shared<const lua::playbook_definition>([&] {
        try {
            return lua::load_playbook(file, lua::load_options{});
        } catch (const error& e) {
            std::cerr << e.what() << "\n";
            throw error(e.code(), "playbook not loaded");
        }
    }());
    runner::run_request req;
    req.playbook = def;
    req.trigger = a.get("event") ? read_event(*a.get("event")) : json::object();
    req.trigger_kind = req.trigger.value("kind", lua::to_string(def->triggers.front().kind));
    req.params = read_params(a.all("param"), *def);

    const auto module_dirs =
        std::vector<std::filesystem::path>{std::filesystem::absolute(file).parent_path()};
    engine eng(cfg);
    plugin::registry plugins;
    plugins::register_builtin_plugins(plugins);
    plugin::configure_plugins(plugins, cfg);  // plugins.dir, instances, secrets
    runner::scheduler_options opts;
    opts.limits = runner::run_limits(cfg);
    opts.module_dirs = module_dirs;
    opts.default_workspace = runner::default_workspace(cfg);
    runner::scheduler runs(eng.io(), plugins, eng.store(), eng.blocking(), eng.bus(),
                           std::move(opts));
    eng.start();
    std::promise<store::run_record> finished;
    runs.start(std::move(req), [&finished](const store::run_record& r) { finished.set_value(r); });
    const auto record = finished.get_future().get();
    std::cout << runner::to_json(record).dump(2) << "\n";
    return record.status == "succeeded" ? 0 : 1;
}

}  // namespace

int run_playbook(int argc, char** argv, int first) {
    // `test` has options of its own; it parses them itself.
    if (first < argc && std::string_view(argv[first]) == "test")
        return run_playbook_test(argc, argv, first + 1);
    const args a("playbook", flags(), argc, argv, first);
    if (a.has("help")) {
        usage(std::cout);
        return 0;
    }
    const auto& pos = a.positionals();
    if (pos.size() != 2 || (pos[0] != "check" && pos[0] != "run")) {
        usage(std::cerr);
        return 2;
    }
    return pos[0] == "check" ? check(pos[1]) : run_once(a, pos[1]);
}

}  // namespace tocsin::cli
