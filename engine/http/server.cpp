#include "engine/http/server.hpp"

#include "engine/http/listener.hpp"
#include "engine/http/server_core.hpp"
#include "engine/http/tls_context.hpp"
#include "engine/http/url.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace tocsin::http {

namespace asio = boost::asio;

struct server::impl {
    enum class state { configured, running, stopped };

    explicit impl(server_config config, router routes)
        : core(std::make_shared<detail::server_core>(std::move(config), std::move(routes))) {}

    bool on_io_thread() const {
        const auto me = std::this_thread::get_id();
        return std::any_of(threads.begin(), threads.end(),
                           [&](const std::thread& t) { return t.get_id() == me; });
    }

    void run_io() {
        // A handler exception that escaped every catch must not end an I/O thread.
        for (;;) {
            try {
                io->run();
                return;
            } catch (const std::exception& e) {
                spdlog::error("http: an I/O thread caught: {}", e.what());
            } catch (...) {
                spdlog::error("http: an I/O thread caught a non-standard exception");
            }
        }
    }

    // Declaration order is destruction order in reverse: the io_context (and the coroutine
    // frames it still holds) goes before the core they point into.
    std::shared_ptr<detail::server_core> core;
    std::unique_ptr<asio::io_context> io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::shared_ptr<detail::listener> listener;
    std::vector<std::thread> threads;
    endpoint local;
    mutable std::mutex lifecycle;  // start/stop and the state below
    state current = state::configured;
};

server::server(server_config config, router routes)
    : impl_(std::make_unique<impl>(std::move(config), std::move(routes))) {}

server::~server() {
    try {
        stop();
    } catch (const std::exception& e) {
        spdlog::error("http: stopping the server failed: {}", e.what());
    }
}

void server::set_guard(guard g) {
    std::lock_guard lock(impl_->lifecycle);
    if (impl_->current != impl::state::configured) {
        throw std::logic_error("http::server::set_guard after start()");
    }
    impl_->core->access = std::move(g);
}

void server::add_filter(filter f) {
    std::lock_guard lock(impl_->lifecycle);
    if (impl_->current != impl::state::configured) {
        throw std::logic_error("http::server::add_filter after start()");
    }
    impl_->core->filters.push_back(std::move(f));
}

void server::add_observer(observer o) {
    std::lock_guard lock(impl_->lifecycle);
    if (impl_->current != impl::state::configured) {
        throw std::logic_error("http::server::add_observer after start()");
    }
    impl_->core->observers.push_back(std::move(o));
}

void server::start() {
    std::lock_guard lock(impl_->lifecycle);
    if (impl_->current != impl::state::configured) {
        throw std::logic_error("http::server::start called twice");
    }
    auto& core = *impl_->core;
    const auto threads = std::max<std::size_t>(1, core.config.io_threads);
    core.tls = detail::make_tls_context(core.config);
    impl_->io = std::make_unique<asio::io_context>(static_cast<int>(threads));
    impl_->listener = std::make_shared<detail::listener>(*impl_->io, impl_->core);
    impl_->local = impl_->listener->local_endpoint();
    impl_->work.emplace(asio::make_work_guard(*impl_->io));
    impl_->listener->run();
    for (std::size_t i = 0; i < threads; ++i) {
        impl_->threads.emplace_back([this] { impl_->run_io(); });
    }
    impl_->current = impl::state::running;
    spdlog::info("http: listening on {} with {} I/O thread(s)", base_url(), threads);
}

void server::stop() {
    std::lock_guard lock(impl_->lifecycle);
    if (impl_->current != impl::state::running) {
        impl_->current = impl::state::stopped;
        return;
    }
    if (impl_->on_io_thread()) {
        throw std::logic_error("http::server::stop called from one of its own I/O threads");
    }
    auto& core = *impl_->core;
    const auto grace = core.config.shutdown_grace;

    // Phase one: no new connections, idle ones closed, requests in flight finish.
    core.stopping = true;
    impl_->listener->close();
    for (const auto& s : core.sessions.snapshot())
        s->close_if_idle();
    if (!core.sessions.wait_until_empty(grace)) {
        // Phase two: the grace period is over; close what is left.
        spdlog::warn("http: {} connection(s) still busy after the {} ms grace period; closing them",
                     core.sessions.size(), grace.count());
        for (const auto& s : core.sessions.snapshot())
            s->close_now();
        if (!core.sessions.wait_until_empty(std::chrono::milliseconds(500))) {
            spdlog::warn("http: {} handler(s) still suspended at shutdown; abandoning them",
                         core.sessions.size());
        }
    }
    impl_->work.reset();
    impl_->io->stop();
    for (auto& t : impl_->threads)
        t.join();
    impl_->threads.clear();
    impl_->current = impl::state::stopped;
    spdlog::info("http: stopped");
}

bool server::running() const {
    std::lock_guard lock(impl_->lifecycle);
    return impl_->current == impl::state::running;
}

bool server::secure() const {
    return impl_->core->tls != nullptr;
}

endpoint server::local_endpoint() const {
    return impl_->local;
}

std::string server::base_url() const {
    return std::string(secure() ? "https://" : "http://") + authority_of(impl_->local);
}

std::size_t server::open_connections() const {
    return impl_->core->sessions.size();
}

}  // namespace tocsin::http
