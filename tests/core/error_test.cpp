#include "engine/error.hpp"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

TEST(Error, CarriesCodeMessageAndField) {
    const error e(errc::invalid_argument, "title must not be empty", "title");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_STREQ(e.what(), "title must not be empty");
    EXPECT_EQ(e.field(), "title");
    EXPECT_EQ(std::error_code(errc::not_found).message(), "not_found");
}

TEST(Error, CaptureTurnsThrowsIntoResults) {
    auto ok = capture([] { return 42; });
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 42);

    auto failed = capture([]() -> int { throw error(errc::conflict, "stale etag"); });
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, errc::conflict);
    EXPECT_THROW(failed.value(), error);

    auto foreign = capture([]() -> int { throw std::out_of_range("boom"); });
    EXPECT_EQ(foreign.error().code, errc::internal);
}

TEST(Error, OnlyUnavailableAndTimeoutAreRetryable) {
    EXPECT_TRUE((error_info{errc::unavailable, "", ""}.retryable()));
    EXPECT_TRUE((error_info{errc::timeout, "", ""}.retryable()));
    EXPECT_FALSE((error_info{errc::invalid_argument, "", ""}.retryable()));
}

}  // namespace
}  // namespace tocsin
