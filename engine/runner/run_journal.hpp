#pragma once
// The journal of one durable run: what the run observed, in order, so that after a crash the run
// can be executed again from the top with every observation replayed instead of repeated.
//
// Entries (store::journal_entry; sequences 1-based and dense per run):
//   clock    {read: "now" | "cpu" | "seed", value}        os.time/os.date, os.clock, math.random
//   attempt  {call, name, attempts, nextAttemptMs, error}  a retryable failure and when the next
//                                                         attempt is due (retry state)
//   action   {sequence, name, input, output | error, attempts, durationMs}   a finished call
//   cancel   {reason}                                     the run was cancelled; never resumed
// util.uuid / util.time_format and every other value from a plugin are action outputs, so they
// are replayed like any action.
//
// Replay: the entries a resumed run starts with are consumed in order by the journal clock and
// the action bridge. An observation that does not match the next entry (another kind, another
// action, other input) is a divergence: the run is aborted with a "non-deterministic playbook"
// error (on_diverge). Once the entries are used up the run is live and appends new ones.
//
// Durability: appends go through the run's serial_writer, after the run record; an action's
// output reaches the playbook only once its entry is stored (append's `stored` callback), so a
// completed action is never executed again after a crash. Clock entries are not waited for: any
// later action entry is stored after them, so no action depends on a clock value that was lost.
//
// Thread-safety: the replay members are used on the run's executor only. append() and the
// divergence members may be called from any thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runner/serial_writer.hpp"
#include "engine/store/store.hpp"

namespace tocsin::runner {

class run_journal {
  public:
    // `recorded`: the entries of an earlier execution, in sequence order (empty for a new run).
    run_journal(std::string run_id, store::store& store, std::shared_ptr<serial_writer> writer,
                std::vector<store::journal_entry> recorded);

    const std::string& run_id() const noexcept { return run_id_; }
    serial_writer& writer() noexcept { return *writer_; }

    // ---- replay (run's executor) ----
    bool replaying() const noexcept { return next_replay_ < recorded_.size(); }
    // The next recorded entry; replaying() must be true.
    const store::journal_entry& peek() const { return recorded_[next_replay_]; }
    void skip() { ++next_replay_; }
    std::size_t recorded() const noexcept { return recorded_.size(); }

    // ---- divergence ----
    // Records the first divergence and calls the handler with its message ("non-deterministic
    // playbook: …"). Later calls are ignored.
    void diverge(const std::string& what);
    bool diverged() const noexcept { return diverged_.load(); }
    // Called at most once, from diverge(); set before the run starts. A divergence found before
    // the handler was set (while the run's state is built) is reported when it is set.
    void on_diverge(std::function<void(const std::string&)> handler);

    // ---- append ----
    // Queues the entry with the next sequence. `stored(ok)` runs on a blocking-pool thread once
    // the write is done (ok = false when the store failed; the failure is logged).
    void append(std::string kind, nlohmann::json data, std::function<void(bool)> stored = {});

  private:
    const std::string run_id_;
    store::store& store_;
    std::shared_ptr<serial_writer> writer_;
    const std::vector<store::journal_entry> recorded_;
    std::size_t next_replay_ = 0;  // run's executor only

    std::mutex mutex_;
    std::uint64_t last_sequence_ = 0;                          // guarded by mutex_
    std::string divergence_;                                   // guarded by mutex_
    std::function<void(const std::string&)> diverge_handler_;  // guarded by mutex_
    std::atomic<bool> diverged_{false};
};

// A short description of an entry for messages: "action incidents.create (call 2)".
std::string describe(const store::journal_entry& entry);

}  // namespace tocsin::runner
