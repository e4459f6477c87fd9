#include "engine/http/session.hpp"

#include "engine/error.hpp"
#include "engine/http/error_mapping.hpp"
#include "engine/http/url.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>

namespace tocsin::http::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using plain_stream = beast::tcp_stream;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;
using request_message = bhttp::request<bhttp::string_body>;
using response_message = bhttp::response<bhttp::string_body>;
using clock = std::chrono::steady_clock;

// How a connection goes on after one exchange.
enum class ending {
    keep_going,  // keep-alive: read the next request
    graceful,    // a full exchange ended with "Connection: close": FIN after the response
    refused,     // we answered before reading the whole request: FIN, then drain what still comes
    abrupt,      // the peer left, a deadline passed, the server stops between requests: close now
};

// Lingering after a refusal (see session::close): bounded in time and bytes.
constexpr std::size_t max_drain_bytes = 1024 * 1024;
constexpr std::chrono::milliseconds max_linger{1000};
// How long a TLS close waits for the peer's close_notify.
constexpr std::chrono::milliseconds tls_shutdown_timeout{250};

endpoint to_endpoint(const tcp::endpoint& ep) {
    return {ep.address().to_string(), ep.port()};
}

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), spelled out rather than strftime'd so the
// C locale cannot change it.
std::string http_date(std::chrono::system_clock::time_point now) {
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return text;
}

bool is_token_char(char c) noexcept {
    constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra.find(c) != std::string_view::npos;
}

// A header a handler sets must not be able to split or reframe the response.
bool is_valid_header(std::string_view name, std::string_view value) noexcept {
    if (name.empty())
        return false;
    for (char c : name) {
        if (!is_token_char(c))
            return false;
    }
    for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7F)
            return false;
    }
    return true;
}

// Framing headers and Date belong to the session.
bool is_framing_header(std::string_view name) noexcept {
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
           iequals(name, "Connection") || iequals(name, "Date");
}

// The handler's response as a Beast message; a response that cannot be sent as given (status
// out of range, a header with CR/LF) is a bug in the handler and becomes a logged 500.
void to_message(response answer, response_message& out, std::string_view context) {
    std::string problem;
    if (answer.status < 200 || answer.status > 599) {
        problem = "a handler returned the status " + std::to_string(answer.status);
    }
    for (const auto& [name, value] : answer.headers) {
        if (problem.empty() && !is_valid_header(name, value)) {
            problem = "a handler returned an invalid header '" + name + "'";
        }
    }
    if (!problem.empty()) {
        answer = error_response({errc::internal, std::move(problem), {}}, std::nullopt, context);
    }
    out.result(static_cast<unsigned>(answer.status));
    for (const auto& [name, value] : answer.headers) {
        if (!is_framing_header(name))
            out.insert(name, value);
    }
    if (answer.status == 204 || answer.status == 304)
        answer.body.clear();
    out.body() = std::move(answer.body);
    out.set(bhttp::field::date, http_date(std::chrono::system_clock::now()));
}

request make_request(request_message&& message, const endpoint& local, const endpoint& remote,
                     bool secure) {
    request req(message.method_string(), message.target());
    for (const auto& f : message) {
        req.headers().add(std::string(f.name_string()), std::string(f.value()));
    }
    const auto hosts = req.headers().count("Host");
    if (hosts > 1) {
        throw tocsin::error(errc::invalid_argument, "The request has more than one Host header.");
    }
    if (hosts == 1) {
        const auto host = *req.header("Host");
        if (!is_valid_host(host)) {
            throw tocsin::error(errc::invalid_argument,
                                "The Host header is not a host name with an optional port.");
        }
        req.set_host(std::string(host));
    } else if (message.version() >= 11) {
        throw tocsin::error(errc::invalid_argument, "An HTTP/1.1 request needs a Host header.");
    } else {
        req.set_host(authority_of(local));
    }
    req.body() = std::move(message.body());
    req.set_remote(remote);
    req.set_secure(secure);
    return req;
}

bool wants_continue(const request_message& message) {
    const auto expect = message[bhttp::field::expect];
    return message.version() >= 11 && iequals(expect, "100-continue");
}

// Errors after which there is nobody to answer: the peer left or went quiet, TLS broke, or we
// cancelled. Only HTTP parse errors (other than a cut-off message) get a response.
bool is_disconnect(const beast::error_code& ec) {
    static const auto& parse_errors = bhttp::make_error_code(bhttp::error::bad_target).category();
    return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
           ec.category() != parse_errors;
}

template <typename Stream>
class session final : public session_handle, public std::enable_shared_from_this<session<Stream>> {
  public:
    static constexpr bool tls = std::is_same_v<Stream, tls_stream>;

    template <typename... StreamArgs>
    session(std::shared_ptr<server_core> core, endpoint local, endpoint remote,
            StreamArgs&&... stream_args)
        : core_(std::move(core)),
          local_(std::move(local)),
          remote_(std::move(remote)),
          stream_(std::forward<StreamArgs>(stream_args)...) {}

    void close_if_idle() override {
        asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
            if (self->phase_ == phase::awaiting_request)
                self->lowest().cancel();
        });
    }

    void close_now() override {
        asio::post(stream_.get_executor(),
                   [self = this->shared_from_this()] { self->lowest().close(); });
    }

    asio::awaitable<void> run();

  private:
    // Where the conversation stands; read and written on the strand only. stop() closes
    // connections that are awaiting a request and lets the others finish their exchange.
    enum class phase { awaiting_request, reading_body, busy };

    struct written_response {
        int status = 0;
        std::size_t body_bytes = 0;
        bool written = false;
    };

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
    asio::awaitable<ending> serve_one();
    asio::awaitable<ending> refuse(const beast::error_code& ec,
                                   const bhttp::request_parser<bhttp::string_body>& parser);
    asio::awaitable<written_response> write(response answer, unsigned version, bool keep_alive,
                                            bool head, std::string_view context);
    asio::awaitable<void> close(ending how);

    std::shared_ptr<server_core> core_;
    endpoint local_;
    endpoint remote_;
    Stream stream_;
    beast::flat_buffer buffer_;
    phase phase_ = phase::awaiting_request;
};

template <typename Stream>
asio::awaitable<void> session<Stream>::run() {
    const auto self = this->shared_from_this();
    core_->sessions.add(self);
    struct deregister {
        session_registry& registry;
        const session_handle* who;
        ~deregister() { registry.remove(who); }
    } guard{core_->sessions, this};

    ending how = ending::keep_going;
    if constexpr (tls) {
        beast::error_code ec;
        lowest().expires_after(core_->config.read_timeout);
        co_await stream_.async_handshake(asio::ssl::stream_base::server,
                                         asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            spdlog::debug("http: TLS handshake with {} failed: {}", remote_.address, ec.message());
            how = ending::abrupt;
        }
    }
    // Between requests a stopping server owes nobody a response: close at once.
    while (how == ending::keep_going) {
        how = core_->stopping ? ending::abrupt : co_await serve_one();
    }
    co_await close(how);
}

template <typename Stream>
asio::awaitable<ending> session<Stream>::serve_one() {
    const auto& config = core_->config;
    beast::error_code ec;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(config.header_limit, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(static_cast<std::uint64_t>(config.body_limit));

    // One deadline covers the wait for the request and its whole transfer: idle keep-alive
    // connections and slow senders are both cut at read_timeout.
    phase_ = phase::awaiting_request;
    lowest().expires_after(config.read_timeout);
    co_await bhttp::async_read_header(stream_, buffer_, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
        co_return co_await refuse(ec, parser);

    phase_ = phase::reading_body;
    const auto started = clock::now();
    if (!parser.is_done()) {
        if (wants_continue(parser.get())) {
            static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
            co_await asio::async_write(stream_, asio::buffer(go_on.data(), go_on.size()),
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return ending::abrupt;
        }
        co_await bhttp::async_read(stream_, buffer_, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return co_await refuse(ec, parser);
    }
    lowest().expires_never();
    phase_ = phase::busy;

    auto message = parser.release();
    const unsigned version = message.version();
    const bool wants_keep_alive = message.keep_alive();
    const bool head = message.method() == bhttp::verb::head;
    const auto method = parse_verb(message.method_string());
    const auto request_bytes = message.body().size();
    const std::string context =
        std::string(message.method_string()) + " " + std::string(message.target());

    request req;
    std::optional<response> answer;
    try {
        req = make_request(std::move(message), local_, remote_, tls);
    } catch (...) {
        answer = exception_response(std::current_exception(), context);
    }
    if (!answer)
        answer = co_await core_->dispatch(req, context);

    // A response finished while the server stops closes its connection.
    const bool keep_alive = wants_keep_alive && !core_->stopping;
    const auto sent = co_await write(std::move(*answer), version, keep_alive, head, context);
    core_->observe({method, req.route(), sent.status, clock::now() - started, request_bytes,
                    sent.body_bytes, sent.written});
    if (!sent.written)
        co_return ending::abrupt;
    co_return keep_alive ? ending::keep_going : ending::graceful;
}

template <typename Stream>
asio::awaitable<ending> session<Stream>::refuse(
    const beast::error_code& ec, const bhttp::request_parser<bhttp::string_body>& parser) {
    if (is_disconnect(ec))
        co_return ending::abrupt;
    const auto& config = core_->config;
    const auto started = clock::now();
    phase_ = phase::busy;
    response answer;
    if (ec == bhttp::error::header_limit) {
        answer = error_response({errc::limit_exceeded,
                                 "The request line and headers exceed " +
                                     std::to_string(config.header_limit) + " bytes.",
                                 {}},
                                431);
    } else if (ec == bhttp::error::body_limit) {
        answer = error_response(
            {errc::limit_exceeded,
             "The request body exceeds " + std::to_string(config.body_limit) + " bytes.",
             {}},
            413);
    } else {
        answer = error_response({errc::invalid_argument,
                                 "The request is not valid HTTP/1.1: " + ec.message() + ".",
                                 {}},
                                400);
    }
    const auto method =
        parser.is_header_done() ? parse_verb(parser.get().method_string()) : verb::other;
    const auto sent = co_await write(std::move(answer), 11, false, false, "malformed request");
    core_->observe(
        {method, {}, sent.status, clock::now() - started, 0, sent.body_bytes, sent.written});
    co_return sent.written ? ending::refused : ending::abrupt;
}

template <typename Stream>
asio::awaitable<typename session<Stream>::written_response> session<Stream>::write(
    response answer, unsigned version, bool keep_alive, bool head, std::string_view context) {
    response_message out;
    to_message(std::move(answer), out, context);
    out.version(version);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    written_response sent{static_cast<int>(out.result_int()), out.body().size(), false};
    if (head && out.has_content_length()) {
        // HEAD: the GET handler's headers, including the length it would have sent; no body.
        const auto length = out.body().size();
        out.body().clear();
        out.content_length(length);
    }
    beast::error_code ec;
    lowest().expires_after(core_->config.write_timeout);
    co_await bhttp::async_write(stream_, out, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        spdlog::debug("http: writing a response to {} failed: {}", remote_.address, ec.message());
    }
    sent.written = !ec;
    co_return sent;
}

template <typename Stream>
asio::awaitable<void> session<Stream>::close(ending how) {
    beast::error_code ec;
    auto& tcp_layer = lowest();
    if (how != ending::abrupt && tcp_layer.socket().is_open()) {
        if constexpr (tls) {
            tcp_layer.expires_after(tls_shutdown_timeout);
            co_await stream_.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
            ec = {};
        }
        tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
        // Closing with unread input makes the kernel send a reset, which can destroy our last
        // response before the client reads it: a 413 while the body is still arriving, or a
        // response followed by pipelined requests. So after a refusal, or when input is
        // waiting, read and discard until the client closes, for a bounded time and size.
        if (!ec && (how == ending::refused || tcp_layer.socket().available(ec) > 0)) {
            tcp_layer.expires_after(std::min(core_->config.read_timeout, max_linger));
            std::array<char, 8192> scratch;
            std::size_t drained = 0;
            while (!ec && drained < max_drain_bytes) {
                drained += co_await tcp_layer.async_read_some(
                    asio::buffer(scratch), asio::redirect_error(asio::use_awaitable, ec));
            }
        }
    }
    tcp_layer.close();
}

}  // namespace

void start_session(std::shared_ptr<server_core> core, tcp::socket socket) {
    boost::system::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    if (ec)
        return;  // the peer is already gone
    const auto local = socket.local_endpoint(ec);
    if (ec)
        return;
    socket.set_option(tcp::no_delay(true), ec);

    const auto executor = socket.get_executor();
    const auto log_failure = [](std::exception_ptr ex) {
        if (!ex)
            return;
        try {
            std::rethrow_exception(ex);
        } catch (const std::exception& e) {
            spdlog::error("http: a connection ended with an exception: {}", e.what());
        } catch (...) {
            spdlog::error("http: a connection ended with a non-standard exception");
        }
    };
    if (core->tls) {
        auto& context = *core->tls;
        auto s = std::make_shared<session<tls_stream>>(
            std::move(core), to_endpoint(local), to_endpoint(remote), std::move(socket), context);
        asio::co_spawn(executor, s->run(), log_failure);
    } else {
        auto s = std::make_shared<session<plain_stream>>(std::move(core), to_endpoint(local),
                                                         to_endpoint(remote), std::move(socket));
        asio::co_spawn(executor, s->run(), log_failure);
    }
}

}  // namespace tocsin::http::detail
