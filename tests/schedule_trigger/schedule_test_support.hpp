#pragma once
// Small helpers shared by the schedule trigger's unit tests.

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "engine/core/time.hpp"
#include "engine/error.hpp"

namespace tocsin::triggers::test {

// An instant from ISO 8601 text; throws on a typo in the test itself.
inline time_point at(const std::string& text) {
    const auto t = parse_time(text);
    if (!t)
        throw std::invalid_argument("bad instant in test: " + text);
    return *t;
}

inline std::string text_of(const std::optional<time_point>& t) {
    return t ? format_time(*t) : std::string("(none)");
}

// The tocsin::error `fn` throws; a test failure when it throws nothing.
inline error_info error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const error& e) {
        return e.info();
    }
    ADD_FAILURE() << "no tocsin::error thrown";
    return {};
}

}  // namespace tocsin::triggers::test
