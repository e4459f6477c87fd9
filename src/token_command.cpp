// `tocsin token create|list|revoke`: API tokens, managed on the data directory's store directly
// (the engine need not run; a running engine sees the change from its next request). Takes the
// configuration the way `tocsin serve` does: --config FILE, --data-dir DIR, --set KEY=VALUE and
// TOCSIN_* variables.
#include <iomanip>
#include <iostream>

#include <spdlog/spdlog.h>

#include "engine/auth/token_cache.hpp"
#include "engine/auth/token_issue.hpp"
#include "engine/core/config.hpp"
#include "engine/core/engine.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/error.hpp"
#include "src/cli_args.hpp"
#include "src/cli_config.hpp"
#include "src/commands.hpp"
#include "src/token_output.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

const std::vector<option_spec>& flags() {
    static const std::vector<option_spec> specs{
        {"role", true, true, "ROLE",
         "create: Reader, Responder, Contributor, PlaybookOperator or Admin; repeat for several"},
        {"name", true, false, "NAME", "create: who or what the token is for (the actor name)"},
        {"workspace", true, true, "SUB/RG/WS",
         "create: limit the token to this workspace; repeat for several (default: all)"},
        {"expires", true, false, "30d|ISO",
         "create: lifetime (m, h, d, w) or an ISO 8601 time (default: never)"},
        {"kind", true, false, "app|user", "create: a service's key (app, default) or a person's"},
        {"json", false, false, "", "JSON instead of text"},
        {"config", true, false, "FILE", "configuration file (JSON, comments allowed)"},
        {"data-dir", true, false, "DIR", "directory of the store (data_dir)"},
        {"set", true, true, "KEY=VALUE", "any configuration key"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

int create(const args& a, store::store& tokens) {
    auth::token_request request;
    request.name = a.get("name").value_or("");
    request.kind = a.get("kind").value_or("app");
    request.roles = a.all("role");
    request.workspaces = a.all("workspace");
    request.expires = a.get("expires");
    request.created_by = "cli";
    if (request.roles.empty())
        throw usage_error(
            "'token create' needs --role (Reader, Responder, Contributor, "
            "PlaybookOperator or Admin)");
    const auto now = default_clock().now();
    const auto issued = auth::issue_token(tokens, request, now);
    auto shown = auth::token_json(issued.record, now);
    if (a.has("json")) {
        shown["token"] = issued.text;
        std::cout << shown.dump(2) << "\n";
        return 0;
    }
    print_created_token(std::cout, shown, issued.text);
    return 0;
}

int list(const args& a, store::store& tokens) {
    const auto now = default_clock().now();
    json value = json::array();
    for (const auto& t : tokens.list_tokens())
        value.push_back(auth::token_json(t, now));
    if (a.has("json")) {
        std::cout << value.dump(2) << "\n";
        return 0;
    }
    print_token_table(std::cout, value);
    return 0;
}

int revoke(const args& a, store::store& tokens, const std::filesystem::path& change_file) {
    if (a.positionals().size() != 2)
        throw usage_error("usage: tocsin token revoke ID");
    const auto& id = a.positionals()[1];
    if (!auth::revoke_token(tokens, id, default_clock().now(), change_file))
        throw error(errc::not_found, "no token with id '" + id + "'");
    const auto token = tokens.find_token(id);
    std::cout << "Revoked token " << id << " '" << (token ? token->name : "") << "'.\n";
    return 0;
}

}  // namespace

int run_token(int argc, char** argv, int first) {
    const args a("token", flags(), argc, argv, first);
    const std::string what = a.positionals().empty() ? "" : a.positionals().front();
    if (a.has("help") || (what != "create" && what != "list" && what != "revoke")) {
        std::cout << "usage: tocsin token create --role ROLE [--role ROLE…] [--name NAME]\n"
                     "                           [--workspace SUB/RG/WS…] [--expires 30d|ISO] "
                     "[--kind app|user]\n"
                     "       tocsin token list [--json]\n"
                     "       tocsin token revoke ID\n\n"
                     "Bearer tokens for the REST API ('Authorization: Bearer tcn_…'), kept in "
                     "the store of the\nconfigured data directory; create prints the token "
                     "once.\n\noptions:\n"
                  << args::describe(flags());
        return a.has("help") ? 0 : 2;
    }
    if (what != "revoke" && a.positionals().size() != 1)
        throw usage_error("unexpected argument '" + a.positionals()[1] + "' for 'token " + what +
                          "'");
    const auto cfg = load_cli_config(a);
    // Library log lines (store open, migrations) would mix with the command's output.
    spdlog::set_level(spdlog::level::warn);
    event_bus bus;
    auto tokens = open_store(cfg, bus);
    int status = 0;
    if (what == "create")
        status = create(a, *tokens);
    else if (what == "list")
        status = list(a, *tokens);
    else
        status = revoke(a, *tokens, auth::token_change_file(cfg));
    tokens->close();
    return status;
}

}  // namespace tocsin::cli
