#pragma once
// The one mapping from tocsin::errc to an HTTP status and ARM error code, and the one place that
// turns errors and exceptions into ARM error responses. Pure apart from logging (spdlog, which is
// thread-safe); callable from any thread.
//
//   invalid_argument, missing_field, precondition_failed,
//   unsupported, limit_exceeded             -> 400 BadRequest
//   unauthenticated                         -> 401 AuthenticationFailed
//   forbidden                               -> 403 AuthorizationFailed
//   not_found                               -> 404 NotFound
//   already_exists, conflict                -> 409 Conflict
//   unavailable, cancelled                  -> 503 ServiceUnavailable
//   timeout                                 -> 504 GatewayTimeout
//   storage, config, internal (and ok,
//   which is a bug here)                    -> 500 InternalServerError
//
// Every 5xx body carries a generic message; the real one is logged. 4xx bodies carry the
// error_info message and, when set, its field as the ARM "target".

#include "engine/error.hpp"
#include "engine/http/response.hpp"

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::http {

struct error_status {
    int status;
    std::string_view code;  // ARM error code, e.g. "NotFound"
};

int status_for(errc code) noexcept;
// The ARM code for a status: 404 "NotFound", 413 "RequestEntityTooLarge", 429 "TooManyRequests"...
std::string_view arm_code_for(int status) noexcept;
// {status_for(code), arm_code_for(status_for(code))}.
error_status map_error(errc code) noexcept;

// A tocsin::error that also says which status to answer with, for the cases where the errc alone
// is ambiguous: limit_exceeded as 413 or 429 rather than 400, unsupported media type as 415.
// Throw it from a handler or filter; the ARM code follows the status.
class http_error : public tocsin::error {
  public:
    http_error(int status, errc code, std::string message, std::string field = {});
    int status() const noexcept { return status_; }

  private:
    int status_;
};

// The ARM error response for info; status overrides status_for(info.code). 5xx are logged with
// `context` (e.g. "GET /api/v1/incidents") and answered with a generic message.
response error_response(const error_info& info, std::optional<int> status = std::nullopt,
                        std::string_view context = {});

// The response for an exception caught at the HTTP edge: http_error and tocsin::error are mapped,
// anything else is logged and answered 500 with a generic message.
response exception_response(std::exception_ptr ex, std::string_view context = {});

}  // namespace tocsin::http
