// `tocsin runs list|show|cancel` and `tocsin playbooks list|run`: playbook runs on a running
// engine, through Tocsin's own /api/v1 routes.
#include <iostream>
#include <optional>

#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_incident_ref.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

std::string query_string(const query_list& query) {
    std::string out;
    for (const auto& [name, value] : query)
        out += (out.empty() ? "?" : "&") + name + "=" + segment(value);
    return out;
}

int list_runs(const args& a, const std::vector<std::string>&, api_client& api) {
    query_list query;
    if (const auto p = a.get("playbook"))
        query.emplace_back("playbook", *p);
    if (const auto s = a.get("status"))
        query.emplace_back("status", *s);
    if (const auto t = a.get("top"))
        query.emplace_back("top", *t);
    const auto runs =
        api.call("GET", "/api/v1/runs" + query_string(query)).value("value", json::array());
    if (a.has("json")) {
        print_json({{"value", runs}});
        return 0;
    }
    if (runs.empty()) {
        std::cout << "No runs.\n";
        return 0;
    }
    text_table table(
        {"ID", "PLAYBOOK", "STATUS", "TRIGGER", "STARTED (UTC)", "ENDED (UTC)", "ERROR"});
    table.limit(1, 40);
    table.limit(6, 60);
    for (const auto& r : runs)
        table.add({text_at(r, "id"), text_at(r, "playbook"), text_at(r, "status"),
                   text_at_pointer(r, "/trigger/kind"), short_time(text_at(r, "startedUtc")),
                   short_time(text_at(r, "endedUtc")), text_at(r, "error")});
    table.print(std::cout);
    return 0;
}

std::string compact(const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

int show_run(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto run = api.call("GET", "/api/v1/runs/" + segment(pos[0]));
    if (a.has("json")) {
        print_json(run);
        return 0;
    }
    std::cout << "Run " << text_at(run, "id") << "\n";
    auto field = [](std::string_view name, const std::string& value) {
        print_field(std::cout, name, value, 11);
    };
    field("playbook", text_at(run, "playbook") +
                          (text_at(run, "version").empty() ? "" : " " + text_at(run, "version")));
    field("status", text_at(run, "status"));
    field("trigger", text_at_pointer(run, "/trigger/kind"));
    field("started", text_at(run, "startedUtc"));
    field("ended", text_at(run, "endedUtc"));
    if (run.contains("params") && !run["params"].is_null())
        field("params", compact(run["params"]));
    if (run.contains("result") && !run["result"].is_null())
        field("result", compact(run["result"]));
    field("error", text_at(run, "error"));
    const auto& actions = run.value("actions", json::array());
    if (actions.is_array() && !actions.empty()) {
        std::cout << "\nActions (" << actions.size() << ")\n";
        for (const auto& act : actions) {
            std::cout << "  " << text_at(act, "sequence") << ". " << text_at(act, "name") << "  "
                      << text_at(act, "durationMs") << " ms  ";
            if (act.contains("error"))
                std::cout << "failed: " << text_at_pointer(act, "/error/message") << "\n";
            else
                std::cout << "ok\n";
        }
    }
    const auto& logs = run.value("logs", json::array());
    if (logs.is_array() && !logs.empty()) {
        std::cout << "\nLog (" << logs.size() << ")\n";
        for (const auto& line : logs) {
            if (line.is_object() && line.contains("message"))
                std::cout << "  " << short_time(text_at(line, "at")) << "  "
                          << text_at(line, "level") << "  " << text_at(line, "message") << "\n";
            else
                std::cout << "  " << compact(line) << "\n";
        }
    }
    if (const auto tb = text_at(run, "traceback"); !tb.empty())
        std::cout << "\nTraceback\n" << tb << "\n";
    return 0;
}

int cancel_run(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto answer = api.call("POST", "/api/v1/runs/" + segment(pos[0]) + "/cancel");
    if (a.has("json")) {
        print_json(answer);
        return 0;
    }
    std::cout << "Cancelling run " << pos[0] << ".\n";
    return 0;
}

const std::vector<client_subcommand>& run_subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list",
         "[--playbook P] [--status S] [--top N] [--json]",
         "playbook runs, newest first",
         "Statuses: running, succeeded, failed, cancelled, timed-out, limit-exceeded.",
         {{"playbook", true, false, "P", "runs of this playbook only"},
          {"status", true, false, "S", "runs with this status only"},
          {"top", true, false, "N", "at most N runs (1-1000; default 50)"}},
         0,
         0,
         list_runs},
        {"show",
         "ID [--json]",
         "a run with its parameters, result, actions and log",
         "",
         {},
         1,
         1,
         show_run},
        {"cancel", "ID [--json]", "cancel a running run", "", {}, 1, 1, cancel_run},
    };
    return subs;
}

std::string triggers_text(const json& triggers) {
    std::string out;
    if (triggers.is_array())
        for (const auto& t : triggers)
            out += (out.empty() ? "" : ",") + text_at(t, "kind");
    return out;
}

int list_playbooks(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto answer = api.call("GET", "/api/v1/playbooks");
    if (a.has("json")) {
        print_json(answer);
        return 0;
    }
    const auto& books = answer.value("value", json::array());
    if (books.empty()) {
        std::cout << "No playbooks.\n";
    } else {
        text_table table({"NAME", "VERSION", "TRIGGERS", "DESCRIPTION"});
        table.limit(3, 80);
        for (const auto& b : books)
            table.add({text_at(b, "name"), text_at(b, "version"),
                       triggers_text(b.value("triggers", json::array())),
                       text_at(b, "description")});
        table.print(std::cout);
    }
    for (const auto& p : answer.value("problems", json::array()))
        std::cerr << "tocsin: " << text_at(p, "file") << " did not load: " << text_at(p, "message")
                  << "\n";
    return 0;
}

// A --param value as the playbook declares the parameter: numbers and booleans as JSON
// numbers and booleans, tables as JSON; anything else (and undeclared names, which the server
// judges) as the text given.
json param_value(const std::string& name, const std::string& text, const json& declared) {
    std::string type;
    for (const auto& p : declared)
        if (text_at(p, "name") == name)
            type = text_at(p, "type");
    const auto bad = [&](const std::string& what) {
        return usage_error("--param " + name + ": '" + text + "' is not " + what);
    };
    if (type == "number" || type == "integer") {
        const auto value = json::parse(text, nullptr, false);
        if (!value.is_number() || (type == "integer" && !value.is_number_integer()))
            throw bad(type == "number" ? "a number" : "an integer");
        return value;
    }
    if (type == "boolean") {
        if (text == "true" || text == "yes" || text == "1")
            return true;
        if (text == "false" || text == "no" || text == "0")
            return false;
        throw bad("true or false");
    }
    if (type == "table") {
        const auto value = json::parse(text, nullptr, false);
        if (value.is_discarded() || !value.is_structured())
            throw bad("a JSON object or array");
        return value;
    }
    return text;
}

// The run's subject: nothing (the manual trigger), an incident, an alert, or an entity (with an
// optional incident around it), as Sentinel's "run playbook" buttons offer.
struct run_subject {
    std::optional<std::string> incident, alert, entity;
};

run_subject subject_of(const args& a) {
    run_subject s{a.get("incident"), a.get("alert"), a.get("entity")};
    if (s.alert && (s.incident || s.entity))
        throw usage_error("--alert runs on an alert alone: leave out --incident and --entity");
    return s;
}

// Starts the run and returns its id. Runs on an incident or entity go through Sentinel's ARM
// runPlaybook routes (204, the id in X-Tocsin-Run-Id); the others through Tocsin's own routes.
std::string start_run(api_client& api, const std::string& name, const run_subject& subject,
                      json params) {
    const auto& ws = api.workspace();
    if (subject.alert) {
        const json body = {{"playbook", name}, {"params", std::move(params)}};
        return text_at(
            api.call("POST",
                     api.workspace_target("alerts/" + segment(*subject.alert) + "/runPlaybook"),
                     &body),
            "runId");
    }
    if (subject.incident || subject.entity) {
        json body = {{"logicAppsResourceId", name}, {"params", std::move(params)}};
        std::string suffix;
        if (subject.entity) {
            suffix = "entities/" + segment(*subject.entity) + "/runPlaybook";
            if (subject.incident)
                body["incidentArmId"] =
                    api.arm_id("incidents/" + resolve_incident(api, *subject.incident));
        } else {
            suffix =
                "incidents/" + segment(resolve_incident(api, *subject.incident)) + "/runPlaybook";
        }
        const auto reply = api.checked_send("POST", api.arm_target(suffix), &body);
        const auto id = reply.header("X-Tocsin-Run-Id");
        if (!id)
            throw error(errc::internal, "the server started the run but did not say its id");
        return *id;
    }
    const json body = {{"params", std::move(params)},
                       {"workspace",
                        {{"subscription", ws.subscription},
                         {"resourceGroup", ws.resource_group},
                         {"name", ws.name}}}};
    return text_at(api.call("POST", "/api/v1/playbooks/" + segment(name) + "/runs", &body),
                   "runId");
}

int run_playbook_now(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto& name = pos[0];
    const auto subject = subject_of(a);
    const auto declared =
        api.call("GET", "/api/v1/playbooks/" + segment(name)).value("params", json::array());
    json params = json::object();
    for (const auto& kv : a.all("param")) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--param expects NAME=VALUE, got '" + kv + "'");
        const auto key = kv.substr(0, eq);
        params[key] = param_value(key, kv.substr(eq + 1), declared);
    }
    const auto run_id = start_run(api, name, subject, std::move(params));
    if (a.has("json")) {
        print_json({{"runId", run_id}, {"playbook", name}});
        return 0;
    }
    std::cout << "Started run " << run_id << " of playbook " << name << " (tocsin runs show "
              << run_id << ").\n";
    return 0;
}

const std::vector<client_subcommand>& playbook_subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list", "[--json]", "the playbooks the engine has loaded", "", {}, 0, 0, list_playbooks},
        {"run",
         "NAME [--incident ID | --alert ID | --entity ID [--incident ID]] "
         "[--param NAME=VALUE ...] [--json]",
         "start a playbook on demand, alone or on an incident, alert or entity",
         "Without a subject the playbook must declare the manual trigger; on an incident (its "
         "name or number) the manual or incident trigger, on an alert the manual or alert "
         "trigger, on an entity the manual trigger.\nValues are converted to the type each "
         "parameter declares (number, integer, boolean; table takes JSON).\nThe run gets the "
         "workspace of --workspace.",
         {{"param", true, true, "NAME=VALUE", "a parameter of the run; repeat for several"},
          {"incident", true, false, "ID", "run on this incident (name or number)"},
          {"alert", true, false, "ID", "run on this alert"},
          {"entity", true, false, "ID", "run on this entity"}},
         1,
         1,
         run_playbook_now},
    };
    return subs;
}

}  // namespace

int run_runs(int argc, char** argv, int first) {
    return run_client_group("runs", "Playbook runs on a running engine.", run_subcommands(), argc,
                            argv, first);
}

int run_playbooks(int argc, char** argv, int first) {
    return run_client_group("playbooks", "The playbooks of a running engine.",
                            playbook_subcommands(), argc, argv, first);
}

}  // namespace tocsin::cli
