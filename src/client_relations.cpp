// `tocsin relate INCIDENT ALERT_ID` and `tocsin unrelate INCIDENT RELATION|ALERT_ID`: adding an
// alert to an incident and taking it out again, through the incident's relations.
#include <iostream>

#include "engine/core/uuid.hpp"
#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_incident_ref.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

int relate(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto incident = resolve_incident(api, pos[0]);
    const auto& alert = pos[1];
    // The default name depends only on the pair, so running the command again re-puts the same
    // relation instead of failing on an alert that is already related.
    const auto name = a.get("name").value_or(name_uuid("relation:" + incident + "/" + alert));
    const json body = {{"properties", {{"relatedResourceId", api.arm_id("entities/" + alert)}}}};
    query_list query;
    if (a.has("close-sole"))
        query.emplace_back("soleAlertPolicy", "close");
    const auto written = api.call(
        "PUT",
        api.arm_target("incidents/" + segment(incident) + "/relations/" + segment(name), query),
        &body);
    if (a.has("json")) {
        print_json(written);
        return 0;
    }
    std::cout << "Related alert " << alert << " to incident " << pos[0] << " (relation "
              << text_at(written, "name") << ").\n";
    return 0;
}

int unrelate(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto incident = resolve_incident(api, pos[0]);
    const auto& wanted = pos[1];
    const auto relations =
        api.call("GET", api.arm_target("incidents/" + segment(incident) + "/relations"))
            .value("value", json::array());
    std::string name;
    for (const auto& r : relations) {
        if (text_at(r, "name") == wanted ||
            text_at_pointer(r, "/properties/relatedResourceName") == wanted) {
            name = text_at(r, "name");
            break;
        }
    }
    if (name.empty())
        throw error(errc::not_found, "Incident " + pos[0] + " has no relation named " + wanted +
                                         " and no related alert with that id.");
    api.checked_send(
        "DELETE", api.arm_target("incidents/" + segment(incident) + "/relations/" + segment(name)));
    if (a.has("json")) {
        print_json({{"name", name}, {"deleted", true}});
        return 0;
    }
    std::cout << "Removed relation " << name << " from incident " << pos[0] << ".\n";
    return 0;
}

}  // namespace

int run_relate(int argc, char** argv, int first) {
    static const std::vector<client_subcommand> command{
        {"",
         "INCIDENT ALERT_ID [--name N] [--close-sole] [--json]",
         "add an alert to an incident",
         "INCIDENT is a name or an incident number; ALERT_ID the alert's systemAlertId. An alert "
         "that was\nthe only alert of another incident leaves that incident open unless "
         "--close-sole is given.",
         {{"name", true, false, "N",
           "the relation's name (3-63 letters, digits, hyphens; default: derived from the pair)"},
          {"close-sole", false, false, "",
           "close the incident the alert leaves when it was its only alert"}},
         2,
         2,
         relate}};
    return run_client_group("relate", "", command, argc, argv, first);
}

int run_unrelate(int argc, char** argv, int first) {
    static const std::vector<client_subcommand> command{
        {"",
         "INCIDENT RELATION|ALERT_ID [--json]",
         "take an alert out of an incident",
         "The second argument is the relation's name or the related alert's systemAlertId.",
         {},
         2,
         2,
         unrelate}};
    return run_client_group("unrelate", "", command, argc, argv, first);
}

}  // namespace tocsin::cli
