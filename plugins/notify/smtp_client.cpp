#include "plugins/notify/smtp_client.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "engine/net/encoding.hpp"

namespace tocsin::plugins::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t max_reply_bytes = 64 * 1024;

struct reply {
    int code = 0;
    std::vector<std::string> lines;  // text after "NNN-" / "NNN "
    std::string text() const {
        std::string out = std::to_string(code);
        for (std::size_t i = 0; i < lines.size(); ++i)
            out += (i ? " / " : " ") + lines[i];
        return out;
    }
};

error_info fail(errc code, std::string message) {
    return error_info{code, "SMTP: " + std::move(message), {}};
}

error_info io_error(const error_code& ec, std::string_view stage) {
    if (ec == beast::error::timeout)
        return fail(errc::timeout, "no answer in time (" + std::string(stage) + ")");
    if (ec == asio::error::connection_refused)
        return fail(errc::unavailable, "connection refused");
    return fail(errc::unavailable, std::string(stage) + ": " + ec.message());
}

error_info reply_error(const reply& r, std::string_view stage) {
    const std::string what = std::string(stage) + " refused: " + r.text();
    if (r.code >= 400 && r.code < 500)
        return fail(errc::unavailable, what);
    if (r.code == 530 || r.code == 535 || r.code == 534)
        return fail(errc::unauthenticated, what);
    return fail(errc::invalid_argument, what);
}

class session {
  public:
    session(asio::any_io_executor strand, smtp_settings s, smtp_envelope e)
        : strand_(std::move(strand)), settings_(std::move(s)), envelope_(std::move(e)) {}

    asio::awaitable<result<smtp_result>> run() {
        error_code ec;
        const auto deadline = std::chrono::steady_clock::now() + settings_.timeout;
        tcp::resolver resolver(strand_);
        auto endpoints = co_await resolver.async_resolve(
            settings_.host, settings_.port, asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return fail(ec == asio::error::host_not_found ? errc::not_found : errc::unavailable,
                           "cannot resolve '" + settings_.host + "': " + ec.message());
        beast::tcp_stream plain(strand_);
        plain.expires_at(deadline);
        co_await plain.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return io_error(ec, "connecting to " + settings_.host + ":" + settings_.port);

        auto greeting = co_await read_reply(plain);
        if (!greeting)
            co_return greeting.error();
        if (greeting.value().code != 220)
            co_return reply_error(greeting.value(), "greeting");
        auto hello = co_await ehlo(plain);
        if (!hello)
            co_return hello.error();

        const bool offered = has_extension(hello.value(), "STARTTLS");
        if (settings_.starttls == starttls_policy::required && !offered)
            co_return fail(errc::unsupported, settings_.host +
                                                  " does not offer STARTTLS, which the instance "
                                                  "requires (starttls = required)");
        if (settings_.starttls == starttls_policy::none || !offered)
            co_return co_await transaction(plain, hello.value(), false);

        auto go = co_await command(plain, "STARTTLS");
        if (!go)
            co_return go.error();
        if (go.value().code != 220)
            co_return reply_error(go.value(), "STARTTLS");
        // RFC 3207 §6: anything the server sent before the handshake is discarded.
        buffer_.clear();
        auto tls = make_context();
        if (!tls)
            co_return tls.error();
        ssl::stream<beast::tcp_stream> secure(std::move(plain), *tls.value());
        error_code addr_ec;
        asio::ip::make_address(settings_.host, addr_ec);
        if (addr_ec)
            SSL_set_tlsext_host_name(secure.native_handle(), settings_.host.c_str());
        if (settings_.verify_tls)
            secure.set_verify_callback(ssl::host_name_verification(settings_.host));
        co_await secure.async_handshake(ssl::stream_base::client,
                                        asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            const long verify = SSL_get_verify_result(secure.native_handle());
            if (settings_.verify_tls && verify != X509_V_OK)
                co_return fail(errc::unauthenticated, "TLS certificate of " + settings_.host +
                                                          " failed verification: " +
                                                          X509_verify_cert_error_string(verify));
            co_return io_error(ec, "TLS handshake");
        }
        auto again = co_await ehlo(secure);
        if (!again)
            co_return again.error();
        co_return co_await transaction(secure, again.value(), true);
    }

  private:
    result<std::shared_ptr<ssl::context>> make_context() const {
        try {
            auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
            ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1);
            if (settings_.verify_tls) {
                ctx->set_default_verify_paths();
                if (!settings_.ca_file.empty())
                    ctx->load_verify_file(settings_.ca_file);
                ctx->set_verify_mode(ssl::verify_peer);
            } else {
                ctx->set_verify_mode(ssl::verify_none);
            }
            return ctx;
        } catch (const std::exception& e) {
            return fail(errc::config, std::string("TLS set-up failed: ") + e.what());
        }
    }

    static bool has_extension(const reply& r, std::string_view name) {
        return std::any_of(r.lines.begin() + (r.lines.empty() ? 0 : 1), r.lines.end(),
                           [&](const std::string& line) {
                               return line.size() >= name.size() &&
                                      beast::iequals(line.substr(0, name.size()), name) &&
                                      (line.size() == name.size() || line[name.size()] == ' ' ||
                                       line[name.size()] == '=');
                           });
    }

    static std::vector<std::string> auth_mechanisms(const reply& r) {
        std::vector<std::string> out;
        for (std::size_t i = 1; i < r.lines.size(); ++i) {
            const auto& line = r.lines[i];
            if (line.size() < 5 || !(beast::iequals(line.substr(0, 5), "AUTH ") ||
                                     beast::iequals(line.substr(0, 5), "AUTH=")))
                continue;
            std::string rest = line.substr(5);
            std::size_t pos = 0;
            while (pos < rest.size()) {
                const auto end = rest.find(' ', pos);
                auto mech = rest.substr(pos, end == std::string::npos ? end : end - pos);
                std::transform(mech.begin(), mech.end(), mech.begin(),
                               [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
                if (!mech.empty())
                    out.push_back(mech);
                if (end == std::string::npos)
                    break;
                pos = end + 1;
            }
        }
        return out;
    }

    template <typename Stream>
    asio::awaitable<result<reply>> read_reply(Stream& stream) {
        reply r;
        for (;;) {
            error_code ec;
            const auto n = co_await asio::async_read_until(
                stream, asio::dynamic_buffer(buffer_, max_reply_bytes), "\r\n",
                asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return io_error(ec, "reading a reply");
            std::string line = buffer_.substr(0, n - 2);
            buffer_.erase(0, n);
            if (line.size() < 3 ||
                !std::all_of(line.begin(), line.begin() + 3,
                             [](unsigned char c) { return std::isdigit(c); }) ||
                (line.size() > 3 && line[3] != ' ' && line[3] != '-'))
                co_return fail(errc::unavailable, "malformed reply '" + line + "'");
            const int code = std::stoi(line.substr(0, 3));
            if (r.code != 0 && code != r.code)
                co_return fail(errc::unavailable, "inconsistent multi-line reply");
            r.code = code;
            r.lines.push_back(line.size() > 4 ? line.substr(4) : std::string());
            if (line.size() == 3 || line[3] == ' ')
                co_return r;
        }
    }

    template <typename Stream>
    asio::awaitable<result<reply>> command(Stream& stream, std::string line) {
        error_code ec;
        line += "\r\n";
        co_await asio::async_write(stream, asio::buffer(line),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return io_error(ec, "sending a command");
        co_return co_await read_reply(stream);
    }

    template <typename Stream>
    asio::awaitable<result<reply>> ehlo(Stream& stream) {
        auto r = co_await command(stream, "EHLO " + settings_.helo_name);
        if (r && r.value().code == 250)
            co_return r;
        if (r && r.value().code >= 500) {
            auto h = co_await command(stream, "HELO " + settings_.helo_name);
            if (h && h.value().code != 250)
                co_return reply_error(h.value(), "HELO");
            co_return h;
        }
        if (!r)
            co_return r;
        co_return reply_error(r.value(), "EHLO");
    }

    template <typename Stream>
    asio::awaitable<result<void>> authenticate(Stream& stream, const reply& hello, bool tls) {
        if (settings_.username.empty())
            co_return result<void>{};
        if (!tls && settings_.starttls != starttls_policy::none)
            co_return fail(errc::unavailable,
                           settings_.host +
                               " offers no STARTTLS; credentials are not sent over an "
                               "unencrypted connection (set starttls = none to allow)");
        const auto mechs = auth_mechanisms(hello);
        const auto offers = [&](std::string_view m) {
            return std::find(mechs.begin(), mechs.end(), m) != mechs.end();
        };
        if (offers("PLAIN")) {
            const std::string token = std::string(1, '\0') + settings_.username +
                                      std::string(1, '\0') + settings_.password;
            auto r = co_await command(stream, "AUTH PLAIN " + net::base64_encode(token));
            if (!r)
                co_return r.error();
            if (r.value().code != 235)
                co_return reply_error(r.value(), "AUTH PLAIN");
            co_return result<void>{};
        }
        if (offers("LOGIN")) {
            auto r = co_await command(stream, "AUTH LOGIN");
            if (r && r.value().code == 334)
                r = co_await command(stream, net::base64_encode(settings_.username));
            if (r && r.value().code == 334)
                r = co_await command(stream, net::base64_encode(settings_.password));
            if (!r)
                co_return r.error();
            if (r.value().code != 235)
                co_return reply_error(r.value(), "AUTH LOGIN");
            co_return result<void>{};
        }
        co_return fail(errc::unsupported,
                       settings_.host + " offers neither AUTH PLAIN nor AUTH LOGIN");
    }

    template <typename Stream>
    asio::awaitable<result<smtp_result>> transaction(Stream& stream, const reply& hello, bool tls) {
        auto authed = co_await authenticate(stream, hello, tls);
        if (!authed)
            co_return authed.error();
        auto r = co_await command(stream, "MAIL FROM:<" + envelope_.from + ">");
        if (!r)
            co_return r.error();
        if (r.value().code != 250)
            co_return reply_error(r.value(), "MAIL FROM");
        for (const auto& rcpt : envelope_.recipients) {
            r = co_await command(stream, "RCPT TO:<" + rcpt + ">");
            if (!r)
                co_return r.error();
            if (r.value().code != 250 && r.value().code != 251)
                co_return reply_error(r.value(), "RCPT TO <" + rcpt + ">");
        }
        r = co_await command(stream, "DATA");
        if (!r)
            co_return r.error();
        if (r.value().code != 354)
            co_return reply_error(r.value(), "DATA");
        error_code ec;
        co_await asio::async_write(stream, asio::buffer(envelope_.data),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return io_error(ec, "sending the message");
        r = co_await read_reply(stream);
        if (!r)
            co_return r.error();
        if (r.value().code != 250)
            co_return reply_error(r.value(), "message");
        smtp_result out{tls, r.value().text()};
        // The message is accepted; a failing QUIT changes nothing.
        co_await command(stream, "QUIT");
        co_return out;
    }

    asio::any_io_executor strand_;
    smtp_settings settings_;
    smtp_envelope envelope_;
    std::string buffer_;  // received, not yet parsed
};

asio::awaitable<void> run_session(std::shared_ptr<session> s, smtp_completion done) {
    result<smtp_result> outcome = fail(errc::internal, "no answer");
    try {
        outcome = co_await s->run();
    } catch (const std::exception& e) {
        outcome = fail(errc::internal, e.what());
    }
    done(std::move(outcome));
}

}  // namespace

void async_send_mail(asio::any_io_executor io, smtp_settings settings, smtp_envelope envelope,
                     smtp_completion done) {
    auto strand = asio::make_strand(io);
    auto s = std::make_shared<session>(strand, std::move(settings), std::move(envelope));
    asio::co_spawn(strand, run_session(std::move(s), std::move(done)), asio::detached);
}

}  // namespace tocsin::plugins::notify
