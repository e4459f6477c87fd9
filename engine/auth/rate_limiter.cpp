#include "engine/auth/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace tocsin::auth {

rate_limiter::rate_limiter(rate_limit limit)
    : limit_{limit.per_second, std::max(1.0, limit.burst)} {}

rate_limiter::decision rate_limiter::take(const std::string& key, time_point now) {
    if (!enabled())
        return {};
    std::lock_guard lock(mutex_);
    auto [it, fresh] = buckets_.try_emplace(key, bucket{limit_.burst, now});
    auto& b = it->second;
    if (!fresh && now > b.updated) {
        const double elapsed = std::chrono::duration<double>(now - b.updated).count();
        b.level = std::min(limit_.burst, b.level + elapsed * limit_.per_second);
        b.updated = now;
    }
    if (b.level >= 1.0) {
        b.level -= 1.0;
        return {};
    }
    const double wait_seconds = (1.0 - b.level) / limit_.per_second;
    return {false,
            std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_seconds * 1000.0)))};
}

}  // namespace tocsin::auth
