#pragma once
// What every client subcommand shares: the connection flags (--server, --token, --workspace,
// --insecure, --ca-file, --timeout) with their environment fallbacks, the targets of the REST
// API, and turning HTTP error replies into one-line tocsin::errors such as
// "404 NotFound: Incident 12 doesn't exist.".
//
// Precedence, highest first: the flag, the environment variable (TOCSIN_SERVER, TOCSIN_TOKEN,
// TOCSIN_WORKSPACE, TOCSIN_CA_FILE), the default.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/cli_args.hpp"
#include "src/client_http.hpp"

namespace tocsin::cli {

inline constexpr std::string_view default_server = "http://127.0.0.1:8080";
inline constexpr std::string_view default_workspace =
    "00000000-0000-0000-0000-000000000000/tocsin/default";
inline constexpr std::string_view arm_api_version = "2025-09-01";

struct workspace_path {
    std::string subscription;
    std::string resource_group;
    std::string name;

    std::string text() const { return subscription + "/" + resource_group + "/" + name; }
};

// "SUB/RG/WS"; throws usage_error naming the expected form.
workspace_path parse_workspace(std::string_view text);

using query_list = std::vector<std::pair<std::string, std::string>>;

// The flags every client subcommand takes, --json and --help included.
const std::vector<option_spec>& connection_flags();

class api_client {
  public:
    // Reads the connection flags of `a` and the environment; throws usage_error for bad values.
    explicit api_client(const args& a);

    const workspace_path& workspace() const { return workspace_; }
    const server_url& server() const { return connection_.server(); }

    // "/subscriptions/…/workspaces/{ws}/providers/Microsoft.SecurityInsights/<suffix>
    //  ?api-version=…[&name=value…]", values percent-encoded. The suffix is taken as encoded.
    std::string arm_target(std::string_view suffix, const query_list& query = {}) const;
    // The resource id of <suffix> in the workspace, as the API writes and reads ids (not
    // encoded): "/subscriptions/…/providers/Microsoft.SecurityInsights/entities/{alertId}".
    std::string arm_id(std::string_view suffix) const;
    // "/api/v1/subscriptions/{sub}/resourceGroups/{rg}/workspaces/{ws}/<suffix>".
    std::string workspace_target(std::string_view suffix) const;
    // The path and query of a nextLink: the listing continues on the server this client talks to,
    // so the bearer token never travels to a host the reply named.
    std::string target_of_link(std::string_view link) const;

    // Sends the request (the body as JSON) and returns the reply's JSON (null when it has no
    // body). Throws tocsin::error for a status of 400 or more, see http_failure.
    nlohmann::json call(std::string_view method, std::string_view target,
                        const nlohmann::json* body = nullptr);
    // As call(), but returns the reply itself (for its status or headers).
    http_reply checked_send(std::string_view method, std::string_view target,
                            const nlohmann::json* body = nullptr);
    // Every status is returned for the caller to judge.
    http_reply send(std::string_view method, std::string_view target,
                    const nlohmann::json* body = nullptr);

  private:
    workspace_path workspace_;
    std::optional<std::string> token_;
    http_connection connection_;
};

// The error for an HTTP error reply: "<status> <ARM code>: <ARM message>", or the status line and
// a short text body when the reply is not an ARM error (a proxy's 502).
error http_failure(const http_reply& reply, bool sent_token);

// A path segment, percent-encoded.
std::string segment(std::string_view text);

// The body of a successful reply as JSON; throws tocsin::error when it is not JSON.
nlohmann::json json_of(const http_reply& reply);

}  // namespace tocsin::cli
