#include "tests/support/http_client.hpp"

#include "engine/http/fields.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/ssl.h>

#include <array>
#include <stdexcept>

namespace tocsin::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

bool has_header(const header_list& headers, std::string_view name) {
    for (const auto& [n, v] : headers) {
        if (tocsin::http::iequals(n, name))
            return true;
    }
    return false;
}

}  // namespace

std::optional<std::string> http_reply::header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
        if (tocsin::http::iequals(n, name))
            return v;
    }
    return std::nullopt;
}

nlohmann::json http_reply::json() const {
    return nlohmann::json::parse(body);
}

struct http_client::impl {
    impl(std::string h, std::uint16_t p, http_client_options o)
        : host(std::move(h)),
          port(p),
          options(std::move(o)),
          tls_context(asio::ssl::context::tls_client) {
        if (options.tls && !options.ca_file.empty()) {
            tls_context.load_verify_file(options.ca_file);
            tls_context.set_verify_mode(asio::ssl::verify_peer);
        } else {
            tls_context.set_verify_mode(asio::ssl::verify_none);
        }
    }

    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    // Runs one async operation to completion or to the deadline (the stream's own expiry),
    // whichever comes first.
    template <typename Start>
    beast::error_code run(Start&& start) {
        lowest().expires_after(options.timeout);
        beast::error_code result;
        bool done = false;
        start([&](beast::error_code ec, auto&&...) {
            result = ec;
            done = true;
        });
        io.restart();
        io.run();
        if (!done)
            throw std::runtime_error("http_client: an operation did not complete");
        return result;
    }

    template <typename F>
    decltype(auto) with_stream(F&& f) {
        if (tls)
            return f(*tls);
        return f(*plain);
    }

    void connect() {
        close();
        buffer.clear();
        tcp::resolver resolver(io);
        const auto endpoints = resolver.resolve(host, std::to_string(port));
        plain.reset();
        tls.reset();
        beast::error_code ec;
        if (options.tls) {
            tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, tls_context);
            ec = run([&](auto handler) {
                beast::get_lowest_layer(*tls).async_connect(endpoints, handler);
            });
            if (ec)
                throw std::runtime_error("http_client: connect failed: " + ec.message());
            if (!SSL_set_tlsext_host_name(tls->native_handle(), options.tls_host.c_str())) {
                throw std::runtime_error("http_client: cannot set SNI");
            }
            if (!options.ca_file.empty()) {
                tls->set_verify_callback(asio::ssl::host_name_verification(options.tls_host));
            }
            ec = run([&](auto handler) {
                tls->async_handshake(asio::ssl::stream_base::client, handler);
            });
            if (ec)
                throw std::runtime_error("http_client: TLS handshake failed: " + ec.message());
        } else {
            plain = std::make_unique<beast::tcp_stream>(io);
            ec = run([&](auto handler) { plain->async_connect(endpoints, handler); });
            if (ec)
                throw std::runtime_error("http_client: connect failed: " + ec.message());
        }
        reconnect_needed = false;
    }

    void close() {
        if (plain || tls) {
            beast::error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
            lowest().close();
        }
        plain.reset();
        tls.reset();
    }

    bool is_open() { return (plain || tls) && lowest().socket().is_open(); }

    void ensure_connected() {
        if (!is_open() || reconnect_needed)
            connect();
    }

    void write_raw(std::string_view bytes) {
        const auto ec = with_stream([&](auto& stream) {
            return run([&](auto handler) {
                asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), handler);
            });
        });
        if (ec)
            throw std::runtime_error("http_client: write failed: " + ec.message());
    }

    void send(std::string_view method, std::string_view target, std::string body,
              header_list headers) {
        ensure_connected();
        bhttp::request<bhttp::string_body> req;
        req.method_string(method);
        req.target(target);
        req.version(11);
        if (!has_header(headers, "Host"))
            req.set(bhttp::field::host, host + ":" + std::to_string(port));
        if (!options.bearer_token.empty() && !has_header(headers, "Authorization"))
            req.set(bhttp::field::authorization, "Bearer " + options.bearer_token);
        for (const auto& [n, v] : headers)
            req.insert(n, v);
        req.body() = std::move(body);
        if (!has_header(headers, "Content-Length") && !has_header(headers, "Transfer-Encoding")) {
            req.prepare_payload();
        }
        const auto ec = with_stream([&](auto& stream) {
            return run([&](auto handler) { bhttp::async_write(stream, req, handler); });
        });
        if (ec)
            throw std::runtime_error("http_client: write failed: " + ec.message());
    }

    http_reply read_reply(bool head) {
        if (!plain && !tls)
            throw std::runtime_error("http_client: not connected");
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        if (head)
            parser.skip(true);
        const auto ec = with_stream([&](auto& stream) {
            return run([&](auto handler) { bhttp::async_read(stream, buffer, parser, handler); });
        });
        if (ec)
            throw std::runtime_error("http_client: read failed: " + ec.message());
        auto message = parser.release();
        http_reply reply;
        reply.status = static_cast<int>(message.result_int());
        for (const auto& f : message) {
            reply.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        }
        reply.body = std::move(message.body());
        reply.keep_alive = message.keep_alive();
        if (!reply.keep_alive)
            reconnect_needed = true;
        return reply;
    }

    bool wait_closed(std::chrono::milliseconds within) {
        if (!plain && !tls)
            return true;
        const auto saved = options.timeout;
        options.timeout = within;
        std::array<char, 4096> scratch;
        beast::error_code ec;
        // Bytes already buffered were sent by the server before it closed; drop them.
        buffer.clear();
        while (!ec) {
            ec = with_stream([&](auto& stream) {
                return run(
                    [&](auto handler) { stream.async_read_some(asio::buffer(scratch), handler); });
            });
        }
        options.timeout = saved;
        return ec != beast::error::timeout;
    }

    std::string host;
    std::uint16_t port;
    http_client_options options;
    asio::io_context io;
    asio::ssl::context tls_context;
    std::unique_ptr<beast::tcp_stream> plain;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    bool reconnect_needed = false;
};

http_client::http_client(std::string host, std::uint16_t port, http_client_options options)
    : impl_(std::make_unique<impl>(std::move(host), port, std::move(options))) {}

http_client::~http_client() = default;
http_client::http_client(http_client&&) noexcept = default;
http_client& http_client::operator=(http_client&&) noexcept = default;

http_reply http_client::request(std::string_view method, std::string_view target, std::string body,
                                header_list headers) {
    impl_->send(method, target, std::move(body), std::move(headers));
    return impl_->read_reply(method == "HEAD");
}

http_reply http_client::get(std::string_view target, header_list headers) {
    return request("GET", target, {}, std::move(headers));
}

http_reply http_client::send_json(std::string_view method, std::string_view target,
                                  const nlohmann::json& body, header_list headers) {
    if (!has_header(headers, "Content-Type"))
        headers.emplace_back("Content-Type", "application/json");
    return request(method, target, body.dump(), std::move(headers));
}

void http_client::send(std::string_view method, std::string_view target, std::string body,
                       header_list headers) {
    impl_->send(method, target, std::move(body), std::move(headers));
}

void http_client::write_raw(std::string_view bytes) {
    impl_->ensure_connected();
    impl_->write_raw(bytes);
}

http_reply http_client::read_reply(bool head) {
    return impl_->read_reply(head);
}

bool http_client::wait_closed(std::chrono::milliseconds within) {
    return impl_->wait_closed(within);
}

void http_client::connect() {
    impl_->connect();
}

void http_client::close() {
    impl_->close();
}

bool http_client::is_open() const {
    return impl_->is_open();
}

}  // namespace tocsin::test
