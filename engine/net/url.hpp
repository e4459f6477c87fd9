#pragma once
// Absolute http(s) URLs for outgoing requests. Pure functions; safe from any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/error.hpp"

namespace tocsin::net {

struct url {
    std::string scheme;  // "http" or "https"
    std::string host;    // without brackets for IPv6
    std::string port;    // explicit or the scheme's default
    std::string target;  // path and query, at least "/"

    bool tls() const { return scheme == "https"; }
    // host[:port] as a Host header value (port omitted when it is the scheme's default).
    std::string authority() const;
};

// "https://api.example.com:8443/v1/x?y=1". Userinfo ("user:pw@") and fragments are refused,
// since credentials belong in headers built from secrets. errc::invalid_argument names the
// problem.
result<url> parse_url(std::string_view text);

// Joins a base URL and a reference as axios' baseURL does: "https://h/api" + "/v1/x" →
// "https://h/api/v1/x"; an absolute `ref` (with a scheme) is returned as is.
std::string join_url(std::string_view base, std::string_view ref);

// Appends query parameters, percent-encoded, with '?' or '&'.
std::string with_query(std::string target,
                       const std::vector<std::pair<std::string, std::string>>& query);

// Escapes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace tocsin::net
