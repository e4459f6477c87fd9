#include "triggers/email/smtp_session.hpp"

#include <array>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "triggers/email/smtp_data.hpp"

namespace tocsin::triggers::detail {

namespace asio = boost::asio;

namespace {

constexpr std::size_t max_command_line = 2048;
constexpr std::size_t read_chunk = 16 * 1024;

}  // namespace

std::size_t smtp_shared::open_sessions() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

std::vector<std::shared_ptr<smtp_session>> smtp_shared::sessions() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<smtp_session>> out;
    for (const auto& [id, weak] : sessions_)
        if (auto s = weak.lock())
            out.push_back(std::move(s));
    return out;
}

std::uint64_t smtp_shared::add(const std::shared_ptr<smtp_session>& session) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(++next_id_, session);
    return next_id_;
}

void smtp_shared::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

smtp_session::smtp_session(asio::ip::tcp::socket socket, std::shared_ptr<smtp_shared> shared)
    : shared_(std::move(shared)),
      stream_(std::make_shared<smtp_stream>(std::move(socket))),
      protocol_(policy()),
      remote_(stream_->remote_address()) {}

std::shared_ptr<smtp_session> smtp_session::create(asio::ip::tcp::socket socket,
                                                   std::shared_ptr<smtp_shared> shared) {
    auto session = std::make_shared<smtp_session>(std::move(socket), shared);
    session->id_ = shared->add(session);
    return session;
}

smtp_session::~smtp_session() {
    if (id_)
        shared_->remove(id_);
}

smtp_policy smtp_session::policy() const {
    smtp_policy p;
    p.hostname = shared_->settings.hostname;
    p.max_message_bytes = shared_->settings.max_message_bytes;
    p.tls_available = shared_->tls != nullptr;
    p.accepts_recipient = [shared = shared_](std::string_view address) {
        return shared->delivery->accepts(address);
    };
    return p;
}

smtp_envelope smtp_session::envelope() const {
    smtp_envelope e;
    e.mail_from = protocol_.transaction().mail_from;
    e.recipients = protocol_.transaction().recipients;
    e.helo = protocol_.helo();
    e.remote_address = remote_;
    e.tls = stream_->secure();
    return e;
}

void smtp_session::notify_shutdown() {
    asio::post(stream_->get_executor(), [self = shared_from_this()] {
        if (self->waiting_for_command_)
            self->stream_->cancel();
    });
}

void smtp_session::abort() {
    asio::post(stream_->get_executor(), [self = shared_from_this()] { self->stream_->close(); });
}

asio::awaitable<bool> smtp_session::flush() {
    if (out_.empty())
        co_return true;
    const auto written = co_await stream_->write(out_, shared_->settings.command_timeout);
    out_.clear();
    co_return written.ok();
}

asio::awaitable<smtp_session::command_input> smtp_session::next_command() {
    using kind = command_input::kind;
    std::array<char, read_chunk> chunk{};
    for (;;) {
        if (const auto end = in_.find('\n'); end != std::string::npos) {
            std::string text = in_.substr(0, end);
            in_.erase(0, end + 1);
            if (std::exchange(discarding_, false) || text.size() > max_command_line)
                co_return command_input{kind::too_long, {}};
            if (!text.empty() && text.back() == '\r')
                text.pop_back();
            co_return command_input{kind::line, std::move(text)};
        }
        if (in_.size() > max_command_line) {
            in_.clear();
            discarding_ = true;
        }
        if (!co_await flush())
            co_return command_input{kind::closed, {}};
        if (shared_->shutting_down)
            co_return command_input{kind::shutdown, {}};
        waiting_for_command_ = true;
        const auto r =
            co_await stream_->read_some(asio::buffer(chunk), shared_->settings.command_timeout);
        waiting_for_command_ = false;
        if (r.timed_out)
            co_return command_input{kind::timed_out, {}};
        if (r.error == asio::error::operation_aborted && shared_->shutting_down)
            co_return command_input{kind::shutdown, {}};
        if (r.error)
            co_return command_input{kind::closed, {}};
        in_.append(chunk.data(), r.bytes);
    }
}

asio::awaitable<smtp_session::message_input> smtp_session::read_message() {
    message_input out;
    smtp_data_reader reader(shared_->settings.max_message_bytes);
    // What the client pipelined behind DATA's 354 is the message's beginning.
    const auto used = reader.feed(in_);
    in_.erase(0, used);
    std::array<char, read_chunk> chunk{};
    while (!reader.finished()) {
        const auto r =
            co_await stream_->read_some(asio::buffer(chunk), shared_->settings.data_timeout);
        if (r.timed_out) {
            out_ += protocol_.timed_out();
            co_await flush();
            co_return out;
        }
        if (r.error)
            co_return out;
        const std::string_view received(chunk.data(), r.bytes);
        const auto taken = reader.feed(received);
        in_.append(received.substr(taken));  // commands pipelined after the final dot
    }
    out.complete = true;
    out.too_big = reader.too_big();
    out.text = reader.take();
    if (out.too_big)
        spdlog::info("email: refused a message of more than {} bytes from {} (552)",
                     shared_->settings.max_message_bytes, remote_);
    co_return out;
}

asio::awaitable<void> smtp_session::serve() {
    using kind = command_input::kind;
    if (shared_->shutting_down) {
        out_ = protocol_.shutting_down();
        co_await flush();
        co_return;
    }
    out_ = protocol_.greeting();
    for (;;) {
        auto input = co_await next_command();
        if (input.what == kind::closed)
            co_return;
        if (input.what == kind::timed_out || input.what == kind::shutdown) {
            out_ +=
                input.what == kind::timed_out ? protocol_.timed_out() : protocol_.shutting_down();
            co_await flush();
            co_return;
        }
        const auto step = input.what == kind::too_long ? protocol_.line_too_long()
                                                       : protocol_.command(input.text);
        out_ += step.reply;
        switch (step.action) {
            case smtp_action::reply:
                break;
            case smtp_action::close:
                co_await flush();
                co_return;
            case smtp_action::start_tls: {
                if (!co_await flush())
                    co_return;
                in_.clear();  // nothing sent in clear text before the handshake counts
                const auto r =
                    co_await stream_->start_tls(*shared_->tls, shared_->settings.command_timeout);
                if (!r.ok()) {
                    spdlog::info("email: TLS handshake with {} failed: {}", remote_,
                                 r.timed_out ? std::string("timed out") : r.error.message());
                    co_return;
                }
                protocol_.tls_started();
                break;
            }
            case smtp_action::read_data: {
                if (!co_await flush())
                    co_return;
                auto message = co_await read_message();
                if (!message.complete)
                    co_return;
                if (message.too_big)
                    out_ += smtp_protocol::message_too_big();
                else
                    out_ +=
                        co_await shared_->delivery->deliver(envelope(), std::move(message.text));
                protocol_.end_transaction();
                break;
            }
        }
    }
}

asio::awaitable<void> smtp_session::run() {
    const auto self = shared_from_this();  // the connection lives as long as this coroutine
    spdlog::debug("email: connection from {}", remote_);
    try {
        co_await serve();
    } catch (const std::exception& e) {
        spdlog::error("email: connection from {} failed: {}", remote_, e.what());
    }
    stream_->close();
    spdlog::debug("email: connection from {} closed", remote_);
}

}  // namespace tocsin::triggers::detail
