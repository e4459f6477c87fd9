#include "src/client_rules.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "src/client_command.hpp"
#include "src/client_format.hpp"

namespace tocsin::cli {

using nlohmann::json;

namespace {

std::string capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

std::string target_of(api_client& api, const rule_collection& rules, const std::string& name) {
    return api.arm_target(rules.path + "/" + segment(name));
}

}  // namespace

json read_json_document(const std::string& file) {
    std::ostringstream buffer;
    if (file == "-") {
        buffer << std::cin.rdbuf();
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw error(errc::not_found, "cannot read " + file + ": " + std::strerror(errno));
        buffer << in.rdbuf();
    }
    try {
        return json::parse(buffer.str());
    } catch (const json::parse_error& e) {
        throw error(errc::invalid_argument, (file == "-" ? std::string("standard input") : file) +
                                                " is not JSON: " + e.what());
    }
}

json rule_body_from_file(const rule_collection& rules, const json& document) {
    if (!document.is_object())
        throw error(errc::invalid_argument,
                    "a rule file holds a JSON object: the rule as 'show --json' prints it, or "
                    "its properties");
    json body = document.contains("properties") ? document : json{{"properties", document}};
    if (!rules.kind.empty() && !body.contains("kind"))
        body["kind"] = rules.kind;
    return body;
}

json list_rules(api_client& api, const rule_collection& rules) {
    return api.call("GET", api.arm_target(rules.path)).value("value", json::array());
}

json get_rule(api_client& api, const rule_collection& rules, const std::string& name) {
    return api.call("GET", target_of(api, rules, name));
}

written_rule put_rule(api_client& api, const rule_collection& rules, const std::string& name,
                      const json& body) {
    const auto reply = api.checked_send("PUT", target_of(api, rules, name), &body);
    return {json_of(reply), reply.status == 201};
}

void print_written_rule(const args& a, const rule_collection& rules, const written_rule& written) {
    if (a.has("json")) {
        print_json(written.resource);
        return;
    }
    std::cout << (written.created ? "Created " : "Updated ") << rules.noun << " "
              << text_at(written.resource, "name") << " ("
              << text_at_pointer(written.resource, "/properties/displayName") << ")\n";
}

int delete_rule(const args& a, api_client& api, const rule_collection& rules,
                const std::string& name) {
    const auto reply = api.checked_send("DELETE", target_of(api, rules, name));
    const bool deleted = reply.status != 204;
    if (!deleted && !a.has("if-exists"))
        throw error(errc::not_found, capitalised(rules.noun) + " " + name + " doesn't exist.");
    if (a.has("json")) {
        print_json({{"name", name}, {"deleted", deleted}});
        return 0;
    }
    std::cout << (deleted ? "Deleted " + rules.noun + " " + name + ".\n"
                          : capitalised(rules.noun) + " " + name + " did not exist.\n");
    return 0;
}

}  // namespace tocsin::cli
