#pragma once
// Authenticates a webhook call by its binding's token or HMAC signature (webhook_binding.hpp).
// Secrets are compared in constant time. An HMAC signature is accepted once: a replay inside the
// tolerance window is refused as well as one outside it.
// Thread-safety: verify() may be called from any thread.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "engine/core/time.hpp"
#include "engine/http/request.hpp"
#include "triggers/webhook/webhook_binding.hpp"

namespace tocsin::triggers {

// A secret's value by name; nullopt when no such secret is configured.
using secret_lookup = std::function<std::optional<std::string>(std::string_view name)>;

// Lower-case hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Equality that takes the same time for every pair of equal-length inputs.
bool constant_time_equals(std::string_view a, std::string_view b) noexcept;

class webhook_verifier {
  public:
    explicit webhook_verifier(secret_lookup secrets, const clock& time = default_clock());

    // For token and hmac_sha256 bindings (none passes; api_token is the API's to check).
    // Throws tocsin::error: unauthenticated (401) with what is wrong, or config (500, logged)
    // when the named secret is not configured.
    void verify(const webhook_binding& binding, const http::request& req);

  private:
    void verify_token(const webhook_auth& auth, const std::string& secret,
                      const http::request& req) const;
    void verify_signature(const webhook_auth& auth, const std::string& secret,
                          const http::request& req);
    // Remembers a signature until it could no longer pass the window; false if already seen.
    bool first_use(const std::string& signature, time_point expires);

    secret_lookup secrets_;
    const clock& clock_;
    std::mutex mutex_;
    // Signatures accepted and when each may be forgotten; guarded by mutex_.
    std::unordered_set<std::string> seen_;
    std::multimap<time_point, std::string> expiries_;
};

}  // namespace tocsin::triggers
