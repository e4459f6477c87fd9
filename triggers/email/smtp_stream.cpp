#include "triggers/email/smtp_stream.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace tocsin::triggers::detail {

namespace asio = boost::asio;

smtp_stream::smtp_stream(tcp::socket socket)
    : socket_(std::move(socket)), deadline_(socket_.get_executor()) {}

void smtp_stream::arm(std::chrono::milliseconds timeout) {
    timed_out_ = false;
    const auto generation = ++generation_;
    deadline_.expires_after(timeout);
    deadline_.async_wait([weak = weak_from_this(), generation](boost::system::error_code ec) {
        const auto self = weak.lock();
        if (ec || !self || self->generation_ != generation)
            return;
        self->timed_out_ = true;
        boost::system::error_code ignored;
        self->socket_.cancel(ignored);
    });
}

void smtp_stream::disarm() {
    ++generation_;
    deadline_.cancel();
}

asio::awaitable<smtp_stream::io_result> smtp_stream::read_some(asio::mutable_buffer buffer,
                                                               std::chrono::milliseconds timeout) {
    io_result r;
    arm(timeout);
    if (tls_)
        r.bytes = co_await tls_->async_read_some(
            buffer, asio::redirect_error(asio::use_awaitable, r.error));
    else
        r.bytes = co_await socket_.async_read_some(
            buffer, asio::redirect_error(asio::use_awaitable, r.error));
    disarm();
    r.timed_out = timed_out_;
    co_return r;
}

asio::awaitable<smtp_stream::io_result> smtp_stream::write(std::string_view data,
                                                           std::chrono::milliseconds timeout) {
    io_result r;
    arm(timeout);
    if (tls_)
        r.bytes = co_await asio::async_write(*tls_, asio::buffer(data),
                                             asio::redirect_error(asio::use_awaitable, r.error));
    else
        r.bytes = co_await asio::async_write(socket_, asio::buffer(data),
                                             asio::redirect_error(asio::use_awaitable, r.error));
    disarm();
    r.timed_out = timed_out_;
    co_return r;
}

asio::awaitable<smtp_stream::io_result> smtp_stream::start_tls(asio::ssl::context& context,
                                                               std::chrono::milliseconds timeout) {
    io_result r;
    tls_.emplace(socket_, context);
    arm(timeout);
    co_await tls_->async_handshake(asio::ssl::stream_base::server,
                                   asio::redirect_error(asio::use_awaitable, r.error));
    disarm();
    r.timed_out = timed_out_;
    co_return r;
}

std::string smtp_stream::remote_address() const {
    boost::system::error_code ec;
    const auto endpoint = socket_.remote_endpoint(ec);
    return ec ? std::string("unknown") : endpoint.address().to_string();
}

void smtp_stream::cancel() {
    boost::system::error_code ignored;
    socket_.cancel(ignored);
}

void smtp_stream::close() {
    disarm();
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
}

}  // namespace tocsin::triggers::detail
