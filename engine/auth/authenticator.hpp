#pragma once
// Turns an Authorization header into a caller: parses "Bearer tcn_<id>_<secret>", finds the token
// by id, checks the secret in constant time, then revocation and expiry. Every failure says as
// little as a client needs: an unknown id and a wrong secret read the same.
// authenticate() is presented_token() then verify(); the access guard calls them apart so that
// a token in its cache (token_cache.hpp) is never read from the store.
// verify() and authenticate() are blocking (a store read): call them on a pool. Thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/auth/caller.hpp"
#include "engine/auth/token_secret.hpp"
#include "engine/core/time.hpp"
#include "engine/store/store.hpp"

namespace tocsin::auth {

struct authentication {
    std::optional<caller> who;  // set on success
    // On failure: the ARM error code, "AuthenticationFailed" when no credentials came,
    // "InvalidAuthenticationToken" when they were wrong, expired or revoked; and the message.
    std::string_view failure_code;
    std::string failure_message;
    // On success: the stored token that was verified.
    std::optional<store::api_token> token;
};

// The token a well-formed "Bearer tcn_…" header presents; otherwise the failure to answer with.
std::variant<token_parts, authentication> presented_token(
    std::optional<std::string_view> authorization);

// Looks the presented token up and checks its secret, revocation and expiry.
authentication verify(store::store& tokens, const token_parts& presented, time_point now);

authentication authenticate(store::store& tokens, std::optional<std::string_view> authorization,
                            time_point now);

}  // namespace tocsin::auth
