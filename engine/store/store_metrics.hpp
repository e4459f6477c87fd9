#pragma once
// Store latency for GET /metrics: every transaction of a store backend is timed by kind
// (read, write) and, for writes, the wait for the single writer is reported apart, since that
// wait is what grows under load.

#include <chrono>
#include <cstddef>

namespace tocsin::store {

enum class transaction_kind { read, write };

void record_transaction(transaction_kind kind, std::chrono::nanoseconds elapsed);
void record_writer_wait(std::chrono::nanoseconds waited);
// How many writes one write transaction carried (group commit).
void record_group_commit(std::size_t writes);

// Records one transaction from `began` to its own destruction (commit, rollback or throw).
class timed_transaction {
  public:
    timed_transaction(transaction_kind kind, std::chrono::steady_clock::time_point began)
        : kind_(kind), began_(began) {}
    ~timed_transaction() { record_transaction(kind_, std::chrono::steady_clock::now() - began_); }
    timed_transaction(const timed_transaction&) = delete;
    timed_transaction& operator=(const timed_transaction&) = delete;

  private:
    transaction_kind kind_;
    std::chrono::steady_clock::time_point began_;
};

}  // namespace tocsin::store
