// `tocsin watchlists list|show|create|delete|items`: watchlists (Sentinel watchlists) of a
// workspace over the REST API. `create` uploads a CSV file as the watchlist's content; it creates
// the watchlist or replaces it with all its items, as the API's PUT does.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "engine/model/watchlist.hpp"
#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/client_table.hpp"
#include "src/commands.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

constexpr std::size_t default_items_shown = 100;
constexpr std::size_t items_page = 1000;

std::string target_of(api_client& api, const std::string& alias, std::string_view rest = {}) {
    return api.arm_target("watchlists/" + segment(alias) + std::string(rest));
}

std::size_t count_flag(const args& a, const std::string& name, std::size_t fallback,
                       std::size_t min, std::size_t max) {
    const auto text = a.get(name);
    if (!text)
        return fallback;
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max)
        throw usage_error("--" + name + " expects a number from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", got '" + *text + "'");
    return value;
}

// The CSV file's bytes ("-": standard input). Refused here when larger than the API takes, so
// that a big file fails with the limit rather than the server's body limit.
std::string read_csv(const std::string& file) {
    std::string text;
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw error(errc::not_found, "Cannot read " + file + ".");
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (text.size() > model::max_watchlist_raw_content_bytes)
        throw error(errc::limit_exceeded,
                    file + " is " + std::to_string(text.size()) +
                        " bytes; a watchlist's CSV is at most " +
                        std::to_string(model::max_watchlist_raw_content_bytes) + " bytes.");
    return text;
}

std::string joined(const json& values) {
    std::string out;
    if (values.is_array())
        for (const auto& v : values)
            if (v.is_string())
                out += (out.empty() ? "" : ", ") + v.get<std::string>();
    return out;
}

std::string count_text(const json& properties) {
    const auto it = properties.find("itemsCount");
    return it != properties.end() && it->is_number_integer() ? std::to_string(it->get<long long>())
                                                             : "";
}

int list(const args& a, const std::vector<std::string>&, api_client& api) {
    json lists = json::array();
    auto page = api.call("GET", api.arm_target("watchlists"));
    while (true) {
        for (auto& item : page.value("value", json::array()))
            lists.push_back(std::move(item));
        const auto next = text_at(page, "nextLink");
        if (next.empty())
            break;
        page = api.call("GET", api.target_of_link(next));
    }
    if (a.has("json")) {
        print_json({{"value", lists}});
        return 0;
    }
    if (lists.empty()) {
        std::cout << "No watchlists.\n";
        return 0;
    }
    text_table table({"ALIAS", "ITEMS", "KEY", "PROVIDER", "UPDATED", "DISPLAY NAME"});
    table.limit(2, 30);
    table.limit(3, 30);
    table.limit(5, 60);
    for (const auto& list : lists) {
        const auto& p = list.value("properties", json::object());
        table.add({text_at(list, "name"), count_text(p), text_at(p, "itemsSearchKey"),
                   text_at(p, "provider"), short_time(text_at(p, "updated")),
                   text_at(p, "displayName")});
    }
    table.print(std::cout);
    return 0;
}

int show(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto list = api.call("GET", target_of(api, pos[0]));
    if (a.has("json")) {
        print_json(list);
        return 0;
    }
    const auto& p = list.value("properties", json::object());
    std::cout << "Watchlist " << text_at(list, "name") << ": " << text_at(p, "displayName") << "\n";
    print_field(std::cout, "items", count_text(p));
    print_field(std::cout, "key column", text_at(p, "itemsSearchKey"));
    print_field(std::cout, "columns", joined(p.value("columns", json())));
    print_field(std::cout, "provider", text_at(p, "provider"));
    print_field(std::cout, "source", text_at(p, "source"));
    print_field(std::cout, "labels", joined(p.value("labels", json())));
    print_field(std::cout, "created", text_at(p, "created"));
    print_field(std::cout, "updated", text_at(p, "updated"));
    print_field(std::cout, "updated by", text_at_pointer(p, "/updatedBy/name"));
    print_field(std::cout, "description", text_at(p, "description"));
    return 0;
}

int create(const args& a, const std::vector<std::string>& pos, api_client& api) {
    if (!a.has("csv") || !a.has("key"))
        throw usage_error("'watchlists create' needs --csv FILE and --key COLUMN");
    const auto file = *a.get("csv");
    const auto& alias = pos[0];
    json properties = {
        {"displayName", a.get("display-name").value_or(alias)},
        {"provider", a.get("provider").value_or("tocsin")},
        {"source",
         a.get("source").value_or(file == "-" ? std::string("stdin")
                                              : std::filesystem::path(file).filename().string())},
        {"itemsSearchKey", *a.get("key")},
        {"contentType", "text/csv"},
        {"numberOfLinesToSkip",
         count_flag(a, "skip-lines", 0, 0, model::max_watchlist_lines_to_skip)},
        {"rawContent", read_csv(file)},
    };
    if (const auto description = a.get("description"))
        properties["description"] = *description;
    if (a.has("label"))
        properties["labels"] = a.all("label");
    const json body = {{"properties", std::move(properties)}};
    const auto reply = api.checked_send("PUT", target_of(api, alias), &body);
    const auto resource = json_of(reply);
    if (a.has("json")) {
        print_json(resource);
        return 0;
    }
    std::cout << (reply.status == 201 ? "Created" : "Replaced") << " watchlist "
              << text_at(resource, "name") << " with "
              << count_text(resource.value("properties", json::object())) << " items (key "
              << text_at_pointer(resource, "/properties/itemsSearchKey") << ").\n";
    return 0;
}

int remove(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto& alias = pos[0];
    const auto reply = api.checked_send("DELETE", target_of(api, alias));
    const bool deleted = reply.status != 204;
    if (!deleted && !a.has("if-exists"))
        throw error(errc::not_found, "Watchlist " + alias + " doesn't exist.");
    if (a.has("json")) {
        print_json({{"name", alias}, {"deleted", deleted}});
        return 0;
    }
    std::cout << (deleted ? "Deleted watchlist " + alias + ".\n"
                          : "Watchlist " + alias + " did not exist.\n");
    return 0;
}

int items(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto& alias = pos[0];
    const auto wanted = count_flag(a, "top", default_items_shown, 1, model::max_watchlist_items);
    // The watchlist first: its columns give the table its order (and a clear 404).
    const auto list = api.call("GET", target_of(api, alias));
    json rows = json::array();
    std::string next;
    auto page =
        api.call("GET", api.arm_target("watchlists/" + segment(alias) + "/watchlistItems",
                                       {{"$top", std::to_string(std::min(wanted, items_page))}}));
    while (true) {
        for (auto& item : page.value("value", json::array()))
            if (rows.size() < wanted)
                rows.push_back(std::move(item));
        next = text_at(page, "nextLink");
        if (next.empty() || rows.size() >= wanted)
            break;
        page = api.call("GET", api.target_of_link(next));
    }
    if (a.has("json")) {
        json out = {{"value", rows}};
        if (!next.empty())
            out["nextLink"] = next;
        print_json(out);
        return 0;
    }
    const auto columns = list.value("properties", json::object()).value("columns", json::array());
    if (rows.empty()) {
        std::cout << "Watchlist " << alias << " has no items.\n";
        return 0;
    }
    std::vector<std::string> headers;
    for (const auto& c : columns)
        headers.push_back(c.get<std::string>());
    text_table table(headers);
    for (std::size_t i = 0; i + 1 < headers.size(); ++i)
        table.limit(i, 40);
    for (const auto& row : rows) {
        const auto values =
            row.value("properties", json::object()).value("itemsKeyValue", json::object());
        std::vector<std::string> cells;
        for (const auto& h : headers)
            cells.push_back(text_at(values, h));
        table.add(std::move(cells));
    }
    table.print(std::cout);
    if (!next.empty())
        std::cout << "(first " << rows.size() << " of "
                  << count_text(list.value("properties", json::object()))
                  << " items; --top N shows more)\n";
    return 0;
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list", "[--json]", "list the workspace's watchlists, by alias", "", {}, 0, 0, list},
        {"show", "ALIAS [--json]", "one watchlist", "", {}, 1, 1, show},
        {"create",
         "ALIAS --csv FILE|- --key COLUMN [--display-name N] [--description D] [--skip-lines N] "
         "[--provider P] [--source S] [--label L...] [--json]",
         "create or replace a watchlist from a CSV file",
         "The file's first row (after --skip-lines lines) names the columns; --key is the column "
         "items are\nlooked up by, ignoring case, and must be unique and non-blank in every row. "
         "An existing\nwatchlist of that alias is replaced with all its items. At most 3,800,000 "
         "bytes, 100,000\nitems, 50 columns and 1024 bytes per value (docs/watchlists.md).",
         {{"csv", true, false, "FILE", "the CSV file (- for standard input)"},
          {"key", true, false, "COLUMN", "the key column (itemsSearchKey)"},
          {"display-name", true, false, "N", "the display name (default: ALIAS)"},
          {"description", true, false, "D", "what the list is for"},
          {"skip-lines", true, false, "N", "lines before the header to skip (default 0)"},
          {"provider", true, false, "P", "who maintains the list (default: tocsin)"},
          {"source", true, false, "S", "where it came from (default: the file's name)"},
          {"label", true, true, "L", "a label; repeatable"}},
         1,
         1,
         create},
        {"delete",
         "ALIAS [--if-exists]",
         "delete a watchlist and its items",
         "",
         {{"if-exists", false, false, "", "succeed when there is no such watchlist"}},
         1,
         1,
         remove},
        {"items",
         "ALIAS [--top N] [--json]",
         "the watchlist's items in load order",
         "",
         {{"top", true, false, "N", "show the first N items (default 100)"}},
         1,
         1,
         items},
    };
    return subs;
}

}  // namespace

int run_watchlists(int argc, char** argv, int first) {
    return run_client_group("watchlists",
                            "Watchlists: named lists loaded from CSV that playbooks look values "
                            "up in.",
                            subcommands(), argc, argv, first);
}

}  // namespace tocsin::cli
