#include "engine/auth/authenticator.hpp"

#include "engine/http/fields.hpp"

namespace tocsin::auth {
namespace {

authentication missing(std::string message) {
    return {std::nullopt, "AuthenticationFailed", std::move(message), {}};
}

authentication invalid(std::string message) {
    return {std::nullopt, "InvalidAuthenticationToken", std::move(message), {}};
}

constexpr std::string_view rejected = "The access token is invalid.";

}  // namespace

std::variant<token_parts, authentication> presented_token(
    std::optional<std::string_view> authorization) {
    if (!authorization || authorization->empty())
        return missing(
            "Authentication failed. The 'Authorization' header is missing; send "
            "'Authorization: Bearer <token>' with a token from 'tocsin token create'.");
    std::string_view value = *authorization;
    constexpr std::string_view scheme = "Bearer ";
    if (value.size() <= scheme.size() || !http::iequals(value.substr(0, scheme.size()), scheme))
        return missing(
            "Authentication failed. The 'Authorization' header must use the Bearer scheme.");
    value.remove_prefix(scheme.size());
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    auto parts = parse_token_text(value);
    if (!parts)
        return invalid(std::string(rejected));
    return std::move(*parts);
}

authentication verify(store::store& tokens, const token_parts& presented, time_point now) {
    auto token = tokens.find_token(presented.id);
    // Hash for an unknown id too, so that the answer takes as long either way.
    static const std::string no_such_secret(64, '0');
    const bool matches =
        secret_matches(presented.secret, token ? token->secret_sha256 : no_such_secret);
    if (!token || !matches)
        return invalid(std::string(rejected));
    if (token->revoked && *token->revoked <= now)
        return invalid("The access token has been revoked.");
    if (token->expires && *token->expires <= now)
        return invalid("The access token expired at " + format_time(*token->expires) + ".");
    authentication out{caller_of(*token), {}, {}, {}};
    out.token = std::move(token);
    return out;
}

authentication authenticate(store::store& tokens, std::optional<std::string_view> authorization,
                            time_point now) {
    auto presented = presented_token(authorization);
    if (auto* failed = std::get_if<authentication>(&presented))
        return std::move(*failed);
    return verify(tokens, std::get<token_parts>(presented), now);
}

}  // namespace tocsin::auth
