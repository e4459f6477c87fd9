#pragma once
// Turns an Authorization header into a caller: parses "Bearer tcn_<id>_<secret>", finds the token
// by id, checks the secret in constant time, then revocation and expiry. Every failure says as
// little as a client needs: an unknown id and a wrong secret read the same.
// Blocking (a store read): call on the blocking pool. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "engine/auth/caller.hpp"
#include "engine/core/time.hpp"
#include "engine/store/store.hpp"

namespace tocsin::auth {

struct authentication {
    std::optional<caller> who;  // set on success
    // On failure: the ARM error code, "AuthenticationFailed" when no credentials came,
    // "InvalidAuthenticationToken" when they were wrong, expired or revoked; and the message.
    std::string_view failure_code;
    std::string failure_message;
};

authentication authenticate(store::store& tokens, std::optional<std::string_view> authorization,
                            time_point now);

}  // namespace tocsin::auth
