#include "src/client_http.hpp"

#include <algorithm>
#include <cctype>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "tocsin/version.hpp"

namespace tocsin::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using clock_type = std::chrono::steady_clock;

constexpr std::size_t max_header_bytes = 64 * 1024;
constexpr std::size_t max_reply_bytes = 64 * 1024 * 1024;

error_info bad_url(std::string_view text, std::string why) {
    return {errc::invalid_argument, "'" + std::string(text) + "' is not a server URL: " + why,
            "server"};
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string seconds_of(std::chrono::milliseconds d) {
    const auto ms = d.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

bool idempotent(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
           method == "OPTIONS";
}

// What a keep-alive connection the server has closed in the meantime looks like on first use.
bool stale_connection(const error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

}  // namespace

std::string server_url::origin() const {
    const bool v6 = host.find(':') != std::string::npos;
    return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + port;
}

std::string server_url::authority() const {
    const bool v6 = host.find(':') != std::string::npos;
    const std::string h = v6 ? "[" + host + "]" : host;
    const bool default_port = (scheme == "http" && port == "80") || (tls() && port == "443");
    return default_port ? h : h + ":" + port;
}

result<server_url> parse_server_url(std::string_view text) {
    server_url out;
    std::string_view rest = text;
    if (const auto sep = rest.find("://"); sep != std::string_view::npos) {
        std::string scheme(rest.substr(0, sep));
        std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (scheme != "http" && scheme != "https")
            return bad_url(text, "the scheme must be http or https");
        out.scheme = std::move(scheme);
        rest.remove_prefix(sep + 3);
    } else {
        out.scheme = "http";
    }
    if (rest.find_first_of("?#") != std::string_view::npos)
        return bad_url(text, "a query or fragment has no place in it");
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos)
        return bad_url(text, "credentials go in --token, not in the URL");
    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return bad_url(text, "an IPv6 address needs its closing ']'");
        out.host = std::string(authority.substr(1, close - 1));
        const auto after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':'))
            return bad_url(text, "unexpected text after the IPv6 address");
        port = after.empty() ? "" : after.substr(1);
    } else {
        const auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos)
            port = authority.substr(colon + 1);
    }
    if (out.host.empty())
        return bad_url(text, "the host is missing");
    if (port.empty()) {
        out.port = out.tls() ? "443" : "80";
    } else {
        if (!all_digits(port) || port.size() > 5 || std::stoi(std::string(port)) < 1 ||
            std::stoi(std::string(port)) > 65535)
            return bad_url(text, "the port must be a number from 1 to 65535");
        out.port = std::string(port);
    }
    while (path.ends_with('/'))
        path.remove_suffix(1);
    out.base_path = std::string(path);
    return out;
}

std::optional<std::string> http_reply::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (beast::iequals(n, name))
            return v;
    return std::nullopt;
}

// Every operation is asynchronous on a private io_context that runs until that one operation
// completes: Beast's timeouts (tcp_stream::expires_at) only apply to asynchronous operations.
struct http_connection::impl {
    asio::io_context io;
    ssl::context tls{ssl::context::tls_client};
    std::optional<beast::tcp_stream> plain;
    std::optional<ssl::stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;
    bool open = false;

    beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

    // Runs the event loop until everything started so far has completed.
    void run() {
        io.restart();
        io.run();
    }

    void close() {
        if (open) {
            error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
            lowest().socket().close(ignored);
        }
        secure.reset();
        plain.reset();
        buffer.clear();
        open = false;
    }
};

http_connection::http_connection(server_url server, http_settings settings)
    : server_(std::move(server)), settings_(std::move(settings)), impl_(std::make_unique<impl>()) {
    impl_->tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1);
    if (server_.tls() && settings_.verify_tls) {
        error_code ec;
        impl_->tls.set_default_verify_paths(ec);
        if (!settings_.ca_file.empty()) {
            impl_->tls.load_verify_file(settings_.ca_file, ec);
            if (ec)
                throw error(errc::invalid_argument,
                            "cannot load CA file '" + settings_.ca_file + "': " + ec.message(),
                            "ca-file");
        }
        impl_->tls.set_verify_mode(ssl::verify_peer);
    } else {
        impl_->tls.set_verify_mode(ssl::verify_none);
    }
}

http_connection::~http_connection() {
    impl_->close();
}

void http_connection::connect(time_point deadline) {
    auto& s = *impl_;
    s.close();
    const auto where = server_.origin();

    // Name resolution has no deadline of its own: a timer on the same loop cancels it.
    tcp::resolver resolver(s.io);
    asio::steady_timer guard(s.io);
    bool resolve_timed_out = false;
    error_code ec;
    tcp::resolver::results_type endpoints;
    guard.expires_at(deadline);
    guard.async_wait([&](const error_code& e) {
        if (e)
            return;
        resolve_timed_out = true;
        resolver.cancel();
    });
    resolver.async_resolve(server_.host, server_.port,
                           [&](const error_code& e, tcp::resolver::results_type r) {
                               ec = e;
                               endpoints = std::move(r);
                               guard.cancel();
                           });
    s.run();
    if (resolve_timed_out)
        throw error(errc::timeout, "cannot reach " + where + ": resolving '" + server_.host +
                                       "' took longer than " + seconds_of(settings_.timeout));
    if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
        ec == asio::error::no_data)
        throw error(errc::unavailable,
                    "cannot reach " + where + ": unknown host '" + server_.host + "'");
    if (ec)
        throw error(errc::unavailable, "cannot reach " + where + ": " + ec.message());

    if (server_.tls())
        s.secure.emplace(s.io, s.tls);
    else
        s.plain.emplace(s.io);
    s.lowest().expires_at(deadline);
    s.lowest().async_connect(endpoints, [&](const error_code& e, const tcp::endpoint&) { ec = e; });
    s.run();
    if (ec == beast::error::timeout)
        throw error(errc::timeout, "cannot reach " + where + ": no connection within " +
                                       seconds_of(settings_.timeout));
    if (ec)
        throw error(errc::unavailable, "cannot reach " + where + ": " + ec.message());
    s.open = true;
    if (!server_.tls())
        return;

    auto& stream = *s.secure;
    error_code not_ip;
    asio::ip::make_address(server_.host, not_ip);
    if (not_ip && !SSL_set_tlsext_host_name(stream.native_handle(), server_.host.c_str()))
        throw error(errc::internal, "cannot set the TLS server name " + server_.host);
    if (settings_.verify_tls)
        stream.set_verify_callback(ssl::host_name_verification(server_.host));
    stream.async_handshake(ssl::stream_base::client, [&](const error_code& e) { ec = e; });
    s.run();
    if (!ec)
        return;
    const long verify = SSL_get_verify_result(stream.native_handle());
    s.close();
    if (settings_.verify_tls && verify != X509_V_OK)
        throw error(errc::unauthenticated,
                    "the TLS certificate of " + where +
                        " failed verification: " + X509_verify_cert_error_string(verify) +
                        " (--ca-file FILE trusts its CA; --insecure skips the check)");
    if (ec == beast::error::timeout)
        throw error(errc::timeout, "cannot reach " + where + ": no TLS handshake within " +
                                       seconds_of(settings_.timeout));
    throw error(errc::unavailable, "TLS handshake with " + where + " failed: " + ec.message());
}

http_connection::exchange_outcome http_connection::exchange(std::string_view method,
                                                            std::string_view target,
                                                            const std::string& body,
                                                            const header_list& headers,
                                                            time_point deadline) {
    auto& s = *impl_;
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(server_.base_path + std::string(target));
    req.version(11);
    req.set(bhttp::field::host, server_.authority());
    req.set(bhttp::field::user_agent, std::string("tocsin-cli/") + version_string);
    req.set(bhttp::field::accept, "application/json");
    for (const auto& [name, value] : headers)
        req.set(name, value);
    if (!body.empty())
        req.set(bhttp::field::content_type, "application/json");
    req.body() = body;
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
        req.prepare_payload();

    exchange_outcome out;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(max_header_bytes);
    parser.body_limit(max_reply_bytes);
    if (method == "HEAD")
        parser.skip(true);
    s.lowest().expires_at(deadline);
    auto talk = [&](auto& stream) {
        bhttp::async_write(stream, req, [&](const error_code& e, std::size_t) { out.ec = e; });
        s.run();
        if (out.ec)
            return;
        bhttp::async_read(stream, s.buffer, parser,
                          [&](const error_code& e, std::size_t) { out.ec = e; });
        s.run();
    };
    if (s.secure)
        talk(*s.secure);
    else
        talk(*s.plain);
    if (out.ec)
        return out;
    auto& msg = parser.get();
    out.reply.status = static_cast<int>(msg.result_int());
    out.reply.reason = std::string(msg.reason());
    for (const auto& f : msg)
        out.reply.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    out.reply.body = std::move(msg.body());
    out.keep_alive = msg.keep_alive();
    return out;
}

http_reply http_connection::request(std::string_view method, std::string_view target,
                                    std::string body, const header_list& headers) {
    const auto deadline = clock_type::now() + settings_.timeout;
    const bool reused = impl_->open;
    if (!reused)
        connect(deadline);
    auto out = exchange(method, target, body, headers, deadline);
    if (out.ec && reused && idempotent(method) && stale_connection(out.ec)) {
        connect(deadline);
        out = exchange(method, target, body, headers, deadline);
    }
    if (out.ec) {
        impl_->close();
        const auto where = server_.origin();
        if (out.ec == beast::error::timeout)
            throw error(errc::timeout,
                        where + " did not answer within " + seconds_of(settings_.timeout));
        if (out.ec == bhttp::error::body_limit)
            throw error(errc::limit_exceeded, "the reply of " + where + " is larger than " +
                                                  std::to_string(max_reply_bytes >> 20) + " MiB");
        if (stale_connection(out.ec) || out.ec == bhttp::error::partial_message)
            throw error(errc::unavailable,
                        where + " closed the connection before a complete reply");
        throw error(errc::unavailable, "lost the connection to " + where + ": " + out.ec.message());
    }
    if (!out.keep_alive)
        impl_->close();
    return std::move(out.reply);
}

}  // namespace tocsin::cli
