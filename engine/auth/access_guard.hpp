#pragma once
// The REST API's guard (http::server::set_guard): authentication, rate limiting and
// authorisation, in that order, before any filter or handler runs.
//
//  - A route whose permission is http::public_access passes untouched.
//  - With auth disabled, every request passes and changes are recorded as the user "api".
//  - Otherwise the bearer token is looked up on a pool thread, or found in the cache of tokens
//    verified in the last auth.token_cache_seconds (token_cache.hpp; a revocation, also one
//    made by `tocsin token revoke` in another process, still counts from the next request):
//      no or malformed credentials           401 AuthenticationFailed
//      unknown, wrong, expired, revoked      401 InvalidAuthenticationToken
//    both with "WWW-Authenticate: Bearer …" (RFC 6750);
//      over the token's rate                 429 TooManyRequests with Retry-After (seconds);
//      no role granting the permission       403 AuthorizationFailed naming the permission;
//      a workspace outside the token's limit 403 AuthorizationFailed naming the workspace.
//    A path no route matches still needs a valid token; then it is a 404 like any other.
//  - On success the request carries the caller as attributes "principal.kind" / "principal.id"
//    / "principal.name" (api::actor_of turns them into the actor of every change) and
//    "token.id".
//
// Thread-safety: check() runs concurrently on every I/O thread; the rate limiter and the token
// cache lock, the rest is read-only after construction. The guard must outlive the server it is
// installed in.

#include <optional>

#include <boost/asio/awaitable.hpp>

#include "engine/auth/auth_settings.hpp"
#include "engine/auth/authenticator.hpp"
#include "engine/auth/rate_limiter.hpp"
#include "engine/auth/token_cache.hpp"
#include "engine/core/blocking_pool.hpp"
#include "engine/core/time.hpp"
#include "engine/http/server.hpp"
#include "engine/store/store.hpp"

namespace tocsin::auth {

class access_guard {
  public:
    // `clock` must outlive the guard (default_clock() in the engine).
    access_guard(store::store& tokens, blocking_pool& blocking, auth_settings settings,
                 const clock& clock = default_clock());

    // The function to hand to http::server::set_guard; it refers to *this.
    http::guard handler();

    boost::asio::awaitable<std::optional<http::response>> check(http::request& req,
                                                                const http::route* target);

  private:
    // Who the Authorization header names: from the cache, else verified on the pool.
    boost::asio::awaitable<authentication> identify(const std::optional<std::string>& header,
                                                    time_point now);

    store::store& tokens_;
    blocking_pool& blocking_;
    const auth_settings settings_;
    const clock& clock_;
    rate_limiter limiter_;
    token_cache verified_;
};

}  // namespace tocsin::auth
