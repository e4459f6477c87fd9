#include "triggers/webhook/webhook_auth.hpp"

#include <charconv>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "engine/error.hpp"

namespace tocsin::triggers {

namespace {

// The most signatures remembered at once; beyond it the oldest are dropped early. A flood of
// distinct valid signatures needs the key, so this only bounds memory.
constexpr std::size_t max_remembered_signatures = 100000;

[[noreturn]] void refuse(std::string message) {
    throw error(errc::unauthenticated, std::move(message));
}

std::string secret_value(const secret_lookup& secrets, const webhook_binding& binding) {
    auto value = secrets ? secrets(binding.auth.secret) : std::nullopt;
    if (!value || value->empty())
        throw error(errc::config, "webhook '" + binding.name + "' names secret '" +
                                      binding.auth.secret + "', which is not configured");
    return std::move(*value);
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length))
        throw error(errc::internal, "HMAC-SHA256 failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xf]);
    }
    return out;
}

bool constant_time_equals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

webhook_verifier::webhook_verifier(secret_lookup secrets, const clock& time)
    : secrets_(std::move(secrets)), clock_(time) {}

void webhook_verifier::verify(const webhook_binding& binding, const http::request& req) {
    switch (binding.auth.kind) {
        case webhook_auth_kind::none:
        case webhook_auth_kind::api_token:
            return;
        case webhook_auth_kind::token:
            verify_token(binding.auth, secret_value(secrets_, binding), req);
            return;
        case webhook_auth_kind::hmac_sha256:
            verify_signature(binding.auth, secret_value(secrets_, binding), req);
            return;
    }
}

void webhook_verifier::verify_token(const webhook_auth& auth, const std::string& secret,
                                    const http::request& req) const {
    const auto sent = req.header(auth.header);
    if (!sent)
        refuse("The webhook needs the " + auth.header + " header.");
    if (!constant_time_equals(*sent, secret))
        refuse("The " + auth.header + " header does not match the webhook's token.");
}

void webhook_verifier::verify_signature(const webhook_auth& auth, const std::string& secret,
                                        const http::request& req) {
    const auto stamp = req.header(auth.timestamp_header);
    auto signature = req.header(auth.signature_header);
    if (!stamp || !signature)
        refuse("The webhook needs the " + auth.signature_header + " and " + auth.timestamp_header +
               " headers.");
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(stamp->data(), stamp->data() + stamp->size(), seconds);
    if (ec != std::errc{} || end != stamp->data() + stamp->size())
        refuse("The " + auth.timestamp_header + " header must be Unix seconds.");
    const auto sent_at = time_point(std::chrono::seconds(seconds));
    const auto now = clock_.now();
    const auto skew = now > sent_at ? now - sent_at : sent_at - now;
    if (skew > auth.tolerance)
        refuse("The webhook's timestamp is more than " + std::to_string(auth.tolerance.count()) +
               " seconds away from the server's time; the request is refused as a possible "
               "replay.");
    if (signature->starts_with("sha256="))
        signature->remove_prefix(7);
    const auto expected = hmac_sha256_hex(secret, std::string(*stamp) + "." + req.body());
    if (!constant_time_equals(*signature, expected))
        refuse("The " + auth.signature_header + " signature does not match the body.");
    if (!first_use(expected, sent_at + auth.tolerance))
        refuse("This signed request was already received; a replay is refused.");
}

bool webhook_verifier::first_use(const std::string& signature, time_point expires) {
    const auto now = clock_.now();
    std::lock_guard lock(mutex_);
    while (!expiries_.empty() &&
           (expiries_.begin()->first < now || seen_.size() >= max_remembered_signatures)) {
        seen_.erase(expiries_.begin()->second);
        expiries_.erase(expiries_.begin());
    }
    if (!seen_.insert(signature).second)
        return false;
    expiries_.emplace(expires, signature);
    return true;
}

}  // namespace tocsin::triggers
