#pragma once
// Delay before retry number `retry` (1 = the first retry) of an action: capped exponential
// backoff with "equal jitter" (half fixed, half random), so many runs retrying the same failing
// dependency spread out instead of arriving together. Thread-safe.

#include <chrono>

#include "engine/plugin/action.hpp"

namespace tocsin::runner {

std::chrono::milliseconds backoff_delay(const plugin::retry_policy& policy, unsigned retry);

}  // namespace tocsin::runner
