#pragma once
// The response a handler returns: status, headers, body; no Beast types. The session sets
// Content-Length, Connection and Date itself and ignores those headers if a handler sets them.
// Not thread-safe; owned by one handler until returned.

#include "engine/http/fields.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace tocsin::http {

inline constexpr std::string_view json_content_type = "application/json; charset=utf-8";

struct response {
    int status = 200;
    fields headers;
    std::string body;

    // Serialises body (invalid UTF-8 in strings is replaced, never thrown) with
    // Content-Type: application/json; charset=utf-8.
    static response json(int status, const nlohmann::json& body);
    // 204, empty body.
    static response no_content();
    static response text(int status, std::string body);
    static response html(int status, std::string body);
    // An ARM error body {"error":{"code":..,"message":..[,"target":..]}} exactly as given. To turn
    // a tocsin::errc into a response use error_response() (error_mapping.hpp), which picks the
    // status and code and keeps internal detail out of 5xx bodies.
    static response error(int status, std::string_view code, std::string_view message,
                          std::string_view target = {});
};

}  // namespace tocsin::http
