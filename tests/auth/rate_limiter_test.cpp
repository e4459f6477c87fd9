#include <gtest/gtest.h>

#include "engine/auth/rate_limiter.hpp"

namespace tocsin::auth {
namespace {

using std::chrono::milliseconds;

const time_point t0 = time_point(milliseconds(1'700'000'000'000));

TEST(RateLimiter, BurstThenRefusedWithTimeToNextRequest) {
    rate_limiter limiter({.per_second = 2, .burst = 3});
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(limiter.take("a", t0).allowed) << i;
    const auto refused = limiter.take("a", t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, milliseconds(500));  // one request's worth at 2 per second
}

TEST(RateLimiter, RefillsAtTheRateUpToTheBurst) {
    rate_limiter limiter({.per_second = 2, .burst = 3});
    for (int i = 0; i < 3; ++i)
        limiter.take("a", t0);
    EXPECT_FALSE(limiter.take("a", t0 + milliseconds(400)).allowed);
    EXPECT_TRUE(limiter.take("a", t0 + milliseconds(500)).allowed);
    EXPECT_FALSE(limiter.take("a", t0 + milliseconds(500)).allowed);
    // A long pause refills the bucket to the burst, not beyond.
    const auto later = t0 + std::chrono::hours(1);
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(limiter.take("a", later).allowed) << i;
    EXPECT_FALSE(limiter.take("a", later).allowed);
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
    rate_limiter limiter({.per_second = 1, .burst = 1});
    EXPECT_TRUE(limiter.take("a", t0).allowed);
    EXPECT_FALSE(limiter.take("a", t0).allowed);
    EXPECT_TRUE(limiter.take("b", t0).allowed);
}

TEST(RateLimiter, ZeroRateMeansNoLimit) {
    rate_limiter limiter({.per_second = 0, .burst = 0});
    EXPECT_FALSE(limiter.enabled());
    for (int i = 0; i < 1000; ++i)
        ASSERT_TRUE(limiter.take("a", t0).allowed);
}

TEST(RateLimiter, BurstBelowOneStillAdmitsOneRequest) {
    rate_limiter limiter({.per_second = 5, .burst = 0});
    EXPECT_TRUE(limiter.take("a", t0).allowed);
    const auto refused = limiter.take("a", t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, milliseconds(200));
}

}  // namespace
}  // namespace tocsin::auth
