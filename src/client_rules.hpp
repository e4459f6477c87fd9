#pragma once
// What `tocsin creation-rules` and `tocsin automation-rules` share: the ARM collection a kind of
// rule lives in, reading a rule from a JSON file, and the list / get / put / delete calls with
// their one-line reports. A PUT replaces the whole rule; it is conditional only when the file
// carries the etag a GET returned (then a concurrent change fails with 409 instead of being
// overwritten).

#include <string>

#include <nlohmann/json.hpp>

#include "src/cli_args.hpp"
#include "src/client_api.hpp"

namespace tocsin::cli {

struct rule_collection {
    std::string path;  // under the workspace's SecurityInsights provider: "alertRules"
    std::string noun;  // for people: "creation rule"
    std::string kind;  // the resource's "kind" a body must carry; "" when the type has none
};

// The JSON document in FILE, or standard input for "-". not_found when the file cannot be read,
// invalid_argument when it is not JSON.
nlohmann::json read_json_document(const std::string& file);

// The PUT body for a rule file: a resource as GET returns it ({"properties": …[, "kind",
// "etag"]}) is sent as it is, with the collection's kind when it has none; anything else must be
// the properties object alone. invalid_argument for a document that is neither.
nlohmann::json rule_body_from_file(const rule_collection& rules, const nlohmann::json& document);

nlohmann::json list_rules(api_client& api, const rule_collection& rules);
// The server's 404 ("… doesn't exist.") when there is no such rule.
nlohmann::json get_rule(api_client& api, const rule_collection& rules, const std::string& name);

struct written_rule {
    nlohmann::json resource;
    bool created = false;
};
written_rule put_rule(api_client& api, const rule_collection& rules, const std::string& name,
                      const nlohmann::json& body);

// `put` reports: the resource with --json, else "Created|Updated <noun> NAME (display name)".
void print_written_rule(const args& a, const rule_collection& rules, const written_rule& written);

// DELETE, reported as "Deleted <noun> NAME."; a rule that did not exist fails with not_found
// unless --if-exists is given. Returns the exit status.
int delete_rule(const args& a, api_client& api, const rule_collection& rules,
                const std::string& name);

}  // namespace tocsin::cli
