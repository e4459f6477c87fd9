// `tocsin tokens list|show|create|revoke`: API tokens of a running engine, for an Admin token
// (/api/v1/tokens). `tocsin token` does the same on a data directory, without a server.
#include <iostream>

#include "src/client_command.hpp"
#include "src/client_format.hpp"
#include "src/commands.hpp"
#include "src/token_output.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

int list_tokens(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto tokens = api.call("GET", "/api/v1/tokens").value("value", json::array());
    if (a.has("json"))
        print_json({{"value", tokens}});
    else
        print_token_table(std::cout, tokens);
    return 0;
}

int show_token(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto token = api.call("GET", "/api/v1/tokens/" + segment(pos[0]));
    if (a.has("json"))
        print_json(token);
    else
        print_token_table(std::cout, json::array({token}));
    return 0;
}

int create_token(const args& a, const std::vector<std::string>&, api_client& api) {
    const auto roles = a.all("role");
    if (roles.empty())
        throw usage_error(
            "'tokens create' needs --role (Reader, Responder, Contributor, PlaybookOperator or "
            "Admin)");
    json body = {{"roles", roles}, {"workspaces", a.all("token-workspace")}};
    if (const auto name = a.get("name"))
        body["name"] = *name;
    if (const auto kind = a.get("kind"))
        body["kind"] = *kind;
    if (const auto expires = a.get("expires"))
        body["expires"] = *expires;
    const auto created = api.call("POST", "/api/v1/tokens", &body);
    if (a.has("json"))
        print_json(created);
    else
        print_created_token(std::cout, created, text_at(created, "token"));
    return 0;
}

int revoke_token(const args& a, const std::vector<std::string>& pos, api_client& api) {
    const auto revoked = api.call("DELETE", "/api/v1/tokens/" + segment(pos[0]));
    if (a.has("json"))
        print_json(revoked);
    else
        std::cout << "Revoked token " << text_at(revoked, "id") << " '" << text_at(revoked, "name")
                  << "'.\n";
    return 0;
}

const std::vector<client_subcommand>& subcommands() {
    static const std::vector<client_subcommand> subs{
        {"list", "[--json]", "every token (never their secrets)", "", {}, 0, 0, list_tokens},
        {"show", "ID [--json]", "one token", "", {}, 1, 1, show_token},
        {"create",
         "--role ROLE [--role ROLE…] [--name NAME] [--token-workspace SUB/RG/WS…] "
         "[--expires 90d|ISO-8601] [--kind app|user] [--json]",
         "issue a token; its secret is printed this once",
         "--token-workspace limits the new token to that workspace (repeat for several); "
         "without it, the token\nreaches every workspace. (--workspace is the client's own "
         "workspace, as for every command.)",
         {{"role", true, true, "ROLE", "Reader, Responder, Contributor, PlaybookOperator, Admin"},
          {"name", true, false, "NAME", "who or what holds the token"},
          {"token-workspace", true, true, "SUB/RG/WS", "limit the token to this workspace"},
          {"expires", true, false, "WHEN", "30d, 12h, or an ISO 8601 time; default never"},
          {"kind", true, false, "KIND", "app (default) or user"}},
         0,
         0,
         create_token},
        {"revoke", "ID [--json]", "revoke a token at once", "", {}, 1, 1, revoke_token},
    };
    return subs;
}

}  // namespace

int run_tokens(int argc, char** argv, int first) {
    return run_client_group("tokens", "API tokens of a running engine (needs an Admin token).",
                            subcommands(), argc, argv, first);
}

}  // namespace tocsin::cli
