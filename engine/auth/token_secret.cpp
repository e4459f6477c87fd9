#include "engine/auth/token_secret.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>

#include "engine/core/uuid.hpp"
#include "engine/error.hpp"

namespace tocsin::auth {
namespace {

constexpr std::size_t secret_bytes = 32;

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0x0f];
    }
    return out;
}

bool is_lower_hex(std::string_view text) {
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

}  // namespace

token_parts new_token_parts() {
    std::array<unsigned char, secret_bytes> secret{};
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
        throw error(errc::internal, "the random number generator failed to make a token secret");
    return {new_uuid(), hex(secret.data(), secret.size())};
}

std::string token_text(const token_parts& parts) {
    return std::string(token_prefix) + parts.id + "_" + parts.secret;
}

std::optional<token_parts> parse_token_text(std::string_view text) {
    constexpr std::size_t id_size = 36;
    if (text.substr(0, token_prefix.size()) != token_prefix)
        return std::nullopt;
    text.remove_prefix(token_prefix.size());
    if (text.size() != id_size + 1 + secret_bytes * 2 || text[id_size] != '_')
        return std::nullopt;
    const auto id = text.substr(0, id_size);
    const auto secret = text.substr(id_size + 1);
    if (!is_uuid(id) || !is_lower_hex(secret))
        return std::nullopt;
    return token_parts{std::string(id), std::string(secret)};
}

std::string hash_secret(std::string_view secret) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    // Fetched once: EVP_sha256() makes OpenSSL 3 look the implementation up on every digest,
    // which cost as much as the hashing on the request path.
    static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (sha256 == nullptr ||
        EVP_Digest(secret.data(), secret.size(), digest.data(), &size, sha256, nullptr) != 1)
        throw error(errc::internal, "SHA-256 failed");
    return hex(digest.data(), size);
}

bool secret_matches(std::string_view secret, std::string_view stored_sha256) {
    const auto presented = hash_secret(secret);
    // Both are hex SHA-256 digests of the same length unless the row is damaged; the length is
    // not secret.
    if (presented.size() != stored_sha256.size())
        return false;
    return CRYPTO_memcmp(presented.data(), stored_sha256.data(), presented.size()) == 0;
}

}  // namespace tocsin::auth
