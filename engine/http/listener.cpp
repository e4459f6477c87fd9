#include "engine/http/listener.hpp"

#include "engine/error.hpp"
#include "engine/http/session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <future>

namespace tocsin::http::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

listener::listener(asio::io_context& io, std::shared_ptr<server_core> core)
    : io_(io), core_(std::move(core)), acceptor_(asio::make_strand(io)) {
    const auto& config = core_->config;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(config.address, ec);
    if (ec) {
        throw tocsin::error(errc::config, "invalid listen address '" + config.address + "'");
    }
    const tcp::endpoint where(address, config.port);
    const auto fail = [&](const char* step) {
        throw tocsin::error(errc::config, std::string("cannot listen on ") + config.address + ":" +
                                              std::to_string(config.port) + " (" + step +
                                              "): " + ec.message());
    };
    acceptor_.open(where.protocol(), ec);
    if (ec)
        fail("open");
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec)
        fail("reuse_address");
    acceptor_.bind(where, ec);
    if (ec)
        fail("bind");
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        fail("listen");
    const auto bound = acceptor_.local_endpoint(ec);
    if (ec)
        fail("local_endpoint");
    local_ = {bound.address().to_string(), bound.port()};
}

void listener::run() {
    asio::co_spawn(
        acceptor_.get_executor(), [self = shared_from_this()] { return self->accept_loop(); },
        [](std::exception_ptr ex) {
            if (!ex)
                return;
            try {
                std::rethrow_exception(ex);
            } catch (const std::exception& e) {
                spdlog::error("http: the accept loop ended: {}", e.what());
            }
        });
}

void listener::close() {
    auto closed = std::make_shared<std::promise<void>>();
    auto done = closed->get_future();
    asio::post(acceptor_.get_executor(), [self = shared_from_this(), closed] {
        boost::system::error_code ignored;
        self->acceptor_.close(ignored);
        closed->set_value();
    });
    if (done.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
        spdlog::warn("http: the acceptor did not close within 5 s (I/O threads blocked?)");
    }
}

asio::awaitable<void> listener::accept_loop() {
    for (;;) {
        boost::system::error_code ec;
        // Each connection gets its own strand: its session's handlers never run concurrently,
        // while different connections proceed in parallel on the I/O threads.
        asio::any_io_executor strand = asio::make_strand(io_);
        tcp::socket socket =
            co_await acceptor_.async_accept(strand, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor_.is_open())
                co_return;
            // Out of descriptors and similar: back off rather than spin.
            spdlog::warn("http: accept failed: {}", ec.message());
            asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        if (core_->stopping) {
            socket.close(ec);
            continue;
        }
        start_session(core_, std::move(socket));
    }
}

}  // namespace tocsin::http::detail
