#pragma once
// Internal to engine/http: the open connections of one server, so that stop() can close idle
// ones, wait for busy ones and force the rest. Thread-safe (one mutex); sessions add and remove
// themselves from their strands, stop() reads from its own thread.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace tocsin::http::detail {

// What stop() can ask of a connection; both calls are thread-safe (they post to its strand).
class session_handle {
  public:
    virtual ~session_handle() = default;
    // Closes the connection if it is waiting for a request; a request in flight finishes.
    virtual void close_if_idle() = 0;
    // Closes the connection whatever it is doing.
    virtual void close_now() = 0;
};

class session_registry {
  public:
    void add(const std::shared_ptr<session_handle>& session);
    void remove(const session_handle* session);
    std::vector<std::shared_ptr<session_handle>> snapshot() const;
    std::size_t size() const;
    // True when the registry became empty within timeout.
    bool wait_until_empty(std::chrono::milliseconds timeout) const;

  private:
    mutable std::mutex mutex_;
    mutable std::condition_variable emptied_;
    std::unordered_map<const session_handle*, std::weak_ptr<session_handle>> sessions_;
};

}  // namespace tocsin::http::detail
