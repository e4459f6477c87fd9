#include "engine/auth/access_guard.hpp"

#include <string>

#include "engine/auth/authenticator.hpp"
#include "engine/http/async.hpp"

namespace tocsin::auth {
namespace {

std::string workspace_text(const model::workspace_ref& ws) {
    return ws.subscription + "/" + ws.resource_group + "/" + ws.name;
}

// The workspace a route's path names, by the capture names the ARM and ingest routes share.
std::optional<model::workspace_ref> workspace_in_path(const http::request& req) {
    const auto sub = req.params().find("subscriptionId");
    const auto rg = req.params().find("resourceGroupName");
    const auto ws = req.params().find("workspaceName");
    if (!sub || !rg || !ws)
        return std::nullopt;
    return model::workspace_ref{std::string(*sub), std::string(*rg), std::string(*ws)};
}

std::string escape_quotes(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

http::response unauthorized(const authentication& failed) {
    auto answer = http::response::error(401, failed.failure_code, failed.failure_message);
    std::string challenge = "Bearer realm=\"tocsin\"";
    if (failed.failure_code == "InvalidAuthenticationToken")
        challenge += ", error=\"invalid_token\", error_description=\"" +
                     escape_quotes(failed.failure_message) + "\"";
    answer.headers.set("WWW-Authenticate", std::move(challenge));
    return answer;
}

std::string client_text(const caller& who) {
    return "The client '" + who.principal.name + "' with object id '" + who.token_id + "'";
}

std::string roles_text(const caller& who) {
    std::string out;
    for (const role r : who.roles)
        out += (out.empty() ? "" : ", ") + std::string(to_string(r));
    return out.empty() ? "none" : out;
}

}  // namespace

access_guard::access_guard(store::store& tokens, blocking_pool& blocking, auth_settings settings,
                           const clock& clock)
    : tokens_(tokens),
      blocking_(blocking),
      settings_(std::move(settings)),
      clock_(clock),
      limiter_(settings_.limit),
      verified_(settings_.token_cache_ttl, settings_.token_change_file) {}

http::guard access_guard::handler() {
    return [this](http::request& req, const http::route* target) { return check(req, target); };
}

boost::asio::awaitable<authentication> access_guard::identify(
    const std::optional<std::string>& header, time_point now) {
    auto presented =
        presented_token(header ? std::optional<std::string_view>(*header) : std::nullopt);
    if (auto* failed = std::get_if<authentication>(&presented))
        co_return std::move(*failed);
    const auto& token = std::get<token_parts>(presented);
    if (auto who = verified_.find(token, now))
        co_return authentication{std::move(who), {}, {}, {}};
    const auto seen = verified_.current_generation();
    auto outcome =
        co_await http::offload(blocking_.executor(), [&] { return verify(tokens_, token, now); });
    if (outcome.token)
        verified_.remember(*outcome.token, seen, now);
    co_return outcome;
}

boost::asio::awaitable<std::optional<http::response>> access_guard::check(
    http::request& req, const http::route* target) {
    if (target && target->options.permission == http::public_access)
        co_return std::nullopt;
    if (!settings_.enabled)
        co_return std::nullopt;

    std::optional<std::string> header;
    if (const auto value = req.header("Authorization"))
        header.emplace(*value);
    auto outcome = co_await identify(header, clock_.now());
    if (!outcome.who)
        co_return unauthorized(outcome);
    const caller& who = *outcome.who;

    if (const auto turn = limiter_.take(who.token_id, clock_.now()); !turn.allowed) {
        const auto seconds = std::max<std::int64_t>(1, (turn.retry_after.count() + 999) / 1000);
        auto answer = http::response::error(
            429, "TooManyRequests",
            "Rate limit exceeded: the token '" + who.principal.name + "' may make " +
                std::to_string(static_cast<std::int64_t>(settings_.limit.per_second)) +
                " requests per second. Retry after " + std::to_string(seconds) + " second(s).");
        answer.headers.set("Retry-After", std::to_string(seconds));
        co_return answer;
    }

    if (target) {
        const auto& needed = target->options.permission;
        if (!grants(who.roles, needed)) {
            const std::string action = needed.empty() ? "administration" : needed;
            co_return http::response::error(
                403, "AuthorizationFailed",
                client_text(who) + " does not have authorization to perform action '" + action +
                    "' (" + req.method_name() + " " + target->path_template +
                    "); its roles: " + roles_text(who) + ".");
        }
        if (const auto ws = workspace_in_path(req); ws && !who.may_use(*ws)) {
            co_return http::response::error(
                403, "AuthorizationFailed",
                client_text(who) + " does not have authorization over workspace '" +
                    workspace_text(*ws) + "'; the token is limited to other workspaces.");
        }
    }

    auto& attributes = req.attributes();
    attributes.set("principal.kind", std::string(model::to_string(who.principal.type)));
    attributes.set("principal.id", who.principal.id);
    attributes.set("principal.name", who.principal.name);
    attributes.set("token.id", who.token_id);
    co_return std::nullopt;
}

}  // namespace tocsin::auth
