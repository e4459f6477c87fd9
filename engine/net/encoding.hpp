#pragma once
// Byte encodings the network clients need. Pure functions; safe from any thread.

#include <string>
#include <string_view>

namespace tocsin::net {

std::string base64_encode(std::string_view bytes);
bool is_valid_utf8(std::string_view text) noexcept;
bool is_ascii(std::string_view text) noexcept;

}  // namespace tocsin::net
