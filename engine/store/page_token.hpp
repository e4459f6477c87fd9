#pragma once
// Opaque paging tokens ($skipToken): base64url of a small JSON object that a store fills with
// whatever it needs to resume (keyset values, a fingerprint of the query). Clients must treat
// them as opaque; a token that does not decode is errc::invalid_argument naming "$skipToken".

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tocsin::store {

std::string encode_page_token(const nlohmann::json& state);
// Throws errors::bad_skip_token() when the text is not a token this module wrote.
nlohmann::json decode_page_token(std::string_view token);

// Throws errors::bad_top() unless 1 <= top <= max_page_size.
void check_top(std::size_t top);

// A stable 64-bit FNV-1a hash, for fingerprints inside tokens (std::hash is not stable across
// builds, and tokens may outlive a restart).
std::uint64_t fingerprint(std::string_view text);

}  // namespace tocsin::store
