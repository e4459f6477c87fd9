#include "src/token_output.hpp"

#include <string>
#include <string_view>

#include "src/client_table.hpp"

namespace tocsin::cli {

namespace {

using nlohmann::json;

std::string joined(const json& list) {
    std::string out;
    for (const auto& item : list)
        out += (out.empty() ? "" : ",") + item.get<std::string>();
    return out;
}

std::string text_or(const json& value, std::string_view fallback) {
    return value.is_string() ? value.get<std::string>() : std::string(fallback);
}

std::string workspaces_of(const json& token) {
    const auto& ws = token.value("workspaces", json::array());
    return ws.empty() ? "all" : joined(ws);
}

}  // namespace

void print_token_table(std::ostream& out, const json& tokens) {
    if (tokens.empty()) {
        out << "No tokens.\n";
        return;
    }
    text_table table({"ID", "NAME", "STATUS", "ROLES", "EXPIRES", "WORKSPACES"});
    for (const auto& t : tokens)
        table.add({text_or(t["id"], ""), text_or(t["name"], ""), text_or(t["status"], ""),
                   joined(t.value("roles", json::array())), text_or(t["expires"], "never"),
                   workspaces_of(t)});
    table.print(out);
}

void print_created_token(std::ostream& out, const json& token, const std::string& text) {
    out << "Created token " << text_or(token["id"], "") << " '" << text_or(token["name"], "")
        << "' (roles: " << joined(token.value("roles", json::array()))
        << "; workspaces: " << workspaces_of(token)
        << "; expires: " << text_or(token["expires"], "never") << ").\n"
        << "The token is shown this once only; keep it secret:\n"
        << text << "\n";
}

}  // namespace tocsin::cli
