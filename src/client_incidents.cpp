// `tocsin incidents list|show|create|update|close|delete`: the incidents of a workspace, through
// the Sentinel-compatible ARM routes. Updates are GET-modify-PUT with the etag read, so a change
// made by someone else in between fails with 409/412 instead of being overwritten.
#include <algorithm>
#include <iostream>
#include <optional>

#include "engine/core/uuid.hpp"
#include "engine/model/enums.hpp"
#include "src/client_alerts.hpp"
#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_incident_ref.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

// Pages of --all without --top: few round trips, each reply still small.
constexpr std::size_t all_page_size = 500;

// The canonical spelling of an enum value given in any case; usage_error listing the accepted
// ones otherwise.
template <typename E>
std::string enum_flag(const std::string& flag, const std::string& text) {
    if (const auto parsed = model::parse_enum<E>(text))
        return std::string(model::to_string(*parsed));
    throw usage_error("--" + flag + " '" + text + "' is not one of " + model::accepted_names<E>());
}

// "a,b" and repeated flags alike: every value, split at commas.
std::vector<std::string> list_flag(const args& a, const std::string& flag) {
    std::vector<std::string> out;
    for (const auto& value : a.all(flag)) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto comma = value.find(',', start);
            auto item = value.substr(start, comma - start);
            if (!item.empty())
                out.push_back(std::move(item));
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    return out;
}

template <typename E>
std::string any_of_filter(const args& a, const std::string& flag, const std::string& path) {
    std::string out;
    for (const auto& v : list_flag(a, flag))
        out += (out.empty() ? "" : " or ") + path + " eq " + odata_string(enum_flag<E>(flag, v));
    return out;
}

std::string list_filter(const args& a) {
    std::vector<std::string> parts;
    if (auto f = any_of_filter<model::incident_status>(a, "status", "properties/status");
        !f.empty())
        parts.push_back(f);
    if (auto f = any_of_filter<model::severity>(a, "severity", "properties/severity"); !f.empty())
        parts.push_back(f);
    if (const auto owner = a.get("owner")) {
        const auto who = odata_string(*owner);
        parts.push_back("properties/owner/email eq " + who + " or properties/owner/assignedTo eq " +
                        who + " or properties/owner/userPrincipalName eq " + who);
    }
    if (const auto extra = a.get("filter"))
        parts.push_back(*extra);
    if (parts.size() == 1)
        return parts.front();
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "(" : " and (") + p + ")";
    return out;
}

std::size_t top_flag(const args& a) {
    const auto text = a.get("top");
    if (!text)
        return 0;
    std::size_t used = 0;
    long value = 0;
    try {
        value = std::stol(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text->size() || value < 1 || value > 1000)
        throw usage_error("--top expects a number from 1 to 1000, got '" + *text + "'");
    return static_cast<std::size_t>(value);
}

void print_incident_table(const json& items) {
    text_table table({"NUMBER", "NAME", "SEVERITY", "STATUS", "OWNER", "CREATED (UTC)", "TITLE"});
    table.limit(4, 30);
    table.limit(6, 70);
    for (const auto& i : items) {
        const auto& p = i.value("properties", json::object());
        table.add({text_at(p, "incidentNumber"), text_at(i, "name"), text_at(p, "severity"),
                   text_at(p, "status"), owner_text(p.value("owner", json::object())),
                   short_time(text_at(p, "createdTimeUtc")), text_at(p, "title")});
    }
    table.print(std::cout);
}

int list(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto top = top_flag(a);
    const bool all = a.has("all");
    query_list query;
    if (const auto filter = list_filter(a); !filter.empty())
        query.emplace_back("$filter", filter);
    if (const auto order = a.get("orderby"))
        query.emplace_back("$orderby", *order);
    if (all || top)
        query.emplace_back("$top", std::to_string(top ? top : all_page_size));

    json items = json::array();
    std::string next;
    auto page = api.call("GET", api.arm_target("incidents", query));
    while (true) {
        for (auto& item : page.value("value", json::array()))
            items.push_back(std::move(item));
        next = text_at(page, "nextLink");
        if (!all || next.empty())
            break;
        page = api.call("GET", api.target_of_link(next));
    }
    if (a.has("json")) {
        json out = {{"value", items}};
        if (!next.empty())
            out["nextLink"] = next;
        print_json(out);
        return 0;
    }
    if (items.empty()) {
        std::cout << "No incidents.\n";
        return 0;
    }
    print_incident_table(items);
    if (!next.empty())
        std::cerr << "(more incidents match: --all lists every one)\n";
    return 0;
}

int show(const args& a, const std::vector<std::string>& pos, api_client& api) {
    auto incident = fetch_incident(api, pos[0]);
    const auto name = segment(text_at(incident, "name"));
    const auto alerts = api.call("POST", api.arm_target("incidents/" + name + "/alerts"))
                            .value("value", json::array());
    const auto comments = api.call("GET", api.arm_target("incidents/" + name + "/comments"))
                              .value("value", json::array());
    if (a.has("json")) {
        incident["alerts"] = alerts;
        incident["comments"] = comments;
        print_json(incident);
        return 0;
    }
    const auto& p = incident.value("properties", json::object());
    std::cout << "Incident " << incident_label(incident) << ": " << text_at(p, "title") << "\n";
    print_field(std::cout, "name", text_at(incident, "name"));
    print_field(std::cout, "severity", text_at(p, "severity"));
    std::string status = text_at(p, "status");
    if (const auto c = text_at(p, "classification"); !c.empty()) {
        status += " as " + c;
        if (const auto r = text_at(p, "classificationReason"); !r.empty())
            status += " (" + r + ")";
    }
    print_field(std::cout, "status", status);
    print_field(std::cout, "comment", text_at(p, "classificationComment"));
    print_field(std::cout, "owner", owner_text(p.value("owner", json::object())));
    print_field(std::cout, "labels", labels_text(p.value("labels", json::array())));
    print_field(std::cout, "created", text_at(p, "createdTimeUtc"));
    print_field(std::cout, "modified", text_at(p, "lastModifiedTimeUtc"));
    print_field(std::cout, "first activity", text_at(p, "firstActivityTimeUtc"));
    print_field(std::cout, "last activity", text_at(p, "lastActivityTimeUtc"));
    print_field(std::cout, "provider", text_at(p, "providerName"));
    print_field(std::cout, "url", text_at(p, "incidentUrl"));
    print_field(std::cout, "description", text_at(p, "description"));
    std::cout << "\nAlerts (" << alerts.size() << ")\n";
    if (!alerts.empty())
        print_alert_table(alerts, "  ");
    std::cout << "\nComments (" << comments.size() << ")\n";
    for (const auto& c : comments) {
        const auto& cp = c.value("properties", json::object());
        const auto& author = cp.value("author", json::object());
        auto who = text_at(author, "email");
        if (who.empty())
            who = text_at(author, "name");
        std::cout << "  " << short_time(text_at(cp, "createdTimeUtc")) << "  "
                  << (who.empty() ? "unknown" : who) << ": " << text_at(cp, "message") << "\n";
    }
    return 0;
}

json owner_json(const std::string& who) {
    if (who.empty())
        return json::object();
    json owner = {{"assignedTo", who}, {"ownerType", "User"}};
    if (who.find('@') != std::string::npos) {
        owner["email"] = who;
        owner["userPrincipalName"] = who;
    }
    return owner;
}

// Writes the incident back with the etag it was read with, and prints the outcome.
json put_incident(api_client& api, const json& incident) {
    const auto name = segment(text_at(incident, "name"));
    json body = {{"properties", incident.value("properties", json::object())}};
    if (incident.contains("etag"))
        body["etag"] = incident["etag"];
    return api.call("PUT", api.arm_target("incidents/" + name), &body);
}

void print_written(const args& a, const std::string& verb, const json& incident) {
    if (a.has("json")) {
        print_json(incident);
        return;
    }
    const auto& p = incident.value("properties", json::object());
    std::cout << verb << " incident " << incident_label(incident) << " ("
              << text_at(incident, "name") << "): " << text_at(p, "title") << " ["
              << text_at(p, "severity") << ", " << text_at(p, "status");
    if (const auto owner = owner_text(p.value("owner", json::object())); !owner.empty())
        std::cout << ", owner " << owner;
    std::cout << "]\n";
}

int create(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto title = a.get("title");
    if (!title || title->empty())
        throw usage_error("'incidents create' needs --title");
    json properties = {
        {"title", *title},
        {"severity", enum_flag<model::severity>("severity", a.get("severity").value_or("Medium"))},
        {"status", "New"},
        {"description", a.get("description").value_or("")}};
    if (const auto owner = a.get("owner"))
        properties["owner"] = owner_json(*owner);
    json labels = json::array();
    for (const auto& l : a.all("label"))
        labels.push_back({{"labelName", l}, {"labelType", "User"}});
    properties["labels"] = labels;
    const json body = {{"properties", properties}};
    // A fresh random name: the PUT creates, it cannot replace someone else's incident.
    const auto written =
        api.call("PUT", api.arm_target("incidents/" + segment(new_time_ordered_uuid())), &body);
    print_written(a, "Created", written);
    return 0;
}

int update(const args& a, const std::vector<std::string>& pos, api_client& api) {
    static const std::vector<std::string> changes{
        "title", "severity", "status", "owner", "description", "add-label", "remove-label"};
    if (std::none_of(changes.begin(), changes.end(), [&](const auto& f) { return a.has(f); }))
        throw usage_error(
            "nothing to update: give --title, --severity, --status, --owner, "
            "--description, --add-label or --remove-label");
    std::optional<std::string> status;
    if (const auto s = a.get("status")) {
        status = enum_flag<model::incident_status>("status", *s);
        if (*status == "Closed")
            throw usage_error("closing takes a classification: use 'tocsin incidents close " +
                              pos[0] + " --classification C'");
    }
    auto incident = fetch_incident(api, pos[0]);
    auto& p = incident["properties"];
    if (const auto v = a.get("title"))
        p["title"] = *v;
    if (const auto v = a.get("description"))
        p["description"] = *v;
    if (const auto v = a.get("severity"))
        p["severity"] = enum_flag<model::severity>("severity", *v);
    if (status)
        p["status"] = *status;
    if (const auto v = a.get("owner"))
        p["owner"] = owner_json(*v);
    json labels = json::array();
    const auto removed = a.all("remove-label");
    for (const auto& l : p.value("labels", json::array())) {
        const auto name = l.is_string() ? l.get<std::string>() : text_at(l, "labelName");
        if (std::none_of(removed.begin(), removed.end(),
                         [&](const auto& r) { return model::iequals(r, name); }))
            labels.push_back(l);
    }
    for (const auto& l : a.all("add-label"))
        labels.push_back({{"labelName", l}, {"labelType", "User"}});
    p["labels"] = labels;
    print_written(a, "Updated", put_incident(api, incident));
    return 0;
}

int close_incident(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto classification = a.get("classification");
    if (!classification)
        throw usage_error("'incidents close' needs --classification (" +
                          model::accepted_names<model::classification>() + ")");
    const auto c = enum_flag<model::classification>("classification", *classification);
    std::optional<std::string> reason;
    if (const auto r = a.get("reason"))
        reason = enum_flag<model::classification_reason>("reason", *r);
    auto incident = fetch_incident(api, pos[0]);
    auto& p = incident["properties"];
    p["status"] = "Closed";
    p["classification"] = c;
    if (reason)
        p["classificationReason"] = *reason;
    else
        p.erase("classificationReason");
    if (const auto comment = a.get("comment"))
        p["classificationComment"] = *comment;
    const auto written = put_incident(api, incident);
    if (a.has("json")) {
        print_json(written);
        return 0;
    }
    std::cout << "Closed incident " << incident_label(written) << " (" << text_at(written, "name")
              << ") as " << c << (reason ? " (" + *reason + ")" : "") << "\n";
    return 0;
}

int delete_incident(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto name = resolve_incident(api, pos[0]);
    const auto reply = api.checked_send("DELETE", api.arm_target("incidents/" + segment(name)));
    if (reply.status == 204 && !a.has("if-exists"))
        throw error(errc::not_found, "Incident " + pos[0] + " doesn't exist.");
    if (a.has("json")) {
        print_json({{"name", name}, {"deleted", reply.status != 204}});
        return 0;
    }
    std::cout << (reply.status == 204 ? "Incident " + pos[0] + " did not exist.\n"
                                      : "Deleted incident " + name + ".\n");
    return 0;
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list",
         "[--status S] [--severity S] [--owner X] [--top N] [--all] [--filter ODATA] [--json]",
         "list incidents, newest first",
         "--status and --severity take one value or several (New,Active); --owner matches the "
         "owner's email,\nassignedTo or userPrincipalName; --filter is an OData $filter "
         "combined with the others by 'and'.\n--top N lists the first N; with --all it is the page "
         "size, and every page is read.",
         {{"status", true, true, "S", "New, Active or Closed; repeat or comma-separate for any of"},
          {"severity", true, true, "S", "High, Medium, Low or Informational"},
          {"owner", true, false, "X", "owner's email, name or UPN"},
          {"filter", true, false, "ODATA", "an OData $filter, e.g. \"properties/title eq 'x'\""},
          {"orderby", true, false, "ODATA", "an OData $orderby, e.g. \"properties/severity desc\""},
          {"top", true, false, "N",
           "at most N incidents (1-1000; default 50); with --all: per page"},
          {"all", false, false, "", "every matching incident, following nextLink"}},
         0,
         0,
         list},
        {"show",
         "ID|NUMBER [--json]",
         "an incident with its alerts and comments",
         "--json prints the incident resource with two more members: \"alerts\" and "
         "\"comments\".",
         {},
         1,
         1,
         show},
        {"create",
         "--title T [--severity S] [--description D] [--owner EMAIL] [--label L ...] [--json]",
         "create an incident (status New)",
         "",
         {{"title", true, false, "T", "the title (required)"},
          {"severity", true, false, "S", "High, Medium (default), Low or Informational"},
          {"description", true, false, "D", "the description"},
          {"owner", true, false, "EMAIL", "assign to this person"},
          {"label", true, true, "L", "a label; repeat for several"}},
         0,
         0,
         create},
        {"update",
         "ID|NUMBER [--title T] [--severity S] [--status S] [--owner X] [--add-label L] "
         "[--remove-label L] [--json]",
         "change an incident's fields",
         "--owner \"\" unassigns. An incident changed by someone else since it was read is "
         "not overwritten:\nthe command fails with 409 and can be run again.",
         {{"title", true, false, "T", "new title"},
          {"description", true, false, "D", "new description"},
          {"severity", true, false, "S", "High, Medium, Low or Informational"},
          {"status", true, false, "S", "New or Active (use 'close' to close)"},
          {"owner", true, false, "X", "assign to this person; \"\" unassigns"},
          {"add-label", true, true, "L", "add a label; repeatable"},
          {"remove-label", true, true, "L", "remove a label (any case); repeatable"}},
         1,
         1,
         update},
        {"close",
         "ID|NUMBER --classification C [--reason R] [--comment C] [--json]",
         "close an incident with a classification",
         "Classifications: Undetermined, TruePositive, BenignPositive, FalsePositive.\n"
         "Reasons: TruePositive takes SuspiciousActivity; BenignPositive takes "
         "SuspiciousButExpected;\nFalsePositive takes IncorrectAlertLogic or InaccurateData; "
         "Undetermined takes none.",
         {{"classification", true, false, "C", "the classification (required)"},
          {"reason", true, false, "R", "the classification reason"},
          {"comment", true, false, "C", "the closing comment"}},
         1,
         1,
         close_incident},
        {"delete",
         "ID|NUMBER [--if-exists]",
         "delete an incident",
         "",
         {{"if-exists", false, false, "", "succeed when there is no such incident"}},
         1,
         1,
         delete_incident},
    };
    return subs;
}

}  // namespace

int run_incidents(int argc, char** argv, int first) {
    return run_client_group("incidents", "The incidents of a workspace, on a running engine.",
                            subcommands(), argc, argv, first);
}

}  // namespace tocsin::cli
