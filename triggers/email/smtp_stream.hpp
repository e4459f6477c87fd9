#pragma once
// Internal to triggers/email: one SMTP connection's byte stream, plain TCP until STARTTLS and TLS
// after, with a deadline on every operation. A deadline that passes cancels the operation but
// leaves the connection open, so that the session can still say 421 before it closes.
// Thread-safety: every member is called on the connection's strand (the socket's executor); the
// stream is owned by a shared_ptr so that a deadline firing late finds it gone, not freed.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

namespace tocsin::triggers::detail {

class smtp_stream : public std::enable_shared_from_this<smtp_stream> {
  public:
    using tcp = boost::asio::ip::tcp;

    struct io_result {
        std::size_t bytes = 0;
        boost::system::error_code error;
        bool timed_out = false;  // the deadline passed (error is then operation_aborted)
        bool ok() const { return !error && !timed_out; }
    };

    explicit smtp_stream(tcp::socket socket);

    boost::asio::awaitable<io_result> read_some(boost::asio::mutable_buffer buffer,
                                                std::chrono::milliseconds timeout);
    boost::asio::awaitable<io_result> write(std::string_view data,
                                            std::chrono::milliseconds timeout);
    // The server side of the handshake; reads and writes go through TLS once it succeeds.
    boost::asio::awaitable<io_result> start_tls(boost::asio::ssl::context& context,
                                                std::chrono::milliseconds timeout);

    tcp::socket::executor_type get_executor() { return socket_.get_executor(); }
    bool secure() const { return tls_.has_value(); }
    std::string remote_address() const;
    // Aborts the pending operation (it completes with operation_aborted).
    void cancel();
    void close();

  private:
    void arm(std::chrono::milliseconds timeout);
    void disarm();

    tcp::socket socket_;
    std::optional<boost::asio::ssl::stream<tcp::socket&>> tls_;
    boost::asio::steady_timer deadline_;
    std::uint64_t generation_ = 0;  // which operation the pending deadline belongs to
    bool timed_out_ = false;
};

}  // namespace tocsin::triggers::detail
