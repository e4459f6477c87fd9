#pragma once
// A small pool of read-only connections. In WAL mode each reader sees the last committed
// snapshot and neither blocks the writer nor is blocked by it.
// Thread-safety: acquire() and close() may be called from any thread; a lease (and the
// connection it lends) belongs to the thread that acquired it until it is destroyed.

#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/store/sqlite/connection.hpp"

namespace tocsin::store::sqlite {

class reader_pool {
  public:
    class lease {
      public:
        lease(reader_pool& pool, std::unique_ptr<connection> conn)
            : pool_(&pool), conn_(std::move(conn)) {}
        ~lease();
        lease(lease&& other) noexcept = default;
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;
        lease& operator=(lease&&) = delete;

        connection& operator*() { return *conn_; }
        connection* operator->() { return conn_.get(); }

      private:
        reader_pool* pool_;
        std::unique_ptr<connection> conn_;
    };

    // Connections open lazily, up to `size` at once (at least one).
    reader_pool(std::filesystem::path file, connection_options options, std::size_t size);
    ~reader_pool();

    // Waits for a free connection; errc::unavailable once the pool is closed.
    lease acquire();
    // Refuses new leases, waits for the outstanding ones to come back and closes everything.
    void close();

  private:
    void give_back(std::unique_ptr<connection> conn);

    const std::filesystem::path file_;
    const connection_options options_;
    const std::size_t size_;

    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<connection>> idle_;  // guarded by mutex_
    std::size_t open_ = 0;                           // guarded by mutex_; idle + leased
    bool closed_ = false;                            // guarded by mutex_
};

}  // namespace tocsin::store::sqlite
