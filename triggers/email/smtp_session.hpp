#pragma once
// Internal to triggers/email: one SMTP connection, a coroutine on its own strand of the engine's
// io_context (no thread of its own). It reads command lines (at most 2048 bytes, as Postfix's
// line_length_limit; a bare LF ends a line as well as CRLF), hands them to smtp_protocol, and
// answers a batch of pipelined commands with one write once the input read so far is used up
// (RFC 2920). DATA is read by smtp_data_reader and handed to email_delivery.
//
// Deadlines: email.command_timeout_ms for each command read (and every write), and
// email.data_timeout_ms for each read of a message; past one, 421 4.4.2 and the connection closes.
// STARTTLS discards whatever the client pipelined after it in clear text (CVE-2011-0411).
// Shutdown: a session waiting for a command answers 421 4.3.2 and closes; one receiving or
// delivering a message finishes it first. Nothing a client sends ends in an exception: a failure
// closes that connection only.
// Thread-safety: run() on the session's strand; notify_shutdown() and abort() from any thread
// (they post to the strand).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "triggers/email/smtp_delivery.hpp"
#include "triggers/email/smtp_protocol.hpp"
#include "triggers/email/smtp_settings.hpp"
#include "triggers/email/smtp_stream.hpp"

namespace tocsin::triggers::detail {

class smtp_session;

// What every session of one listener shares. Held by shared_ptr: the sessions and the accept
// loop keep it alive, so nothing they touch is freed under them.
struct smtp_shared {
    smtp_settings settings;
    std::shared_ptr<boost::asio::ssl::context> tls;  // null: no STARTTLS
    std::unique_ptr<email_delivery> delivery;
    std::atomic<bool> shutting_down{false};

    // The live sessions, for shutdown and the connection limit.
    std::size_t open_sessions() const;
    std::vector<std::shared_ptr<smtp_session>> sessions() const;
    std::uint64_t add(const std::shared_ptr<smtp_session>& session);
    void remove(std::uint64_t id);

  private:
    mutable std::mutex mutex_;
    std::map<std::uint64_t, std::weak_ptr<smtp_session>> sessions_;  // guarded by mutex_
    std::uint64_t next_id_ = 0;                                      // guarded by mutex_
};

class smtp_session : public std::enable_shared_from_this<smtp_session> {
  public:
    // A session registered with `shared` (so that it counts against the connection limit at
    // once); run() serves it.
    static std::shared_ptr<smtp_session> create(boost::asio::ip::tcp::socket socket,
                                                std::shared_ptr<smtp_shared> shared);
    smtp_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<smtp_shared> shared);
    ~smtp_session();

    // Serves the connection until it closes.
    boost::asio::awaitable<void> run();
    // The engine is stopping: a session waiting for a command stops waiting.
    void notify_shutdown();
    // Closes the connection now (the end of the shutdown grace period).
    void abort();

  private:
    struct command_input {
        enum class kind { line, too_long, closed, timed_out, shutdown } what = kind::closed;
        std::string text;
    };
    struct message_input {
        bool complete = false;  // false: the connection failed or timed out (already answered)
        bool too_big = false;
        std::string text;
    };

    boost::asio::awaitable<void> serve();
    boost::asio::awaitable<command_input> next_command();
    boost::asio::awaitable<message_input> read_message();
    // Writes the pending replies; false when the connection is no longer usable.
    boost::asio::awaitable<bool> flush();
    smtp_policy policy() const;
    smtp_envelope envelope() const;

    std::shared_ptr<smtp_shared> shared_;
    std::shared_ptr<smtp_stream> stream_;
    smtp_protocol protocol_;
    std::string remote_;
    std::string in_;           // received, not yet used
    std::string out_;          // replies not yet written
    bool discarding_ = false;  // skipping the rest of an over-long command line
    bool waiting_for_command_ = false;
    std::uint64_t id_ = 0;
};

}  // namespace tocsin::triggers::detail
