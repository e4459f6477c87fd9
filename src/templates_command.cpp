// `tocsin templates list | show NAME | enable NAME`: the shipped playbook templates. Templates
// live in a `templates` folder at the top of a playbook directory (playbooks/templates), which
// the engine does not load; `enable` copies one into a live playbook directory, with
// `--param NAME=VALUE` written in as the parameter's default, where the engine picks it up.
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/core/config.hpp"
#include "engine/error.hpp"
#include "engine/lua/playbook.hpp"
#include "engine/runner/catalog.hpp"
#include "src/cli_args.hpp"
#include "src/cli_config.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"
#include "src/template_source.hpp"

namespace tocsin::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"json", false, false, "", "one JSON document instead of a table"},
        {"templates", true, false, "DIR",
         "the templates directory (default: the `templates` folders of playbooks.dirs)"},
        {"to", true, false, "DIR",
         "enable: where the playbook goes (default: the first of playbooks.dirs)"},
        {"param", true, true, "NAME=VALUE",
         "enable: a parameter's default in the copy; repeat for several"},
        {"force", false, false, "", "enable: overwrite an existing file"},
        {"config", true, false, "FILE", "configuration file (playbooks.dirs)"},
        {"set", true, true, "KEY=VALUE", "any configuration key"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

void usage(std::ostream& out) {
    out << "usage: tocsin templates list [--json]\n"
           "       tocsin templates show NAME [--json]\n"
           "       tocsin templates enable NAME [--param NAME=VALUE]... [--to DIR] [--force]\n\n"
           "Playbook templates are ready-made playbooks the engine does not run until one is\n"
           "enabled: enable copies it into a playbook directory, the given parameters written in\n"
           "as its defaults; a running engine loads it within playbooks.poll_ms.\n\noptions:\n"
        << args::describe(flags());
}

struct template_entry {
    fs::path file;
    lua::playbook_definition def;
};

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw error(errc::not_found, "cannot read '" + file.string() + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<fs::path> template_dirs(const args& a, const config& cfg) {
    if (auto dir = a.get("templates")) {
        if (!fs::is_directory(*dir))
            throw usage_error("--templates: '" + *dir + "' is not a directory");
        return {*dir};
    }
    std::vector<fs::path> out;
    for (const auto& d : cfg.playbook_dirs)
        if (fs::is_directory(d / "templates"))
            out.push_back(d / "templates");
    if (out.empty())
        throw error(errc::not_found,
                    "no templates directory: none of playbooks.dirs has a 'templates' folder "
                    "(give one with --templates DIR)");
    return out;
}

// Every template, by name; a file that does not load is reported and skipped.
std::vector<template_entry> load_templates(const std::vector<fs::path>& dirs) {
    std::vector<template_entry> out;
    for (const auto& dir : dirs) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir))
            if (e.is_regular_file() && e.path().extension() == ".lua" &&
                !e.path().filename().string().starts_with("_"))
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            try {
                out.push_back({f, lua::load_playbook(f, lua::load_options{})});
            } catch (const error& e) {
                std::cerr << "tocsin: template skipped: " << e.what() << "\n";
            }
        }
    }
    return out;
}

const template_entry& find_template(const std::vector<template_entry>& all,
                                    const std::string& name) {
    for (const auto& t : all)
        if (t.def.name == name)
            return t;
    std::string names;
    for (const auto& t : all)
        names += (names.empty() ? "" : ", ") + t.def.name;
    throw error(errc::not_found, "no template named '" + name + "' (templates: " + names + ")");
}

std::string trigger_text(const lua::trigger_spec& t) {
    std::string out = lua::to_string(t.kind);
    if (t.options.is_object())
        if (auto ev = t.options.find("events"); ev != t.options.end()) {
            std::string events;
            for (const auto& e : ev->is_array() ? *ev : json::array({*ev}))
                events += (events.empty() ? "" : ",") + e.get<std::string>();
            out += "(" + events + ")";
        }
    return out;
}

json template_json(const template_entry& t) {
    json triggers = json::array();
    for (const auto& tr : t.def.triggers) {
        json j = {{"kind", lua::to_string(tr.kind)}};
        if (!tr.options.is_null())
            j["options"] = tr.options;
        if (!tr.filter.is_null())
            j["filter"] = tr.filter;
        triggers.push_back(std::move(j));
    }
    json params = json::array();
    for (const auto& p : t.def.params) {
        json j = {{"name", p.name},
                  {"type", lua::to_string(p.type)},
                  {"required", p.required},
                  {"description", p.description}};
        if (p.default_value)
            j["default"] = *p.default_value;
        if (!p.choices.empty())
            j["choices"] = p.choices;
        params.push_back(std::move(j));
    }
    return {
        {"name", t.def.name},      {"version", t.def.version}, {"description", t.def.description},
        {"file", t.file.string()}, {"triggers", triggers},     {"params", params}};
}

// The `## NAME` section of the templates' README.md, without its heading; empty when absent.
std::string readme_section(const fs::path& dir, const std::string& name) {
    std::ifstream in(dir / "README.md");
    std::string line, out;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.starts_with("## ")) {
            if (inside)
                break;
            inside = line.substr(3) == name || line.substr(3).starts_with(name + " ");
            continue;
        }
        if (inside)
            out += line + "\n";
    }
    while (out.starts_with("\n"))
        out.erase(0, 1);
    while (out.ends_with("\n\n"))
        out.pop_back();
    return out;
}

int list(const args& a, const std::vector<template_entry>& all) {
    if (a.has("json")) {
        json out = json::array();
        for (const auto& t : all)
            out.push_back(template_json(t));
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    text_table table({"NAME", "TRIGGERS", "PARAMS", "DESCRIPTION"});
    table.limit(2, 48);
    for (const auto& t : all) {
        std::string triggers, params;
        for (const auto& tr : t.def.triggers)
            triggers += (triggers.empty() ? "" : " ") + trigger_text(tr);
        for (const auto& p : t.def.params)
            params += (params.empty() ? "" : ",") + p.name;
        table.add({t.def.name, triggers, params, t.def.description});
    }
    table.print(std::cout);
    return 0;
}

int show(const args& a, const template_entry& t) {
    const auto readme = readme_section(t.file.parent_path(), t.def.name);
    if (a.has("json")) {
        auto out = template_json(t);
        out["readme"] = readme;
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::string triggers;
    for (const auto& tr : t.def.triggers)
        triggers += (triggers.empty() ? "" : " ") + trigger_text(tr);
    print_field(std::cout, "name", t.def.name, 12);
    print_field(std::cout, "version", t.def.version, 12);
    print_field(std::cout, "description", t.def.description, 12);
    print_field(std::cout, "file", t.file.string(), 12);
    print_field(std::cout, "triggers", triggers, 12);
    std::cout << "\nparameters:\n";
    text_table table({"NAME", "TYPE", "DEFAULT", "DESCRIPTION"});
    table.limit(2, 40);
    for (const auto& p : t.def.params)
        table.add({p.name, lua::to_string(p.type),
                   p.default_value ? p.default_value->dump() : (p.required ? "(required)" : ""),
                   p.description});
    table.print(std::cout, "  ");
    if (!readme.empty())
        std::cout << "\n" << readme << "\n";
    return 0;
}

// NAME=VALUE, the value read as the parameter's type does (text stays text; other types are
// JSON: 24, true, [...]) and checked against its declaration.
std::pair<std::string, json> parse_param(const std::string& item,
                                         const lua::playbook_definition& def) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
        throw usage_error("--param expects NAME=VALUE, got '" + item + "'");
    const auto name = item.substr(0, eq);
    const auto text = item.substr(eq + 1);
    const auto spec = std::find_if(def.params.begin(), def.params.end(),
                                   [&](const lua::param_spec& p) { return p.name == name; });
    if (spec == def.params.end()) {
        std::string names;
        for (const auto& p : def.params)
            names += (names.empty() ? "" : ", ") + p.name;
        throw usage_error("template '" + def.name + "' has no parameter '" + name +
                          "' (parameters: " + names + ")");
    }
    const bool textual =
        spec->type == lua::param_type::string || spec->type == lua::param_type::text ||
        spec->type == lua::param_type::email || spec->type == lua::param_type::choice;
    json value = textual ? json(text) : json::parse(text, nullptr, false);
    if (value.is_discarded())
        throw usage_error("--param " + name + ": '" + text + "' is not a " +
                          lua::to_string(spec->type) + " (give JSON)");
    auto one = *spec;
    one.required = false;
    try {
        const auto resolved = lua::resolve_params({one}, json{{name, value}});
        return {name, resolved.at(name)};
    } catch (const error& e) {
        throw usage_error("--param " + std::string(e.what()));
    }
}

// An existing live playbook of that name, other than `target`: enabling would make two.
std::optional<fs::path> live_playbook_named(const std::vector<fs::path>& dirs,
                                            const std::string& name, const fs::path& target) {
    std::error_code ec;
    for (const auto& f : runner::find_playbook_files(dirs)) {
        if (fs::equivalent(f, target, ec))
            continue;
        try {
            if (lua::load_playbook(f, lua::load_options{}).name == name)
                return f;
        } catch (const error&) {
            // A broken playbook is not a name clash; the engine reports it on its own.
        }
    }
    return std::nullopt;
}

int enable(const args& a, const config& cfg, const template_entry& t) {
    fs::path to;
    if (auto dir = a.get("to"))
        to = *dir;
    else if (!cfg.playbook_dirs.empty())
        to = cfg.playbook_dirs.front();
    else
        throw usage_error("playbooks.dirs is empty; give --to DIR");
    if (!fs::is_directory(to))
        throw error(errc::not_found, "'" + to.string() + "' is not a directory");
    const auto target = to / (t.def.name + ".lua");
    if (fs::exists(target) && !a.has("force"))
        throw error(errc::already_exists,
                    "'" + target.string() + "' exists; --force overwrites it");
    auto live_dirs = cfg.playbook_dirs;
    live_dirs.push_back(to);
    if (auto other = live_playbook_named(live_dirs, t.def.name, target))
        throw error(errc::already_exists,
                    "playbook '" + t.def.name + "' is already live in '" + other->string() + "'");

    auto source = read_file(t.file);
    json chosen = json::object();
    for (const auto& item : a.all("param")) {
        auto [name, value] = parse_param(item, t.def);
        source = with_param_default(source, name, value);
        chosen[name] = value;
    }
    source = "-- Enabled from the template " + t.file.filename().string() + " (" + t.def.name +
             " " + t.def.version + ").\n" + source;
    // The copy must load and say what was asked: the rewrite is lexical, this is its proof.
    const auto copy = lua::load_playbook_source(source, target.string(), lua::load_options{});
    for (const auto& [name, value] : chosen.items()) {
        const auto p = std::find_if(copy.params.begin(), copy.params.end(),
                                    [&](const lua::param_spec& s) { return s.name == name; });
        // Lua has one empty table: [] and {} read back alike.
        const bool both_empty = p != copy.params.end() && p->default_value &&
                                p->default_value->empty() && value.empty() &&
                                p->default_value->is_structured() && value.is_structured();
        if (p == copy.params.end() || !p->default_value ||
            (*p->default_value != value && !both_empty))
            throw error(errc::internal, "the copy of '" + t.def.name + "' does not hold " + name +
                                            "=" + value.dump() + "; nothing written");
    }
    const auto temp = target.string() + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << source;
        if (!out.flush())
            throw error(errc::unavailable, "cannot write '" + temp + "'");
    }
    fs::rename(temp, target);
    if (a.has("json")) {
        std::cout << json{{"name", t.def.name}, {"file", target.string()}, {"params", chosen}}.dump(
                         2)
                  << "\n";
        return 0;
    }
    std::cout << "enabled " << t.def.name << ": " << target.string();
    if (!chosen.empty())
        std::cout << " (" << [&] {
            std::string s;
            for (const auto& [k, v] : chosen.items())
                s += (s.empty() ? "" : ", ") + k + "=" + v.dump();
            return s;
        }() << ")";
    std::cout << "\n";
    return 0;
}

}  // namespace

int run_templates(int argc, char** argv, int first) {
    const args a("templates", flags(), argc, argv, first);
    if (a.has("help")) {
        usage(std::cout);
        return 0;
    }
    const auto& pos = a.positionals();
    const std::string what = pos.empty() ? "" : pos.front();
    if (!(what == "list" && pos.size() == 1) &&
        !((what == "show" || what == "enable") && pos.size() == 2)) {
        usage(std::cerr);
        return 2;
    }
    if (what != "enable" && (a.has("param") || a.has("to") || a.has("force")))
        throw usage_error("--param, --to and --force are options of 'enable'");
    const auto cfg = load_cli_config(a);
    const auto all = load_templates(template_dirs(a, cfg));
    if (what == "list")
        return list(a, all);
    const auto& t = find_template(all, pos[1]);
    return what == "show" ? show(a, t) : enable(a, cfg, t);
}

}  // namespace tocsin::cli
