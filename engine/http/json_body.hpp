#pragma once
// JSON request bodies: the media-type check (415) and the parse (400 saying where it failed).
// A route registered with route_options::require_json gets the media-type check before its
// handler runs; parse_json_body() repeats it so a handler is safe either way.

#include "engine/http/request.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string_view>

namespace tocsin::http {

// application/json or any application/<x>+json (merge-patch), parameters such as charset ignored.
bool is_json_media_type(std::string_view content_type) noexcept;

// Throws http_error(415, UnsupportedMediaType) when the request has a non-empty body whose
// Content-Type is missing or not JSON. A request without a body passes.
void require_json_content(const request& req);

// The body as JSON. Throws http_error 415 as above, or 400 BadRequest when the body is empty,
// is not valid JSON (the message gives line and column) or nests deeper than max_depth.
nlohmann::json parse_json_body(const request& req, std::size_t max_depth = 64);

}  // namespace tocsin::http
