#pragma once
// Per-caller token buckets: each key (a token id) may make `burst` requests at once and
// `per_second` on average. Time comes from the caller, so tests move it by hand.
// Thread-safety: take() may be called from any thread (one mutex; the critical section is a map
// lookup and some arithmetic).

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/core/time.hpp"

namespace tocsin::auth {

struct rate_limit {
    double per_second = 0;  // 0: no limit
    double burst = 0;       // bucket size; at least 1 when limited
};

class rate_limiter {
  public:
    explicit rate_limiter(rate_limit limit);

    struct decision {
        bool allowed = true;
        // When refused: how long until one request's worth has refilled.
        std::chrono::milliseconds retry_after{0};
    };

    // Takes one request's worth from key's bucket (a new key starts full).
    decision take(const std::string& key, time_point now);

    bool enabled() const noexcept { return limit_.per_second > 0; }

  private:
    struct bucket {
        double level = 0;
        time_point updated{};
    };

    const rate_limit limit_;
    std::mutex mutex_;
    std::unordered_map<std::string, bucket> buckets_;  // guarded by mutex_; one per token seen
};

}  // namespace tocsin::auth
