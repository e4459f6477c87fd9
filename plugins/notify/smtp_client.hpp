#pragma once
// A small asynchronous SMTP client (RFC 5321) for notify.email: EHLO (HELO fallback), STARTTLS
// (RFC 3207) per policy, AUTH PLAIN or LOGIN (RFC 4954), MAIL FROM, RCPT TO, DATA with
// dot-stuffing, QUIT. One message per connection; the dialogue is a coroutine on its own strand
// and `done` is called once, from an I/O thread.
//
// Errors: 4xx replies, refused/reset connections → unavailable (retryable); timeout → timeout;
// 530/535 → unauthenticated; other 5xx → invalid_argument; TLS certificate failures →
// unauthenticated; STARTTLS required but not offered → unsupported.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "engine/error.hpp"

namespace tocsin::plugins::notify {

enum class starttls_policy { none, opportunistic, required };

struct smtp_settings {
    std::string host;
    std::string port = "25";
    std::string helo_name = "localhost";
    starttls_policy starttls = starttls_policy::opportunistic;
    bool verify_tls = true;
    std::string ca_file;
    std::string username;  // empty: no AUTH
    std::string password;
    std::chrono::milliseconds timeout{30000};
};

struct smtp_envelope {
    std::string from;
    std::vector<std::string> recipients;
    std::string data;  // the message, already dot-stuffed and ending in CRLF.CRLF
};

struct smtp_result {
    bool tls = false;
    std::string reply;  // the server's answer to the end of DATA, e.g. "250 2.0.0 Ok: queued"
};

using smtp_completion = std::function<void(result<smtp_result>)>;

void async_send_mail(boost::asio::any_io_executor io, smtp_settings settings,
                     smtp_envelope envelope, smtp_completion done);

}  // namespace tocsin::plugins::notify
