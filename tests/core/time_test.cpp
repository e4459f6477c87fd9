#include "engine/core/time.hpp"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

TEST(Time, FormatsWholeSecondsWithoutFraction) {
    const auto t = parse_time("2019-01-01T13:15:30Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_time(*t), "2019-01-01T13:15:30Z");
}

TEST(Time, KeepsMillisecondsAndAppliesOffsets) {
    const auto t = parse_time("2019-01-01T15:15:30.1234567+02:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_time(*t), "2019-01-01T13:15:30.123Z");
}

TEST(Time, DateOnlyIsMidnightUtc) {
    EXPECT_EQ(format_time(*parse_time("2024-02-29")), "2024-02-29T00:00:00Z");
}

TEST(Time, RejectsMalformedText) {
    for (const char* bad :
         {"", "2019", "2019-13-01T00:00:00Z", "2019-02-30", "2019-01-01T25:00:00Z",
          "2019-01-01T10:00:00Q", "2019-01-01T10:00:00.Z", "yesterday"}) {
        EXPECT_FALSE(parse_time(bad)) << bad;
    }
}

}  // namespace
}  // namespace tocsin
