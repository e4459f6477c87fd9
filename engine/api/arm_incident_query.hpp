#pragma once
// The query options of GET incidents ($filter, $orderby, $top, $skipToken) and the nextLink
// that resumes the listing. Option names are matched case-insensitively.

#include <string>
#include <string_view>

#include "engine/http/request.hpp"
#include "engine/store/query.hpp"

namespace tocsin::api {

// Sentinel lists 50 incidents per page unless $top says otherwise.
inline constexpr std::size_t default_incident_page = 50;

// Throws tocsin::error(invalid_argument) naming $filter, $orderby or $top.
store::incident_query incident_query_of(const http::request& req);

// The absolute URL of the next page on the request's host: the request's path with its
// api-version, $filter and $orderby as sent, the page's $top, and the store's opaque token.
std::string incidents_next_link(const http::request& req, const store::incident_query& query,
                                std::string_view next_token);

}  // namespace tocsin::api
