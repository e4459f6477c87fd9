#include "engine/http/error_mapping.hpp"

#include <spdlog/spdlog.h>

namespace tocsin::http {
namespace {

std::string_view generic_message(int status) noexcept {
    switch (status) {
        case 503:
            return "The service is temporarily unavailable; retry later.";
        case 504:
            return "The operation timed out.";
        default:
            return "An internal error occurred.";
    }
}

}  // namespace

int status_for(errc code) noexcept {
    switch (code) {
        case errc::invalid_argument:
        case errc::missing_field:
        case errc::precondition_failed:
        case errc::unsupported:
        case errc::limit_exceeded:
            return 400;
        case errc::unauthenticated:
            return 401;
        case errc::forbidden:
            return 403;
        case errc::not_found:
            return 404;
        case errc::already_exists:
        case errc::conflict:
            return 409;
        case errc::cancelled:
        case errc::unavailable:
            return 503;
        case errc::timeout:
            return 504;
        case errc::ok:
        case errc::storage:
        case errc::config:
        case errc::internal:
            return 500;
    }
    return 500;
}

std::string_view arm_code_for(int status) noexcept {
    switch (status) {
        case 400:
            return "BadRequest";
        case 401:
            return "AuthenticationFailed";
        case 403:
            return "AuthorizationFailed";
        case 404:
            return "NotFound";
        case 405:
            return "MethodNotAllowed";
        case 408:
            return "RequestTimeout";
        case 409:
            return "Conflict";
        case 412:
            return "PreconditionFailed";
        case 413:
            return "RequestEntityTooLarge";
        case 415:
            return "UnsupportedMediaType";
        case 429:
            return "TooManyRequests";
        case 431:
            return "RequestHeaderFieldsTooLarge";
        case 501:
            return "NotImplemented";
        case 503:
            return "ServiceUnavailable";
        case 504:
            return "GatewayTimeout";
        default:
            return status >= 500 ? "InternalServerError" : "BadRequest";
    }
}

error_status map_error(errc code) noexcept {
    const int status = status_for(code);
    return {status, arm_code_for(status)};
}

http_error::http_error(int status, errc code, std::string message, std::string field)
    : tocsin::error(code, std::move(message), std::move(field)), status_(status) {}

response error_response(const error_info& info, std::optional<int> status,
                        std::string_view context) {
    const int code = status.value_or(status_for(info.code));
    if (code >= 500) {
        const auto level = code == 500 ? spdlog::level::err : spdlog::level::warn;
        spdlog::log(level, "http: {} answered {}: {}: {}{}", context.empty() ? "request" : context,
                    code, to_string(info.code), info.message,
                    info.field.empty() ? std::string() : " (field " + info.field + ")");
        return response::error(code, arm_code_for(code), generic_message(code));
    }
    return response::error(code, arm_code_for(code), info.message, info.field);
}

response exception_response(std::exception_ptr ex, std::string_view context) {
    try {
        std::rethrow_exception(ex);
    } catch (const http_error& e) {
        return error_response(e.info(), e.status(), context);
    } catch (const tocsin::error& e) {
        return error_response(e.info(), std::nullopt, context);
    } catch (const std::exception& e) {
        spdlog::error("http: {} failed with an unexpected exception: {}",
                      context.empty() ? "request" : context, e.what());
    } catch (...) {
        spdlog::error("http: {} failed with a non-standard exception",
                      context.empty() ? "request" : context);
    }
    return response::error(500, arm_code_for(500), generic_message(500));
}

}  // namespace tocsin::http
