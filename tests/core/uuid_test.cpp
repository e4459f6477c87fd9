#include "engine/core/uuid.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <thread>

namespace {

using tocsin::is_uuid;
using tocsin::new_time_ordered_uuid;
using tocsin::new_uuid;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The 48-bit Unix-millisecond prefix of a version 7 UUID (its first 12 hex digits).
std::int64_t timestamp_of(const std::string& id) {
    return std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
}

TEST(Uuid, RandomUuidIsVersion4WithTheRfcVariant) {
    const auto id = new_uuid();
    ASSERT_TRUE(is_uuid(id)) << id;
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
}

TEST(Uuid, TimeOrderedUuidIsVersion7WithTheRfcVariantAndTheCurrentTime) {
    const auto before = now_ms();
    const auto id = new_time_ordered_uuid();
    const auto after = now_ms();
    ASSERT_TRUE(is_uuid(id)) << id;
    EXPECT_EQ(id[14], '7') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    EXPECT_GE(timestamp_of(id), before) << id;
    EXPECT_LE(timestamp_of(id), after) << id;
}

TEST(Uuid, TimeOrderedUuidsMadeInLaterMillisecondsSortLater) {
    // Sorting as text is what the store's indexes do with names; lower-case hex sorts like the
    // number, so a later millisecond always gives a greater id.
    auto previous = new_time_ordered_uuid();
    for (int i = 0; i < 5; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        auto next = new_time_ordered_uuid();
        EXPECT_LT(previous, next);
        previous = std::move(next);
    }
}

TEST(Uuid, TimeOrderedUuidsWithinOneMillisecondAreStillUnique) {
    // 10,000 ids are made in a few milliseconds; the 74 random bits keep them apart.
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i)
        EXPECT_TRUE(seen.insert(new_time_ordered_uuid()).second);
}

}  // namespace
