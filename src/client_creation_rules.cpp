// `tocsin creation-rules list|show|put|delete`: incident creation rules (Sentinel alert rules of
// kind MicrosoftSecurityIncidentCreation), which say which new alerts become incidents. `put`
// builds the rule from flags or sends a JSON file; either way it replaces the whole rule, so
// flags left out take their defaults (enabled, every severity, every display name).
#include <iostream>

#include "engine/model/enums.hpp"
#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_rules.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

const rule_collection creation_rules{"alertRules", "creation rule",
                                     "MicrosoftSecurityIncidentCreation"};

// The flags that build a rule; none of them goes with --file.
const std::vector<std::string> rule_flags{"display-name", "product",  "severity",   "include",
                                          "exclude",      "disabled", "description"};

// "a, b" of a string or an array of strings; `none` when there is nothing.
std::string joined(const json& value, const std::string& none = "") {
    if (value.is_string())
        return value.get<std::string>();
    std::string out;
    if (value.is_array())
        for (const auto& item : value)
            if (item.is_string())
                out += (out.empty() ? "" : ", ") + item.get<std::string>();
    return out.empty() ? none : out;
}

std::string enabled_text(const json& properties) {
    const auto it = properties.find("enabled");
    if (it == properties.end() || !it->is_boolean())
        return "";
    return it->get<bool>() ? "yes" : "no";
}

// Severities in their canonical spelling; "High,Low" and repeated flags alike.
json severities_of(const args& a) {
    json out = json::array();
    for (const auto& value : a.all("severity")) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto comma = value.find(',', start);
            const auto item = value.substr(start, comma - start);
            if (!item.empty()) {
                const auto parsed = model::parse_enum<model::severity>(item);
                if (!parsed)
                    throw usage_error("--severity '" + item + "' is not one of " +
                                      model::accepted_names<model::severity>());
                out.push_back(model::to_string(*parsed));
            }
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    return out;
}

json body_from_flags(const args& a, const std::string& name) {
    const auto products = a.all("product");
    if (products.empty())
        throw usage_error("'creation-rules put' needs --product (one or more) or --file");
    json properties = {{"displayName", a.get("display-name").value_or(name)},
                       {"enabled", !a.has("disabled")},
                       // One product in Sentinel's form (a name), several as an array.
                       {"productFilter", products.size() == 1 ? json(products[0]) : json(products)},
                       {"severitiesFilter", severities_of(a)},
                       {"displayNamesFilter", a.all("include")},
                       {"displayNamesExcludeFilter", a.all("exclude")}};
    if (const auto description = a.get("description"))
        properties["description"] = *description;
    return {{"kind", creation_rules.kind}, {"properties", std::move(properties)}};
}

int list(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto rules = list_rules(api, creation_rules);
    if (a.has("json")) {
        print_json({{"value", rules}});
        return 0;
    }
    if (rules.empty()) {
        std::cout << "No creation rules.\n";
        return 0;
    }
    text_table table(
        {"NAME", "ENABLED", "PRODUCTS", "SEVERITIES", "INCLUDE", "EXCLUDE", "DISPLAY NAME"});
    table.limit(2, 40);
    table.limit(4, 30);
    table.limit(5, 30);
    table.limit(6, 60);
    for (const auto& rule : rules) {
        const auto& p = rule.value("properties", json::object());
        table.add({text_at(rule, "name"), enabled_text(p), joined(p.value("productFilter", json())),
                   joined(p.value("severitiesFilter", json()), "any"),
                   joined(p.value("displayNamesFilter", json()), "any"),
                   joined(p.value("displayNamesExcludeFilter", json())),
                   text_at(p, "displayName")});
    }
    table.print(std::cout);
    return 0;
}

int show(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto rule = get_rule(api, creation_rules, pos[0]);
    if (a.has("json")) {
        print_json(rule);
        return 0;
    }
    const auto& p = rule.value("properties", json::object());
    std::cout << "Creation rule " << text_at(rule, "name") << ": " << text_at(p, "displayName")
              << "\n";
    print_field(std::cout, "enabled", enabled_text(p));
    print_field(std::cout, "products", joined(p.value("productFilter", json())));
    print_field(std::cout, "severities", joined(p.value("severitiesFilter", json()), "any"));
    print_field(std::cout, "include names", joined(p.value("displayNamesFilter", json()), "any"));
    print_field(std::cout, "exclude names", joined(p.value("displayNamesExcludeFilter", json())));
    print_field(std::cout, "template", text_at(p, "alertRuleTemplateName"));
    print_field(std::cout, "modified", text_at(p, "lastModifiedUtc"));
    print_field(std::cout, "description", text_at(p, "description"));
    return 0;
}

int put(const args& a, const std::vector<std::string>& pos, api_client& api) {
    json body;
    if (const auto file = a.get("file")) {
        for (const auto& flag : rule_flags)
            if (a.has(flag))
                throw usage_error("--" + flag +
                                  " cannot be combined with --file: the file holds "
                                  "the whole rule");
        body = rule_body_from_file(creation_rules, read_json_document(*file));
    } else {
        body = body_from_flags(a, pos[0]);
    }
    print_written_rule(a, creation_rules, put_rule(api, creation_rules, pos[0], body));
    return 0;
}

int remove(const args& a, const std::vector<std::string>& pos, api_client& api) {
    return delete_rule(a, api, creation_rules, pos[0]);
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list", "[--json]", "list the workspace's creation rules, by name", "", {}, 0, 0, list},
        {"show", "NAME [--json]", "one creation rule", "", {}, 1, 1, show},
        {"put",
         "NAME --product P... [--display-name T] [--severity S...] [--include TEXT...] "
         "[--exclude TEXT...] [--disabled] [--description D] [--json] | NAME --file FILE|-",
         "create or replace a creation rule",
         "An alert becomes an incident when an enabled rule names its product (ignoring case), "
         "its severity\nis among the rule's (default: any), and its display name contains one "
         "--include text (default:\nany name) and no --exclude text, ignoring case. The rule is "
         "replaced as a whole: flags left out\ntake their defaults. --file sends a rule as "
         "'show --json' prints it (kind, properties, etag:\nthe write fails if the rule changed "
         "since), or its properties alone.",
         {{"product", true, true, "P", "an alert product the rule applies to; repeatable"},
          {"display-name", true, false, "T", "the rule's display name (default: NAME)"},
          {"severity", true, true, "S",
           "High, Medium, Low or Informational; repeat or comma-separate (default: any)"},
          {"include", true, true, "TEXT", "alert names must contain one of these; repeatable"},
          {"exclude", true, true, "TEXT", "alert names must contain none of these; repeatable"},
          {"disabled", false, false, "", "store the rule switched off"},
          {"description", true, false, "D", "what the rule is for"},
          {"file", true, false, "FILE", "the rule as JSON (- for standard input)"}},
         1,
         1,
         put},
        {"delete",
         "NAME [--if-exists]",
         "delete a creation rule",
         "",
         {{"if-exists", false, false, "", "succeed when there is no such rule"}},
         1,
         1,
         remove},
    };
    return subs;
}

}  // namespace

int run_creation_rules(int argc, char** argv, int first) {
    return run_client_group("creation-rules",
                            "Incident creation rules: which new alerts become incidents.",
                            subcommands(), argc, argv, first);
}

}  // namespace tocsin::cli
