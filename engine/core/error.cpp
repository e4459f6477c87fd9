#include "engine/error.hpp"

namespace tocsin {
namespace {

class category final : public std::error_category {
  public:
    const char* name() const noexcept override { return "tocsin"; }
    std::string message(int value) const override { return to_string(static_cast<errc>(value)); }
};

}  // namespace

const std::error_category& error_category() noexcept {
    static const category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

const char* to_string(errc e) noexcept {
    switch (e) {
        case errc::ok:
            return "ok";
        case errc::invalid_argument:
            return "invalid_argument";
        case errc::missing_field:
            return "missing_field";
        case errc::not_found:
            return "not_found";
        case errc::already_exists:
            return "already_exists";
        case errc::conflict:
            return "conflict";
        case errc::limit_exceeded:
            return "limit_exceeded";
        case errc::precondition_failed:
            return "precondition_failed";
        case errc::unauthenticated:
            return "unauthenticated";
        case errc::forbidden:
            return "forbidden";
        case errc::unsupported:
            return "unsupported";
        case errc::timeout:
            return "timeout";
        case errc::cancelled:
            return "cancelled";
        case errc::unavailable:
            return "unavailable";
        case errc::storage:
            return "storage";
        case errc::config:
            return "config";
        case errc::internal:
            return "internal";
    }
    return "unknown";
}

error::error(errc code, std::string message, std::string field)
    : error(error_info{code, std::move(message), std::move(field)}) {}

error::error(error_info info) : std::runtime_error(info.message), info_(std::move(info)) {}

}  // namespace tocsin
