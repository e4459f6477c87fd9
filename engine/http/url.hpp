#pragma once
// Request-target parsing and URL building. Pure functions, no I/O; safe from any thread.

#include "engine/error.hpp"
#include "engine/http/fields.hpp"
#include "engine/http/request.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::http {

// An origin-form request target split into its parts.
struct parsed_target {
    std::string path;                   // as sent, without the query
    std::vector<std::string> segments;  // percent-decoded; "/" has none; one trailing "/" ignored
    fields query;                       // decoded keys and values, in order, keys keep their case
};

// Parses "/a/b%20c?x=1&$top=5". Fails with errc::invalid_argument when the target is not in
// origin form, or has a malformed %-escape or an encoded NUL.
result<parsed_target> parse_target(std::string_view target);

// Decodes %XX escapes (and '+' as space when plus_as_space, for query strings); nullopt when an
// escape is malformed or decodes to NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

// Escapes everything but RFC 3986 unreserved characters: for one path segment or one query value
// (e.g. a $skipToken) inside a nextLink.
std::string encode_component(std::string_view text);

// True when value is a syntactically valid Host header: reg-name (letters, digits, '-', '.', '_'),
// IPv4 or [IPv6], with an optional port. Anything else (userinfo, '/', spaces, CR/LF) is refused
// so that a Host header cannot inject into URLs built from it.
bool is_valid_host(std::string_view value) noexcept;

// "127.0.0.1:8080" or "[::1]:8080": an endpoint as the authority part of a URL or a Host value.
std::string authority_of(const endpoint& ep);

// The absolute URL of path_and_query on the host and scheme the request came in on, for ARM
// nextLink and Location values: "https://<Host header>/path?query". path_and_query is taken as
// already encoded; characters that may not appear in a URL (space, CR/LF, '#', non-ASCII, stray
// '%') are percent-escaped, so the result is always one well-formed URL on the request's host.
// Throws tocsin::error(errc::internal) when the request carries no host (only possible for
// requests built by hand; the server rejects HTTP/1.1 requests without a valid Host).
std::string absolute_url(const request& req, std::string_view path_and_query);

}  // namespace tocsin::http
