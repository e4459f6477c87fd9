#pragma once
// Every non-deterministic value a playbook can observe (os.time, os.date without a time, os.clock,
// the seed of math.random) is asked of a clock_source. The engine passes one per run so that it can
// journal the answers on the first execution and feed the same answers back on a replay.
//
// Thread-safety: a run calls its clock_source only on the run's executor, synchronously, while Lua
// code runs; implementations need no locking unless they are shared between runs.

#include <cstdint>
#include <memory>

#include "engine/core/time.hpp"

namespace tocsin::lua {

class clock_source {
  public:
    virtual ~clock_source() = default;
    // Wall time for os.time() and os.date() without an explicit time. UTC.
    virtual time_point now() = 0;
    // Seconds for os.clock(); playbooks use it to measure durations.
    virtual double cpu_seconds() = 0;
    // Seed for math.random, asked once when the run's state is built.
    virtual std::uint64_t random_seed() = 0;
};

// Reads `wall` for now(), a steady clock started at construction for cpu_seconds(), and
// std::random_device for the seed.
std::shared_ptr<clock_source> make_system_clock_source(const clock& wall = default_clock());

}  // namespace tocsin::lua
