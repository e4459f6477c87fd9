#include "engine/runner/backoff.hpp"

#include <algorithm>
#include <random>

namespace tocsin::runner {

std::chrono::milliseconds backoff_delay(const plugin::retry_policy& policy, unsigned retry) {
    using std::chrono::milliseconds;
    const auto cap = std::max<std::int64_t>(policy.max_backoff.count(), 0);
    std::int64_t base = std::max<std::int64_t>(policy.initial_backoff.count(), 0);
    for (unsigned i = 1; i < retry && base < cap; ++i)
        base *= 2;
    base = std::min(base, cap);
    if (base <= 1)
        return milliseconds{base};
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<std::int64_t> jitter(0, base / 2);
    return milliseconds{base - base / 2 + jitter(rng)};
}

}  // namespace tocsin::runner
