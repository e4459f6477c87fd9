// `tocsin alerts ingest|list|show`: pushing SecurityAlerts into a workspace (Tocsin's own ingest
// route) and reading them back, those of one incident or the workspace's newest.
#include "src/client_alerts.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_incident_ref.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {

using nlohmann::json;

void print_alert_table(const json& alerts, std::string_view indent) {
    text_table table({"ALERT ID", "SEVERITY", "STATUS", "PRODUCT", "GENERATED (UTC)", "NAME"});
    table.limit(3, 30);
    table.limit(5, 70);
    for (const auto& alert : alerts) {
        const auto& p = alert.value("properties", json::object());
        table.add({text_at(alert, "name"), text_at(p, "severity"), text_at(p, "status"),
                   text_at(p, "productName"), short_time(text_at(p, "timeGenerated")),
                   text_at(p, "alertDisplayName")});
    }
    table.print(std::cout, indent);
}

namespace {

// Batches go to the server in pieces well under its limit (ingest.max_batch, 1000 by default).
constexpr std::size_t chunk_size = 500;

json read_document(const std::string& file) {
    std::string text;
    if (file == "-") {
        std::ostringstream buffer;
        buffer << std::cin.rdbuf();
        text = buffer.str();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw error(errc::not_found, "cannot read " + file + ": " + std::strerror(errno));
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
    }
    const std::string name = file == "-" ? "standard input" : file;
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        throw error(errc::invalid_argument, name + " is not JSON: " + e.what());
    }
}

std::string outcome_text(const json& item) {
    const int status = item.value("status", 0);
    if (status == 201)
        return "created";
    if (status == 200)
        return "already stored";
    const auto& err = item.value("error", json::object());
    auto text = text_at(err, "code") + ": " + text_at(err, "message");
    if (const auto target = text_at(err, "target"); !target.empty())
        text += " (" + target + ")";
    return text;
}

int ingest_one(const args& a, api_client& api, const json& alert) {
    const auto reply = api.checked_send("POST", api.workspace_target("alerts"), &alert);
    const auto stored = json_of(reply);
    if (a.has("json")) {
        print_json(stored);
        return 0;
    }
    std::cout << (reply.status == 201 ? "Created alert " : "Alert already stored: ")
              << text_at(stored, "name") << " ("
              << text_at_pointer(stored, "/properties/alertDisplayName") << ")\n";
    return 0;
}

int ingest_batch(const args& a, api_client& api, const json& alerts) {
    if (!alerts.is_array() || alerts.empty())
        throw error(errc::invalid_argument, "'alerts' must be a non-empty array");
    json results = json::array();
    for (std::size_t start = 0; start < alerts.size(); start += chunk_size) {
        const auto end = std::min(alerts.size(), start + chunk_size);
        const json body = {{"alerts", json(alerts.begin() + static_cast<std::ptrdiff_t>(start),
                                           alerts.begin() + static_cast<std::ptrdiff_t>(end))}};
        for (auto& item :
             api.call("POST", api.workspace_target("alerts"), &body).value("value", json::array()))
            results.push_back(std::move(item));
    }
    std::size_t refused = 0;
    for (const auto& item : results)
        refused += item.value("status", 0) >= 400 ? 1 : 0;
    if (a.has("json")) {
        print_json({{"value", results}});
    } else {
        text_table table({"#", "STATUS", "ALERT ID", "RESULT"});
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto& item = results[i];
            const auto id = item.contains("alert") ? text_at(item["alert"], "name")
                                                   : text_at(alerts[i], "systemAlertId");
            table.add({std::to_string(i), text_at(item, "status"), id, outcome_text(item)});
        }
        table.print(std::cout);
    }
    if (refused == 0)
        return 0;
    std::cerr << "tocsin: " << refused << " of " << results.size() << " alerts were refused\n";
    return 1;
}

int ingest(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto document = read_document(pos[0]);
    if (document.is_array())
        return ingest_batch(a, api, document);
    if (!document.is_object())
        throw error(errc::invalid_argument,
                    "expected one alert (an object) or a batch ({\"alerts\": [...]} or an array)");
    if (const auto it = document.find("alerts"); it != document.end())
        return ingest_batch(a, api, *it);
    return ingest_one(a, api, document);
}

json alerts_of(api_client& api, const std::string& incident) {
    const auto name = resolve_incident(api, incident);
    return api.call("POST", api.arm_target("incidents/" + segment(name) + "/alerts"))
        .value("value", json::array());
}

int list(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto alerts =
        pos.empty() ? api.call("GET", api.workspace_target("alerts")).value("value", json::array())
                    : alerts_of(api, pos[0]);
    if (a.has("json")) {
        print_json({{"value", alerts}});
        return 0;
    }
    if (alerts.empty()) {
        std::cout << "No alerts.\n";
        return 0;
    }
    print_alert_table(alerts);
    return 0;
}

int show(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto alert = api.call("GET", api.workspace_target("alerts/" + segment(pos[0])));
    if (a.has("json")) {
        print_json(alert);
        return 0;
    }
    const auto& p = alert.value("properties", json::object());
    std::cout << "Alert " << text_at(alert, "name") << ": " << text_at(p, "alertDisplayName")
              << "\n";
    for (const auto& [key, value] : p.items()) {
        if (key == "alertDisplayName" || key == "friendlyName")
            continue;
        const auto text = value.is_string() ? value.get<std::string>() : value.dump();
        if (text.empty() || text == "[]" || text == "{}" || text == "null")
            continue;
        std::cout << "  " << key << ": " << text << "\n";
    }
    for (const auto& incident : alert.value("incidents", json::array()))
        std::cout << "  in incident " << text_at(incident, "incidentNumber") << " ("
                  << text_at(incident, "name") << "): " << text_at(incident, "title") << "\n";
    return 0;
}

// --asset KIND:FIELD=VALUE[,FIELD=VALUE…], e.g. Host:hostName=ws-7 or
// Account:accountName=jdoe,upnSuffix=contoso.com; a value starting with '{' is the entity as JSON.
json asset_of(const std::string& text) {
    if (text.starts_with("{")) {
        auto value = json::parse(text, nullptr, false);
        if (!value.is_object())
            throw usage_error("--asset: '" + text + "' is not a JSON object");
        return value;
    }
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0)
        throw usage_error("--asset expects KIND:FIELD=VALUE[,FIELD=VALUE…], got '" + text + "'");
    json asset = {{"kind", text.substr(0, colon)}};
    std::istringstream fields(text.substr(colon + 1));
    for (std::string field; std::getline(fields, field, ',');) {
        const auto eq = field.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--asset: '" + field + "' is not FIELD=VALUE");
        asset[field.substr(0, eq)] = field.substr(eq + 1);
    }
    return asset;
}

int create(const args& a, const std::vector<std::string>&, api_client& api) {
    json body = {{"title", a.get("title").value_or("")},
                 {"severity", a.get("severity").value_or("Medium")}};
    for (const auto& [flag, field] :
         {std::pair{"category", "category"}, std::pair{"description", "description"}})
        if (const auto value = a.get(flag))
            body[field] = *value;
    for (const auto& [flag, field] :
         {std::pair{"technique", "techniques"}, std::pair{"tactic", "tactics"},
          std::pair{"action", "recommendedActions"}})
        if (const auto values = a.all(flag); !values.empty())
            body[field] = values;
    json assets = json::array();
    for (const auto& text : a.all("asset"))
        assets.push_back(asset_of(text));
    body["impactedAssets"] = std::move(assets);
    if (const auto evidence = a.get("evidence")) {
        body["evidence"] = evidence->starts_with("@") ? read_document(evidence->substr(1))
                                                      : json::parse(*evidence, nullptr, false);
        if (!body["evidence"].is_object())
            throw usage_error("--evidence expects a JSON object or @FILE holding one");
    }
    if (const auto incident = a.get("incident"))
        body["incident"] = resolve_incident(api, *incident);
    body["correlation"] = !a.has("no-correlation");
    const auto created = api.call("POST", api.workspace_target("alerts/manual"), &body);
    if (a.has("json")) {
        print_json(created);
        return 0;
    }
    const auto outcome = text_at_pointer(created, "/correlation/outcome");
    std::cout << "Created alert " << text_at(created["alert"], "name")
              << (outcome == "joined" ? " and correlated it into incident " : " in incident ")
              << text_at_pointer(created, "/incident/properties/incidentNumber") << " ("
              << text_at_pointer(created, "/incident/properties/title") << ")\n";
    return 0;
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"ingest",
         "FILE|- [--json]",
         "send one alert or a batch into the workspace",
         "FILE (or - for standard input) holds one alert (SecurityAlert properties with "
         "\"entities\"),\n{\"alerts\": [...]} or a JSON array of alerts. Each alert is reported "
         "as created, already\nstored (same systemAlertId) or refused with the reason; the exit "
         "status is 1 when any was refused.",
         {},
         1,
         1,
         ingest},
        {"create",
         "--title T --asset KIND:FIELD=VALUE… [--severity S] [--category C] [--technique T…] "
         "[--tactic T…] [--description D] [--action A…] [--evidence JSON|@FILE] [--incident ID] "
         "[--no-correlation] [--json]",
         "raise a manual alert (detection source Manual) in a new or an existing incident",
         "At least one --asset names what the alert is about, e.g. Host:hostName=ws-7,\n"
         "Account:accountName=jdoe,upnSuffix=contoso.com, Ip:address=203.0.113.9, or the entity "
         "as JSON.\nWithout --incident, correlation places the alert in an open incident that "
         "shares a strong\nentity with it, else in a new incident; --no-correlation always "
         "opens a new one.\n--incident takes its number or name.",
         {{"title", true, false, "T", "what happened (required)"},
          {"severity", true, false, "S", "High, Medium (default), Low or Informational"},
          {"category", true, false, "C", "e.g. InitialAccess"},
          {"technique", true, true, "T", "a MITRE technique id (T1566, T1566.001); repeatable"},
          {"tactic", true, true, "T", "a MITRE tactic (InitialAccess); repeatable"},
          {"description", true, false, "D", "more detail"},
          {"action", true, true, "A", "a recommended action; repeatable"},
          {"asset", true, true, "ASSET", "an impacted asset; at least one"},
          {"evidence", true, false, "JSON|@FILE", "free-form evidence: a JSON object"},
          {"incident", true, false, "ID", "attach to this incident instead of a new one"},
          {"no-correlation", false, false, "", "open a new incident even if one shares an entity"}},
         0,
         0,
         create},
        {"list",
         "[INCIDENT] [--json]",
         "the alerts of an incident, or the workspace's newest",
         "",
         {},
         0,
         1,
         list},
        {"show",
         "ALERT_ID [--json]",
         "one alert with its entities and the incidents it belongs to",
         "",
         {},
         1,
         1,
         show},
    };
    return subs;
}

}  // namespace

int run_alerts(int argc, char** argv, int first) {
    return run_client_group("alerts", "Security alerts: ingest them, read those of an incident.",
                            subcommands(), argc, argv, first);
}

}  // namespace tocsin::cli
