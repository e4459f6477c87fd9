#include "engine/core/engine.hpp"

#include <spdlog/spdlog.h>
#include <cstdio>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/signal_set.hpp>

namespace tocsin {

engine::engine(tocsin::config cfg)
    : config_(std::move(cfg)),
      io_(static_cast<int>(config_.engine.io_threads)),
      blocking_(config_.engine.blocking_threads),
      reads_(config_.engine.read_threads) {
    store_ = open_store(config_, bus_);
}

engine::~engine() {
    shutdown();
}

void engine::add(std::unique_ptr<component> c) {
    components_.push_back(std::move(c));
}

void engine::start() {
    for (auto& c : components_) {
        spdlog::debug("starting {}", c->name());
        c->start();
    }
    for (unsigned i = 0; i < config_.engine.io_threads; ++i) {
        threads_.emplace_back([this] {
            // Keep running while idle: components add work at any time.
            auto guard = boost::asio::make_work_guard(io_);
            for (;;) {
                try {
                    io_.run();
                    return;
                } catch (const std::exception& e) {
                    // A handler must never take the engine down; log and keep serving.
                    spdlog::error("unhandled exception on an I/O thread: {}", e.what());
                }
            }
        });
    }
}

void engine::run_until_stopped() {
    boost::asio::io_context signals_io;
    boost::asio::signal_set signals(signals_io, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int signal_number) {
        if (!ec) {
            spdlog::info("received signal {}, shutting down", signal_number);
            request_stop();
        }
    });
    std::thread signal_thread([&] { signals_io.run(); });
    for (const auto& line : announcements_)
        std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    {
        std::unique_lock lock(stop_mutex_);
        stop_signal_.wait(lock, [this] { return stop_requested_; });
    }
    signals.cancel();
    signals_io.stop();
    signal_thread.join();
    shutdown();
}

void engine::request_stop() {
    {
        std::lock_guard lock(stop_mutex_);
        stop_requested_ = true;
    }
    stop_signal_.notify_all();
}

void engine::shutdown() {
    if (stopped_)
        return;
    stopped_ = true;
    // Phase one: no new work; in-flight work may finish within the grace period.
    for (auto it = components_.rbegin(); it != components_.rend(); ++it)
        (*it)->begin_shutdown();
    const auto deadline = std::chrono::steady_clock::now() + config_.engine.shutdown_grace;
    auto all_idle = [this] {
        for (auto& c : components_)
            if (!c->idle())
                return false;
        return true;
    };
    while (!all_idle() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!all_idle())
        spdlog::warn("shutdown grace period over; cancelling remaining work");
    // Phase two: cancel what is left, then stop the threads and close the store.
    for (auto it = components_.rbegin(); it != components_.rend(); ++it) {
        try {
            (*it)->stop();
        } catch (const std::exception& e) {
            spdlog::error("stopping {}: {}", (*it)->name(), e.what());
        }
    }
    io_.stop();
    for (auto& t : threads_)
        t.join();
    threads_.clear();
    blocking_.stop();
    reads_.stop();
    if (store_)
        store_->close();
    spdlog::info("engine stopped");
}

}  // namespace tocsin
