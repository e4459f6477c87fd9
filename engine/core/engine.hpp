#pragma once
// The engine process: owns the I/O context and its threads, the blocking pool, the event bus
// and the store, and the components started on them (HTTP API, triggers, playbook runner).
//
// Life cycle: start() → running → request_stop() (any thread, or SIGINT/SIGTERM) → two-phase
// shutdown: components stop accepting new work and in-flight work gets shutdown_grace to
// finish; then remaining work is cancelled, threads are joined and the store is closed.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/core/config.hpp"
#include "engine/core/event_bus.hpp"
#include "engine/store/store.hpp"

namespace tocsin {

// Something the engine starts and stops: the HTTP listener, a trigger, the run scheduler.
class component {
  public:
    virtual ~component() = default;
    virtual std::string name() const = 0;
    virtual void start() = 0;
    // Phase one: stop taking new work; let in-flight work finish. Must not block.
    virtual void begin_shutdown() {}
    // True once in-flight work is done (polled during the grace period).
    virtual bool idle() const { return true; }
    // Phase two: cancel what is left and release resources. May block briefly.
    virtual void stop() = 0;
};

class engine {
  public:
    explicit engine(tocsin::config cfg);
    ~engine();
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

    const tocsin::config& settings() const { return config_; }
    boost::asio::io_context& io() { return io_; }
    blocking_pool& blocking() { return blocking_; }
    // For the store reads of API requests only, so they never queue behind writes.
    blocking_pool& reads() { return reads_; }
    event_bus& bus() { return bus_; }
    store::store& store() { return *store_; }

    // Components start in the order added and stop in reverse order.
    void add(std::unique_ptr<component> c);

    // Opens nothing new: the store is opened in the constructor. Starts the I/O threads and
    // every component. Throws tocsin::error when a component cannot start.
    void start();
    // Blocks until SIGINT or SIGTERM (or request_stop), then shuts down.
    void run_until_stopped();
    // Thread-safe; returns at once.
    void request_stop();
    // A line printed on stdout once the engine is fully started and watching for signals
    // (e.g. "tocsin: listening on …"): scripts and tests wait for it.
    void announce(std::string line) { announcements_.push_back(std::move(line)); }

  private:
    void shutdown();

    tocsin::config config_;
    boost::asio::io_context io_;
    blocking_pool blocking_;
    blocking_pool reads_;
    event_bus bus_;
    std::unique_ptr<store::store> store_;
    std::vector<std::unique_ptr<component>> components_;
    std::vector<std::thread> threads_;
    std::mutex stop_mutex_;
    bool stop_requested_ = false;
    bool stopped_ = false;
    std::vector<std::string> announcements_;
    std::condition_variable stop_signal_;
};

// Opens the store the configuration names (SQLite file under data_dir, or PostgreSQL).
std::unique_ptr<store::store> open_store(const tocsin::config& cfg, event_bus& bus);

}  // namespace tocsin
