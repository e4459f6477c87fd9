// `tocsin automation-rules list|show|put|delete`: Sentinel automation rules, which run on
// incidents and alerts as they are created or updated. Rules are written from JSON files (the
// shape of Sentinel's AutomationRules API); the list and show views summarise them for people.
#include <iostream>

#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_rules.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

const rule_collection automation_rules{"automationRules", "automation rule", ""};

std::string enabled_text(const json& logic) {
    const auto it = logic.find("isEnabled");
    if (it == logic.end() || !it->is_boolean())
        return "";
    return it->get<bool>() ? "yes" : "no";
}

std::string count_of(const json& properties, const json::json_pointer& where) {
    return properties.contains(where) && properties.at(where).is_array()
               ? std::to_string(properties.at(where).size())
               : "0";
}

// "RunPlaybook notify-soc", "ModifyProperties severity=High, status=Active", "AddIncidentTask
// Reset passwords": what an action does, on one line.
std::string action_text(const json& action) {
    const auto type = text_at(action, "actionType");
    const auto& config = action.value("actionConfiguration", json::object());
    std::string what;
    if (type == "RunPlaybook") {
        what = text_at(config, "logicAppResourceId");
    } else if (type == "AddIncidentTask") {
        what = text_at(config, "title");
    } else if (config.is_object()) {
        for (const auto& [key, value] : config.items()) {
            const auto text = value.is_string() ? value.get<std::string>() : value.dump();
            what += (what.empty() ? "" : ", ") + key + "=" + text;
        }
    }
    return what.empty() ? type : type + " " + what;
}

int list(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto rules = list_rules(api, automation_rules);
    if (a.has("json")) {
        print_json({{"value", rules}});
        return 0;
    }
    if (rules.empty()) {
        std::cout << "No automation rules.\n";
        return 0;
    }
    text_table table({"ORDER", "NAME", "ENABLED", "TRIGGERS ON", "WHEN", "CONDITIONS", "ACTIONS",
                      "DISPLAY NAME"});
    table.limit(7, 60);
    for (const auto& rule : rules) {
        const auto& p = rule.value("properties", json::object());
        const auto& logic = p.value("triggeringLogic", json::object());
        table.add({text_at(p, "order"), text_at(rule, "name"), enabled_text(logic),
                   text_at(logic, "triggersOn"), text_at(logic, "triggersWhen"),
                   count_of(p, json::json_pointer("/triggeringLogic/conditions")),
                   count_of(p, json::json_pointer("/actions")), text_at(p, "displayName")});
    }
    table.print(std::cout);
    return 0;
}

int show(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto rule = get_rule(api, automation_rules, pos[0]);
    if (a.has("json")) {
        print_json(rule);
        return 0;
    }
    const auto& p = rule.value("properties", json::object());
    const auto& logic = p.value("triggeringLogic", json::object());
    std::cout << "Automation rule " << text_at(rule, "name") << ": " << text_at(p, "displayName")
              << "\n";
    print_field(std::cout, "order", text_at(p, "order"));
    print_field(std::cout, "enabled", enabled_text(logic));
    if (const auto on = text_at(logic, "triggersOn"); !on.empty())
        print_field(std::cout, "triggers", on + " " + text_at(logic, "triggersWhen"));
    print_field(std::cout, "expires", text_at(logic, "expirationTimeUtc"));
    print_field(std::cout, "modified", text_at(p, "lastModifiedTimeUtc"));
    const auto& conditions = logic.value("conditions", json::array());
    std::cout << "\nConditions (" << conditions.size() << ")\n";
    for (const auto& c : conditions)
        std::cout << "  " << text_at(c, "conditionType") << " "
                  << c.value("conditionProperties", json::object()).dump() << "\n";
    const auto& actions = p.value("actions", json::array());
    std::cout << "\nActions (" << actions.size() << ")\n";
    for (const auto& action : actions)
        std::cout << "  " << text_at(action, "order") << ". " << action_text(action) << "\n";
    return 0;
}

int put(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto file = a.get("file");
    if (!file)
        throw usage_error("'automation-rules put' needs --file: the rule as JSON");
    const auto body = rule_body_from_file(automation_rules, read_json_document(*file));
    print_written_rule(a, automation_rules, put_rule(api, automation_rules, pos[0], body));
    return 0;
}

int remove(const args& a, const std::vector<std::string>& pos, api_client& api) {
    return delete_rule(a, api, automation_rules, pos[0]);
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list",
         "[--json]",
         "list the workspace's automation rules, in execution order",
         "",
         {},
         0,
         0,
         list},
        {"show",
         "NAME [--json]",
         "one automation rule with its conditions and actions",
         "",
         {},
         1,
         1,
         show},
        {"put",
         "NAME --file FILE|- [--json]",
         "create or replace an automation rule",
         "FILE holds the rule as Sentinel's AutomationRules API takes it: the resource as 'show "
         "--json'\nprints it (with its etag, the write fails if the rule changed since), or its "
         "properties\n(displayName, order, triggeringLogic, actions) alone.",
         {{"file", true, false, "FILE", "the rule as JSON (- for standard input)"}},
         1,
         1,
         put},
        {"delete",
         "NAME [--if-exists]",
         "delete an automation rule",
         "",
         {{"if-exists", false, false, "", "succeed when there is no such rule"}},
         1,
         1,
         remove},
    };
    return subs;
}

}  // namespace

int run_automation_rules(int argc, char** argv, int first) {
    return run_client_group("automation-rules",
                            "Automation rules: what happens when incidents and alerts are created "
                            "or updated.",
                            subcommands(), argc, argv, first);
}

}  // namespace tocsin::cli
