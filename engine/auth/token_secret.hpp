#pragma once
// The text of an API token and how its secret is kept. A token reads
//
//   tcn_<id>_<secret>      e.g. tcn_0f8fad5b-d9cb-469f-a165-70867728950e_9c1e…(64 hex digits)
//
// where <id> is the token's UUID (the store looks the token up by it) and <secret> is 32 bytes
// from OpenSSL's CSPRNG in hex. The store keeps only SHA-256(secret); a presented secret is
// hashed and compared in constant time. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace tocsin::auth {

inline constexpr std::string_view token_prefix = "tcn_";

struct token_parts {
    std::string id;
    std::string secret;
};

// A new id and secret; throws tocsin::error(errc::internal) when the CSPRNG fails.
token_parts new_token_parts();
// "tcn_<id>_<secret>".
std::string token_text(const token_parts& parts);
// The parts of a well-formed token text; nullopt for anything else (wrong prefix, an id that is
// not a UUID, a secret that is not 64 hex digits).
std::optional<token_parts> parse_token_text(std::string_view text);

// Lower-case hex SHA-256 of the secret, as stored.
std::string hash_secret(std::string_view secret);
// hash_secret(secret) == stored_sha256, in time independent of where they differ.
bool secret_matches(std::string_view secret, std::string_view stored_sha256);

}  // namespace tocsin::auth
