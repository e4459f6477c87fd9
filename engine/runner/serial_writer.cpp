#include "engine/runner/serial_writer.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

namespace tocsin::runner {

serial_writer::serial_writer(blocking_pool& pool, bool held, store::store* together)
    : pool_(pool), together_(together), held_(held) {}

void serial_writer::post(write_fn write, then_fn then) {
    std::lock_guard lock(mutex_);
    jobs_.push_back({std::move(write), std::move(then)});
    schedule_locked();
}

void serial_writer::start(write_fn write, then_fn then) {
    std::lock_guard lock(mutex_);
    jobs_.push_front({std::move(write), std::move(then)});
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
        std::vector<job> taken;
        {
            std::lock_guard lock(mutex_);
            if (jobs_.empty()) {
                busy_ = false;
                return;
            }
            const std::size_t count = together_ ? std::min(jobs_.size(), max_together) : 1;
            for (std::size_t i = 0; i < count; ++i) {
                taken.push_back(std::move(jobs_.front()));
                jobs_.pop_front();
            }
        }
        run_jobs(taken);
    }
}

void serial_writer::run_jobs(std::vector<job>& jobs) {
    std::vector<result<void>> outcomes(jobs.size());
    auto write_each = [&] {
        for (std::size_t i = 0; i < jobs.size(); ++i)
            outcomes[i] = capture(jobs[i].write);
    };
    if (jobs.size() == 1) {
        write_each();
    } else if (auto shared = capture([&] { together_->write_together(write_each); }); !shared) {
        // The shared commit failed: none of the writes was kept.
        for (auto& outcome : outcomes)
            outcome = shared;
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (!jobs[i].then) {
            if (!outcomes[i])
                spdlog::error("runner: a store write failed: {}", outcomes[i].error().message);
            continue;
        }
        try {
            jobs[i].then(outcomes[i]);
        } catch (const std::exception& e) {
            spdlog::error("runner: a store write's completion failed: {}", e.what());
        }
    }
}

}  // namespace tocsin::runner
