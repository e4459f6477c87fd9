#pragma once
// HTTP request methods the router knows. Methods are case-sensitive on the wire (RFC 9110 9.1);
// anything else parses as verb::other, which no route can register and which gets 405 on a known
// path.

#include <string_view>

namespace tocsin::http {

enum class verb { get, head, post, put, patch, delete_, options, other };

// "GET", "DELETE", ...; "OTHER" for verb::other.
std::string_view to_string(verb v) noexcept;
// The exact (upper-case) token, or verb::other.
verb parse_verb(std::string_view token) noexcept;

}  // namespace tocsin::http
