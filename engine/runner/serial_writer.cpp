#include "engine/runner/serial_writer.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

namespace tocsin::runner {

serial_writer::serial_writer(blocking_pool& pool, bool held) : pool_(pool), held_(held) {}

void serial_writer::post(std::function<void()> job) {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    schedule_locked();
}

void serial_writer::start(std::function<void()> first) {
    std::lock_guard lock(mutex_);
    jobs_.push_front(std::move(first));
    held_ = false;
    schedule_locked();
}

void serial_writer::schedule_locked() {
    if (held_ || busy_ || jobs_.empty())
        return;
    busy_ = true;
    boost::asio::post(pool_.executor(), [self = shared_from_this()] { self->drain(); });
}

void serial_writer::drain() {
    for (;;) {
        std::function<void()> job;
        {
            std::lock_guard lock(mutex_);
            if (jobs_.empty()) {
                busy_ = false;
                return;
            }
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            spdlog::error("runner: a store write failed: {}", e.what());
        }
    }
}

}  // namespace tocsin::runner
