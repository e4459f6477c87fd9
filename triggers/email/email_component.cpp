#include "triggers/email/email_component.hpp"

#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "engine/error.hpp"
#include "engine/http/tls_context.hpp"
#include "triggers/email/smtp_session.hpp"

namespace tocsin::triggers {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace detail {

// The acceptor and its loop; the loop keeps it (and the shared state) alive until it ends.
struct smtp_listener : std::enable_shared_from_this<smtp_listener> {
    smtp_listener(asio::io_context& io, std::shared_ptr<smtp_shared> s)
        : io(io), acceptor(asio::make_strand(io)), shared(std::move(s)) {}

    asio::io_context& io;
    tcp::acceptor acceptor;
    std::shared_ptr<smtp_shared> shared;
};

}  // namespace detail

namespace {

using detail::smtp_listener;
using detail::smtp_session;
using detail::smtp_shared;

tcp::endpoint endpoint_of(const listen_address& listen) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(listen.host, ec);
    if (!ec)
        return {address, listen.port};
    asio::io_context resolving;
    tcp::resolver resolver(resolving);
    const auto found = resolver.resolve(listen.host, std::to_string(listen.port), ec);
    if (ec || found.empty())
        throw error(errc::config,
                    "email.listen: cannot resolve '" + listen.host + "': " + ec.message(),
                    "email.listen");
    return found.begin()->endpoint();
}

void bind(tcp::acceptor& acceptor, const tcp::endpoint& where) {
    boost::system::error_code ec;
    const auto fail = [&](const char* step) {
        throw error(errc::config,
                    "email.listen: cannot listen on " + where.address().to_string() + ":" +
                        std::to_string(where.port()) + " (" + step + "): " + ec.message(),
                    "email.listen");
    };
    acceptor.open(where.protocol(), ec);
    if (ec)
        fail("open");
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec)
        fail("reuse_address");
    acceptor.bind(where, ec);
    if (ec)
        fail("bind");
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        fail("listen");
}

std::string printable(const tcp::endpoint& endpoint) {
    const auto address = endpoint.address();
    const auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return host + ":" + std::to_string(endpoint.port());
}

std::shared_ptr<asio::ssl::context> tls_context_of(const smtp_settings& settings) {
    if (settings.tls_cert.empty())
        return nullptr;
    http::server_config files;
    files.tls_certificate_file = settings.tls_cert.string();
    files.tls_private_key_file = settings.tls_key.string();
    try {
        return http::detail::make_tls_context(files);
    } catch (const error& e) {
        throw error(errc::config, std::string("email.tls_cert / email.tls_key: ") + e.what(),
                    "email.tls_cert");
    }
}

// Answers a connection that will not be served and closes it. The socket is fresh, so one
// non-blocking write of a line fits its buffer; if it does not, the client learns by the close.
void refuse(tcp::socket& socket, const std::string& reply) {
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(reply), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

asio::awaitable<void> accept_loop(std::shared_ptr<smtp_listener> listener) {
    auto& shared = *listener->shared;
    const smtp_protocol replies(smtp_policy{.hostname = shared.settings.hostname});
    for (;;) {
        asio::any_io_executor strand = asio::make_strand(listener->io);
        auto [ec, socket] =
            co_await listener->acceptor.async_accept(strand, asio::as_tuple(asio::use_awaitable));
        if (ec == asio::error::operation_aborted || !listener->acceptor.is_open())
            co_return;
        if (ec) {
            // Out of descriptors or the like: wait a little instead of spinning.
            spdlog::warn("email: accepting a connection failed: {}", ec.message());
            asio::steady_timer pause(listener->acceptor.get_executor(),
                                     std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        if (shared.shutting_down) {
            refuse(socket, replies.shutting_down());
            continue;
        }
        if (shared.open_sessions() >= shared.settings.max_connections) {
            boost::system::error_code ignored;
            spdlog::warn(
                "email: refused a connection from {}: {} connections are open "
                "(email.max_connections)",
                socket.remote_endpoint(ignored).address().to_string(), shared.open_sessions());
            refuse(socket, replies.too_many_connections());
            continue;
        }
        auto session = smtp_session::create(std::move(socket), listener->shared);
        asio::co_spawn(strand, session->run(), asio::detached);
    }
}

}  // namespace

email_component::email_component(engine& eng, runner::runner_component& runner)
    : engine_(eng), runner_(runner) {}

email_component::~email_component() = default;

void email_component::start() {
    auto settings = smtp_settings_of(engine_.settings());
    if (!settings) {
        spdlog::debug("email: email.listen is empty; no SMTP receiver");
        return;
    }
    // Built aside and kept only once listening: a component that failed to start has nothing
    // to shut down.
    auto shared = std::make_shared<smtp_shared>();
    shared->tls = tls_context_of(*settings);
    shared->delivery =
        std::make_unique<detail::email_delivery>(engine_, runner_, *settings, default_clock());
    shared->settings = std::move(*settings);
    auto listener = std::make_shared<smtp_listener>(engine_.io(), shared);
    bind(listener->acceptor, endpoint_of(shared->settings.listen));
    local_address_ = printable(listener->acceptor.local_endpoint());
    shared_ = std::move(shared);
    listener_ = std::move(listener);
    asio::co_spawn(listener_->acceptor.get_executor(), accept_loop(listener_), asio::detached);

    shared_->delivery->describe_bindings();
    const auto& s = shared_->settings;
    spdlog::info(
        "email: SMTP receiver listening on {} as {} (STARTTLS {}, messages up to {} "
        "bytes, {})",
        local_address_, s.hostname, shared_->tls ? "offered" : "off", s.max_message_bytes,
        s.mailboxes.empty() ? std::string("mailboxes: those the playbooks name")
                            : std::to_string(s.mailboxes.size()) + " mailboxes");
    engine_.announce("tocsin: smtp listening on " + local_address_);
}

void email_component::begin_shutdown() {
    if (!shared_ || shared_->shutting_down.exchange(true))
        return;
    asio::post(listener_->acceptor.get_executor(), [listener = listener_] {
        boost::system::error_code ignored;
        listener->acceptor.close(ignored);
    });
    for (const auto& session : shared_->sessions())
        session->notify_shutdown();
}

bool email_component::idle() const {
    return !shared_ || shared_->open_sessions() == 0;
}

void email_component::stop() {
    if (!shared_)
        return;
    begin_shutdown();
    for (const auto& session : shared_->sessions())
        session->abort();
    // The sessions end on the I/O threads, which still run; they must be gone before the
    // runner they deliver to stops.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!idle() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!idle())
        spdlog::warn("email: {} SMTP connections did not close in time", shared_->open_sessions());
}

}  // namespace tocsin::triggers
