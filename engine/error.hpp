#pragma once
// The one error family of the project. Every module reports failures as a tocsin::errc (with a
// message and, for validation, the offending field). Inside a module, functions either return
// result<T> or throw tocsin::error; neither ever crosses an async completion or the Lua boundary
// as anything but these types. The HTTP edge maps errc to ARM error bodies (see http/).

#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

namespace tocsin {

enum class errc {
    ok = 0,
    invalid_argument,     // a field's value is malformed or out of range (400)
    missing_field,        // a required field is absent (400)
    not_found,            // the resource does not exist (404)
    already_exists,       // create of something that exists (409 / 400 for relations)
    conflict,             // etag mismatch or concurrent write lost (409)
    limit_exceeded,       // a configured limit was hit (count, size, cap)
    precondition_failed,  // a rule of the domain forbids the change in the current state (400)
    unauthenticated,      // no or bad credentials (401)
    forbidden,            // credentials lack the role (403)
    unsupported,          // a known but unsupported feature or version (400)
    timeout,              // an operation ran out of time
    cancelled,            // an operation was cancelled
    unavailable,          // a dependency is down or the engine is shutting down (503); retryable
    storage,              // the store failed (500)
    config,               // bad configuration
    internal,             // a bug (500)
};

const std::error_category& error_category() noexcept;
std::error_code make_error_code(errc e) noexcept;
// A short stable token for an errc, e.g. "not_found"; used in logs and the Lua err.code.
const char* to_string(errc e) noexcept;

// An error value: what kind, a human message, and the field it concerns when there is one.
struct error_info {
    errc code = errc::internal;
    std::string message;
    std::string field{};  // empty when the error is not about one field

    bool retryable() const noexcept { return code == errc::unavailable || code == errc::timeout; }
};

class error : public std::runtime_error {
  public:
    error(errc code, std::string message, std::string field = {});
    explicit error(error_info info);

    errc code() const noexcept { return info_.code; }
    const std::string& field() const noexcept { return info_.field; }
    const error_info& info() const noexcept { return info_; }

  private:
    error_info info_;
};

// A value or an error_info; the small subset of std::expected the project needs (C++20).
template <typename T>
class result {
  public:
    result(T value) : state_(std::move(value)) {}
    result(error_info err) : state_(std::move(err)) {}

    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& value() & {
        throw_if_error();
        return std::get<0>(state_);
    }
    const T& value() const& {
        throw_if_error();
        return std::get<0>(state_);
    }
    T&& value() && {
        throw_if_error();
        return std::get<0>(std::move(state_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const error_info& error() const& { return std::get<1>(state_); }

  private:
    void throw_if_error() const {
        if (!has_value())
            throw tocsin::error(std::get<1>(state_));
    }
    std::variant<T, error_info> state_;
};

// result<void>: success or an error_info.
template <>
class result<void> {
  public:
    result() = default;
    result(error_info err) : err_(std::move(err)) {}
    bool has_value() const noexcept { return !err_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    void value() const {
        if (err_)
            throw tocsin::error(*err_);
    }
    const error_info& error() const& { return *err_; }

  private:
    std::optional<error_info> err_;
};

// Runs fn and turns a thrown tocsin::error (or any std::exception, as errc::internal) into a
// result; the catch point for module borders that speak result<T>.
template <typename Fn>
auto capture(Fn&& fn) -> result<decltype(fn())> {
    try {
        if constexpr (std::is_void_v<decltype(fn())>) {
            fn();
            return {};
        } else {
            return fn();
        }
    } catch (const tocsin::error& e) {
        return e.info();
    } catch (const std::exception& e) {
        return error_info{errc::internal, e.what(), {}};
    }
}

}  // namespace tocsin

template <>
struct std::is_error_code_enum<tocsin::errc> : std::true_type {};
