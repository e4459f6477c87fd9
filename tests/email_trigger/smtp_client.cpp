#include "tests/email_trigger/smtp_client.hpp"

#include <optional>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

namespace tocsin::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct smtp_client::impl {
    impl(std::uint16_t port, std::chrono::milliseconds t)
        : timeout(t), socket(io), tls_context(asio::ssl::context::tls_client) {
        run([&](auto done) {
            socket.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), done);
        });
    }

    // Runs one asynchronous operation to completion or to the deadline.
    template <typename Start>
    std::size_t run(Start&& start) {
        boost::system::error_code result;
        std::size_t bytes = 0;
        bool done = false;
        start([&](boost::system::error_code ec, std::size_t n = 0) {
            result = ec;
            bytes = n;
            done = true;
        });
        io.restart();
        io.run_for(timeout);
        if (!done) {
            boost::system::error_code ignored;
            socket.cancel(ignored);
            io.restart();
            io.run();
            throw std::runtime_error("smtp_client: no answer within the deadline");
        }
        if (result && result != asio::error::eof && result != asio::error::connection_reset &&
            result != asio::ssl::error::stream_truncated)
            throw std::runtime_error("smtp_client: " + result.message());
        closed = closed || result == asio::error::eof || result == asio::error::connection_reset ||
                 result == asio::ssl::error::stream_truncated;
        return bytes;
    }

    std::size_t read_some(char* data, std::size_t size) {
        return run([&](auto done) {
            if (tls)
                tls->async_read_some(asio::buffer(data, size), done);
            else
                socket.async_read_some(asio::buffer(data, size), done);
        });
    }

    // One line with its CRLF; "" once the connection is closed.
    std::string line() {
        for (;;) {
            if (const auto end = buffer.find('\n'); end != std::string::npos) {
                auto out = buffer.substr(0, end + 1);
                buffer.erase(0, end + 1);
                return out;
            }
            if (closed)
                return {};
            char chunk[4096];
            const auto n = read_some(chunk, sizeof chunk);
            buffer.append(chunk, n);
        }
    }

    std::chrono::milliseconds timeout;
    asio::io_context io;
    tcp::socket socket;
    asio::ssl::context tls_context;
    std::optional<asio::ssl::stream<tcp::socket&>> tls;
    std::string buffer;
    bool closed = false;
};

smtp_client::smtp_client(std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<impl>(port, timeout)) {}

smtp_client::~smtp_client() = default;

std::string smtp_client::read_reply() {
    std::string reply;
    for (;;) {
        const auto line = impl_->line();
        if (line.empty())
            return reply;
        reply += line;
        if (line.size() < 4 || line[3] != '-')
            return reply;
    }
}

void smtp_client::send(std::string_view bytes) {
    impl_->run([&](auto done) {
        if (impl_->tls)
            asio::async_write(*impl_->tls, asio::buffer(bytes), done);
        else
            asio::async_write(impl_->socket, asio::buffer(bytes), done);
    });
}

std::string smtp_client::command(std::string_view line) {
    send(std::string(line) + "\r\n");
    return read_reply();
}

void smtp_client::start_tls(const std::string& ca_file) {
    impl_->tls_context.load_verify_file(ca_file);
    impl_->tls_context.set_verify_mode(asio::ssl::verify_peer);
    impl_->tls.emplace(impl_->socket, impl_->tls_context);
    impl_->tls->set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    impl_->run([&](auto done) {
        impl_->tls->async_handshake(asio::ssl::stream_base::client,
                                    [done](boost::system::error_code ec) mutable { done(ec); });
    });
}

bool smtp_client::wait_closed(std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    impl_->buffer.clear();
    while (!impl_->closed && std::chrono::steady_clock::now() < deadline) {
        char chunk[4096];
        try {
            impl_->read_some(chunk, sizeof chunk);
        } catch (const std::runtime_error&) {
            return impl_->closed;
        }
    }
    return impl_->closed;
}

int smtp_client::code(const std::string& reply) {
    if (reply.size() < 3)
        return 0;
    return std::stoi(reply.substr(0, 3));
}

}  // namespace tocsin::test
