#pragma once
// Internal to engine/http: accepts connections and starts one session each. The acceptor lives
// on its own strand; close() is synchronous so that once stop() returns the port refuses
// connections.

#include "engine/http/server_core.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace tocsin::http::detail {

class listener : public std::enable_shared_from_this<listener> {
  public:
    // Binds and listens at once; throws tocsin::error(errc::config) when that fails.
    listener(boost::asio::io_context& io, std::shared_ptr<server_core> core);

    endpoint local_endpoint() const { return local_; }
    // Starts the accept loop on the acceptor's strand.
    void run();
    // Closes the acceptor and waits until that has happened. Not from an I/O thread.
    void close();

  private:
    boost::asio::awaitable<void> accept_loop();

    boost::asio::io_context& io_;
    std::shared_ptr<server_core> core_;
    boost::asio::ip::tcp::acceptor acceptor_;
    endpoint local_;
};

}  // namespace tocsin::http::detail
