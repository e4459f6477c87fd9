// `tocsin comments list|add`: the comments of an incident.
#include <iostream>

#include "engine/core/uuid.hpp"
#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_incident_ref.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

std::string author_of(const json& comment) {
    const auto author = comment.value("properties", json::object()).value("author", json::object());
    for (const auto* key : {"email", "name", "userPrincipalName"}) {
        auto text = text_at(author, key);
        if (!text.empty())
            return text;
    }
    return "unknown";
}

int list(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto incident = resolve_incident(api, pos[0]);
    const auto comments =
        api.call("GET", api.arm_target("incidents/" + segment(incident) + "/comments"))
            .value("value", json::array());
    if (a.has("json")) {
        print_json({{"value", comments}});
        return 0;
    }
    if (comments.empty()) {
        std::cout << "No comments.\n";
        return 0;
    }
    text_table table({"CREATED (UTC)", "AUTHOR", "NAME", "MESSAGE"});
    table.limit(1, 30);
    table.limit(3, 100);
    for (const auto& c : comments)
        table.add({short_time(text_at_pointer(c, "/properties/createdTimeUtc")), author_of(c),
                   text_at(c, "name"), text_at_pointer(c, "/properties/message")});
    table.print(std::cout);
    return 0;
}

int add(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto message = a.get("message");
    if (!message || message->empty())
        throw usage_error("'comments add' needs --message");
    const auto incident = resolve_incident(api, pos[0]);
    const json body = {{"properties", {{"message", *message}}}};
    const auto written = api.call("PUT",
                                  api.arm_target("incidents/" + segment(incident) + "/comments/" +
                                                 segment(new_time_ordered_uuid())),
                                  &body);
    if (a.has("json")) {
        print_json(written);
        return 0;
    }
    std::cout << "Added comment " << text_at(written, "name") << " to incident " << pos[0] << ".\n";
    return 0;
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list", "INCIDENT [--json]", "the comments of an incident", "", {}, 1, 1, list},
        {"add",
         "INCIDENT --message M [--json]",
         "comment on an incident",
         "",
         {{"message", true, false, "M", "the comment's text (required)"}},
         1,
         1,
         add},
    };
    return subs;
}

}  // namespace

int run_comments(int argc, char** argv, int first) {
    return run_client_group("comments", "The comments of an incident.", subcommands(), argc, argv,
                            first);
}

}  // namespace tocsin::cli
