#pragma once
// The clock the schedule trigger runs on. In production: the system clock.
//
// FOR TESTS ONLY: two configuration keys make it an accelerated clock, so that an end-to-end
// test can drive cron schedules, time zones and restarts after a gap through the real server
// without waiting for real hours:
//   schedule.test_clock_start  (TOCSIN_SCHEDULE_TEST_CLOCK_START)  ISO 8601 instant the clock
//                              reads when the engine starts; empty (default): the system clock
//   schedule.test_clock_speed  (TOCSIN_SCHEDULE_TEST_CLOCK_SPEED)  clock seconds per real second
//                              (default 1)
// Only the schedule trigger's view of time changes (scheduled_at, fired_at and when runs start);
// run records, logs and playbooks keep the system clock. Never set them in production.

#include <memory>

#include "engine/core/config.hpp"
#include "engine/core/time.hpp"

namespace tocsin::triggers {

// Reads `start` when constructed, then runs `speed` times as fast as `base`.
// Thread-safety: now() may be called from any thread.
class accelerated_clock final : public clock {
  public:
    accelerated_clock(time_point start, unsigned speed, const clock& base = default_clock());
    time_point now() const override;

  private:
    time_point start_;
    time_point base_start_;
    unsigned speed_;
    const clock& base_;
};

// The system clock unless the test keys above ask otherwise. Throws tocsin::error(config) naming
// schedule.test_clock_start when it is not an ISO 8601 instant.
std::unique_ptr<clock> schedule_clock(const config& cfg);

}  // namespace tocsin::triggers
