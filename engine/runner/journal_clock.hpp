#pragma once
// The clock_source of a durable run: each reading (os.time / os.date "now", os.clock, the
// math.random seed) is the next "clock" entry of the run's journal while the run replays, and a
// live reading journaled as it is made once the journal is used up. A reading that meets another
// kind of entry, or a clock entry for another reading, is a divergence (the run is aborted); the
// reading then answers with a live value, which the aborted run never acts on.
// os.clock stays monotonic across the switch from replay to live.
//
// Thread-safety: as lua::clock_source, the run's executor only.

#include <memory>

#include "engine/lua/clock_source.hpp"
#include "engine/runner/run_journal.hpp"

namespace tocsin::runner {

class journal_clock final : public lua::clock_source {
  public:
    journal_clock(std::shared_ptr<run_journal> journal, std::shared_ptr<lua::clock_source> live);

    time_point now() override;
    double cpu_seconds() override;
    std::uint64_t random_seed() override;

  private:
    // The recorded value of reading `what`, or nullopt when the run is live (or diverged).
    std::optional<nlohmann::json> replay(const char* what);

    std::shared_ptr<run_journal> journal_;
    std::shared_ptr<lua::clock_source> live_;
    double cpu_base_ = 0;  // last replayed os.clock value
    double cpu_mark_ = 0;  // live os.clock reading when it was replayed
};

}  // namespace tocsin::runner
