#include "src/client_api.hpp"

#include <cstdlib>

#include "engine/http/url.hpp"
#include "engine/model/workspace.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

std::optional<std::string> environment(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value)
        return std::nullopt;
    return std::string(value);
}

std::string setting(const args& a, const std::string& flag, const char* env,
                    std::string_view fallback) {
    if (auto v = a.get(flag))
        return *v;
    return environment(env).value_or(std::string(fallback));
}

server_url server_of(const args& a) {
    const auto text = setting(a, "server", "TOCSIN_SERVER", default_server);
    auto parsed = parse_server_url(text);
    if (!parsed)
        throw usage_error(parsed.error().message);
    return std::move(parsed).value();
}

http_settings settings_of(const args& a) {
    http_settings out;
    out.verify_tls = !a.has("insecure");
    out.ca_file = setting(a, "ca-file", "TOCSIN_CA_FILE", "");
    if (const auto t = a.get("timeout")) {
        int seconds = 0;
        try {
            std::size_t used = 0;
            seconds = std::stoi(*t, &used);
            if (used != t->size())
                seconds = 0;
        } catch (const std::exception&) {
            seconds = 0;
        }
        if (seconds < 1 || seconds > 3600)
            throw usage_error("--timeout expects whole seconds from 1 to 3600, got '" + *t + "'");
        out.timeout = std::chrono::seconds(seconds);
    }
    return out;
}

errc errc_for_status(int status) {
    switch (status) {
        case 401:
            return errc::unauthenticated;
        case 403:
            return errc::forbidden;
        case 404:
            return errc::not_found;
        case 409:
        case 412:
            return errc::conflict;
        case 413:
        case 429:
            return errc::limit_exceeded;
        case 503:
            return errc::unavailable;
        default:
            return status >= 500 ? errc::internal : errc::invalid_argument;
    }
}

}  // namespace

workspace_path parse_workspace(std::string_view text) {
    const auto ws = model::parse_workspace_path(text);
    if (!ws)
        throw usage_error("--workspace expects SUBSCRIPTION/RESOURCE_GROUP/WORKSPACE, got '" +
                          std::string(text) + "'");
    return {ws->subscription, ws->resource_group, ws->name};
}

const std::vector<option_spec>& connection_flags() {
    static const std::vector<option_spec> specs{
        {"server", true, false, "URL",
         "the engine's API (env TOCSIN_SERVER; default " + std::string(default_server) + ")"},
        {"token", true, false, "TOKEN",
         "bearer token (env TOCSIN_TOKEN, which keeps it out of ps)"},
        {"workspace", true, false, "SUB/RG/WS",
         "workspace (env TOCSIN_WORKSPACE; default " + std::string(default_workspace) + ")"},
        {"insecure", false, false, "", "https: do not verify the server's certificate"},
        {"ca-file", true, false, "FILE", "https: also trust this PEM CA (env TOCSIN_CA_FILE)"},
        {"timeout", true, false, "SECONDS", "per request (default 30)"},
        {"json", false, false, "", "JSON for scripts instead of text"},
        {"help", false, false, "", "show this help"},
    };
    return specs;
}

api_client::api_client(const args& a)
    : workspace_(parse_workspace(setting(a, "workspace", "TOCSIN_WORKSPACE", default_workspace))),
      token_(a.get("token") ? a.get("token") : environment("TOCSIN_TOKEN")),
      connection_(server_of(a), settings_of(a)) {}

std::string api_client::arm_target(std::string_view suffix, const query_list& query) const {
    std::string out = "/subscriptions/" + segment(workspace_.subscription) + "/resourceGroups/" +
                      segment(workspace_.resource_group) +
                      "/providers/Microsoft.OperationalInsights/workspaces/" +
                      segment(workspace_.name) + "/providers/Microsoft.SecurityInsights/" +
                      std::string(suffix) + "?api-version=" + std::string(arm_api_version);
    for (const auto& [name, value] : query)
        out += "&" + name + "=" + http::encode_component(value);
    return out;
}

std::string api_client::arm_id(std::string_view suffix) const {
    return "/subscriptions/" + workspace_.subscription + "/resourceGroups/" +
           workspace_.resource_group + "/providers/Microsoft.OperationalInsights/workspaces/" +
           workspace_.name + "/providers/Microsoft.SecurityInsights/" + std::string(suffix);
}

std::string api_client::workspace_target(std::string_view suffix) const {
    return "/api/v1/subscriptions/" + segment(workspace_.subscription) + "/resourceGroups/" +
           segment(workspace_.resource_group) + "/workspaces/" + segment(workspace_.name) + "/" +
           std::string(suffix);
}

std::string api_client::target_of_link(std::string_view link) const {
    auto rest = link;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
        rest.remove_prefix(scheme + 3);
        const auto path = rest.find('/');
        rest = path == std::string_view::npos ? std::string_view("/") : rest.substr(path);
    }
    // The server builds links from the path it was sent, base path included; request() puts the
    // base path back in front.
    const auto& base = connection_.server().base_path;
    if (!base.empty() && rest.starts_with(base))
        rest.remove_prefix(base.size());
    return std::string(rest);
}

http_reply api_client::send(std::string_view method, std::string_view target, const json* body) {
    header_list headers;
    if (token_)
        headers.emplace_back("Authorization", "Bearer " + *token_);
    return connection_.request(method, target, body ? body->dump() : std::string(), headers);
}

http_reply api_client::checked_send(std::string_view method, std::string_view target,
                                    const json* body) {
    auto reply = send(method, target, body);
    if (reply.status >= 400)
        throw http_failure(reply, token_.has_value());
    return reply;
}

json api_client::call(std::string_view method, std::string_view target, const json* body) {
    return json_of(checked_send(method, target, body));
}

error http_failure(const http_reply& reply, bool sent_token) {
    std::string text = std::to_string(reply.status);
    const auto body = json::parse(reply.body, nullptr, false);
    const json* err = body.is_object() ? &body["error"] : nullptr;
    if (err && err->is_object() && err->value("message", json()).is_string()) {
        text +=
            " " + err->value("code", reply.reason) + ": " + (*err)["message"].get<std::string>();
    } else {
        text += " " + reply.reason;
        // A short plain-text body (a proxy's) says more than the status; HTML pages do not.
        if (!reply.body.empty() && reply.body.size() <= 200 && !reply.body.starts_with('<') &&
            reply.body.find('\n') == std::string::npos)
            text += ": " + reply.body;
    }
    if (reply.status == 401 && !sent_token)
        text += " (give a token with --token or TOCSIN_TOKEN)";
    return error(errc_for_status(reply.status), text);
}

std::string segment(std::string_view text) {
    return http::encode_component(text);
}

json json_of(const http_reply& reply) {
    if (reply.body.empty())
        return nullptr;
    auto value = json::parse(reply.body, nullptr, false);
    if (value.is_discarded())
        throw error(errc::internal, "the server answered " + std::to_string(reply.status) +
                                        " with a body that is not JSON");
    return value;
}

}  // namespace tocsin::cli
