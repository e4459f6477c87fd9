#include "engine/runner/serial_writer.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <vector>

#include "engine/error.hpp"

namespace tocsin::runner {

std::string failure_message(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an unknown error";
    }
}

bool store_keeps_no_runs(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const error& e) {
        return e.code() == errc::unsupported;
    } catch (...) {
        return false;
    }
}

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
        std::deque<job> taken;
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

void serial_writer::run_jobs(std::deque<job>& jobs) {
    std::vector<std::exception_ptr> failures(jobs.size());
    auto write_each = [&] {
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            try {
                jobs[i].write();
            } catch (...) {
                failures[i] = std::current_exception();
            }
        }
    };
    if (jobs.size() == 1) {
        write_each();
    } else {
        try {
            together_->write_together(write_each);
        } catch (...) {
            // The shared commit failed: none of the writes was kept.
            for (auto& failure : failures)
                failure = std::current_exception();
        }
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (!jobs[i].then) {
            if (failures[i])
                spdlog::error("runner: a store write failed: {}", failure_message(failures[i]));
            continue;
        }
        try {
            jobs[i].then(failures[i]);
        } catch (const std::exception& e) {
            spdlog::error("runner: a store write's completion failed: {}", e.what());
        }
    }
}

}  // namespace tocsin::runner
