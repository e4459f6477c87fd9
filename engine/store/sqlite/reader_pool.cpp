#include "engine/store/sqlite/reader_pool.hpp"

#include "engine/store/errors.hpp"

namespace tocsin::store::sqlite {

reader_pool::lease::~lease() {
    if (conn_)
        pool_->give_back(std::move(conn_));
}

reader_pool::reader_pool(std::filesystem::path file, connection_options options, std::size_t size)
    : file_(std::move(file)), options_(options), size_(size == 0 ? 1 : size) {}

reader_pool::~reader_pool() {
    close();
}

reader_pool::lease reader_pool::acquire() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (closed_)
            throw errors::store_closed();
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return lease(*this, std::move(conn));
        }
        if (open_ < size_)
            break;
        returned_.wait(lock);
    }
    // Open outside the lock: opening touches the file system.
    ++open_;
    lock.unlock();
    try {
        return lease(*this, std::make_unique<connection>(file_, options_));
    } catch (...) {
        lock.lock();
        --open_;
        returned_.notify_one();
        throw;
    }
}

void reader_pool::give_back(std::unique_ptr<connection> conn) {
    std::lock_guard lock(mutex_);
    if (closed_) {
        conn.reset();
        --open_;
    } else {
        idle_.push_back(std::move(conn));
    }
    returned_.notify_all();
}

void reader_pool::close() {
    std::unique_lock lock(mutex_);
    closed_ = true;
    open_ -= idle_.size();
    idle_.clear();
    returned_.notify_all();
    returned_.wait(lock, [this] { return open_ == 0; });
}

}  // namespace tocsin::store::sqlite
