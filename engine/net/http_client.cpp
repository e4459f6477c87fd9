#include "engine/net/http_client.hpp"

#include <algorithm>
#include <memory>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "engine/net/url.hpp"
#include "tocsin/version.hpp"

namespace tocsin::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t max_header_bytes = 64 * 1024;

error_info fail(errc code, std::string message) {
    return error_info{code, std::move(message), {}};
}

bool is_token(std::string_view s) {
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               extra.find(c) != std::string_view::npos;
    });
}

bool is_header_value(std::string_view s) {
    return std::none_of(s.begin(), s.end(),
                        [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

std::shared_ptr<ssl::context> make_tls_context(bool verify, const std::string& ca_file) {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    if (!verify) {
        ctx->set_verify_mode(ssl::verify_none);
        return ctx;
    }
    ctx->set_default_verify_paths();
    if (!ca_file.empty())
        ctx->load_verify_file(ca_file);
    ctx->set_verify_mode(ssl::verify_peer);
    return ctx;
}

// Loading the system store costs milliseconds: the two common contexts are built once and shared
// (an SSL_CTX that is no longer modified is safe to use from many threads).
std::shared_ptr<ssl::context> tls_context_for(const http_request& req) {
    if (!req.ca_file.empty())
        return make_tls_context(req.verify_tls, req.ca_file);
    static const auto verified = make_tls_context(true, {});
    static const auto unverified = make_tls_context(false, {});
    return req.verify_tls ? verified : unverified;
}

std::string where(const url& u) {
    return u.scheme + "://" + u.authority();
}

error_info transport_error(const error_code& ec, const url& u, std::string_view stage) {
    if (ec == beast::error::timeout)
        return fail(errc::timeout,
                    "no response from " + where(u) + " in time (" + std::string(stage) + ")");
    if (ec == asio::error::connection_refused)
        return fail(errc::unavailable, "connection to " + where(u) + " refused");
    if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit ||
        ec == bhttp::error::buffer_overflow)
        return fail(errc::limit_exceeded,
                    "the response of " + where(u) + " exceeds the response size limit");
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec == asio::error::eof)
        return fail(errc::unavailable,
                    where(u) + " closed the connection before a complete response");
    return fail(errc::unavailable, std::string(stage) + " " + where(u) + ": " + ec.message());
}

class exchange {
  public:
    exchange(asio::any_io_executor strand, http_request req, url target)
        : strand_(std::move(strand)), req_(std::move(req)), url_(std::move(target)) {}

    asio::awaitable<result<http_response>> run() {
        error_code ec;
        const auto deadline = std::chrono::steady_clock::now() + req_.timeout;

        // Resolution is not covered by tcp_stream's timeout: a timer on the same strand cancels
        // it. The handler owns what it touches, since it may run after this frame is gone.
        auto resolver = std::make_shared<tcp::resolver>(strand_);
        auto resolve_timed_out = std::make_shared<bool>(false);
        asio::steady_timer guard(strand_);
        guard.expires_at(deadline);
        guard.async_wait([resolver, resolve_timed_out](const error_code& e) {
            if (e)
                return;
            *resolve_timed_out = true;
            resolver->cancel();
        });
        auto endpoints = co_await resolver->async_resolve(
            url_.host, url_.port, asio::redirect_error(asio::use_awaitable, ec));
        guard.cancel();
        if (*resolve_timed_out)
            co_return fail(errc::timeout, "resolving " + url_.host + " took too long");
        if (ec == asio::error::host_not_found || ec == asio::error::no_data)
            co_return fail(errc::not_found, "host '" + url_.host + "' does not resolve");
        if (ec)
            co_return fail(errc::unavailable,
                           "resolving host '" + url_.host + "' failed: " + ec.message());

        beast::tcp_stream tcp_stream(strand_);
        tcp_stream.expires_at(deadline);
        co_await tcp_stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return transport_error(ec, url_, "connecting to");

        auto request = build_request();
        if (!url_.tls())
            co_return co_await exchange_on(tcp_stream, std::move(request));

        auto tls = tls_context_for(req_);
        ssl::stream<beast::tcp_stream> stream(std::move(tcp_stream), *tls);
        boost::system::error_code addr_ec;
        asio::ip::make_address(url_.host, addr_ec);
        if (addr_ec && !SSL_set_tlsext_host_name(stream.native_handle(), url_.host.c_str()))
            co_return fail(errc::internal, "cannot set the TLS server name " + url_.host);
        if (req_.verify_tls)
            stream.set_verify_callback(ssl::host_name_verification(url_.host));
        co_await stream.async_handshake(ssl::stream_base::client,
                                        asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            const long verify = SSL_get_verify_result(stream.native_handle());
            if (req_.verify_tls && verify != X509_V_OK)
                co_return fail(errc::unauthenticated, "TLS certificate of " + where(url_) +
                                                          " failed verification: " +
                                                          X509_verify_cert_error_string(verify));
            co_return transport_error(ec, url_, "TLS handshake with");
        }
        co_return co_await exchange_on(stream, std::move(request));
    }

  private:
    bhttp::request<bhttp::string_body> build_request() const {
        bhttp::request<bhttp::string_body> r;
        r.method_string(req_.method);
        r.target(url_.target);
        r.version(11);
        r.set(bhttp::field::host, url_.authority());
        r.set(bhttp::field::user_agent, std::string("tocsin/") + version_string);
        r.set(bhttp::field::connection, "close");
        for (const auto& [name, value] : req_.headers)
            r.set(name, value);
        r.body() = req_.body;
        if (!req_.body.empty() || req_.method == "POST" || req_.method == "PUT" ||
            req_.method == "PATCH")
            r.prepare_payload();
        return r;
    }

    template <typename Stream>
    asio::awaitable<result<http_response>> exchange_on(Stream& stream,
                                                       bhttp::request<bhttp::string_body> request) {
        error_code ec;
        co_await bhttp::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return transport_error(ec, url_, "sending to");
        beast::flat_buffer buffer;
        bhttp::response_parser<bhttp::string_body> parser;
        parser.header_limit(max_header_bytes);
        parser.body_limit(req_.max_response_bytes);
        if (req_.method == "HEAD")
            parser.skip(true);
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return transport_error(ec, url_, "reading from");
        auto& msg = parser.get();
        http_response out;
        out.status = msg.result_int();
        out.reason = std::string(msg.reason());
        for (const auto& f : msg)
            out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        out.body = std::move(msg.body());
        beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ec);
        co_return out;
    }

    asio::any_io_executor strand_;
    http_request req_;
    url url_;
};

asio::awaitable<void> run_exchange(std::shared_ptr<exchange> ex, http_completion done) {
    result<http_response> outcome = fail(errc::internal, "no answer");
    try {
        outcome = co_await ex->run();
    } catch (const std::exception& e) {
        outcome = fail(errc::internal, std::string("HTTP client: ") + e.what());
    }
    done(std::move(outcome));
}

}  // namespace

std::optional<std::string> http_response::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (beast::iequals(n, name))
            return v;
    return std::nullopt;
}

void async_http_request(asio::any_io_executor io, http_request request, http_completion done) {
    auto target = parse_url(request.url);
    if (!target)
        return done(target.error());
    if (!is_token(request.method))
        return done(error_info{errc::invalid_argument,
                               "'" + request.method + "' is not an HTTP method", "method"});
    for (const auto& [name, value] : request.headers)
        if (!is_token(name) || !is_header_value(value))
            return done(error_info{errc::invalid_argument,
                                   "header '" + name + "' has an invalid name or value",
                                   "headers"});
    auto strand = asio::make_strand(io);
    auto ex = std::make_shared<exchange>(strand, std::move(request), std::move(target).value());
    asio::co_spawn(strand, run_exchange(std::move(ex), std::move(done)), asio::detached);
}

}  // namespace tocsin::net
