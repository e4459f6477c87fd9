#pragma once
// The SMTP server's command dialogue (RFC 5321, with ESMTP PIPELINING, SIZE, 8BITMIME,
// SMTPUTF8, ENHANCEDSTATUSCODES and STARTTLS), as a state machine without I/O: the session
// (smtp_session.hpp) feeds it command lines and writes what it answers. Replies follow Postfix's
// wording and enhanced status codes, so that senders' logs read as they would for any MTA:
//
//   220 mx.contoso.com ESMTP Tocsin
//   EHLO client.example        250-mx.contoso.com / 250-PIPELINING / 250-SIZE 10485760 /
//                              [250-STARTTLS /] 250-ENHANCEDSTATUSCODES / 250-8BITMIME /
//                              250 SMTPUTF8
//   MAIL FROM:<a@b> SIZE=n     250 2.1.0 Ok | 503 5.5.1 Error: send HELO/EHLO first |
//                              503 5.5.1 Error: nested MAIL command | 501 5.5.4 Syntax: … |
//                              501 5.1.7 Bad sender address syntax |
//                              552 5.3.4 Message size exceeds fixed limit |
//                              555 5.5.4 Unsupported option: X
//   RCPT TO:<soc@contoso.com>  250 2.1.5 Ok | 503 5.5.1 Error: need MAIL command |
//                              550 5.1.1 <x@y>: Recipient address rejected: User unknown in
//                              virtual mailbox table | 452 4.5.3 Error: too many recipients
//   DATA                       354 End data with <CR><LF>.<CR><LF> |
//                              503 5.5.1 Error: need RCPT command |
//                              554 5.5.1 Error: no valid recipients
//   RSET, NOOP                 250 2.0.0 Ok
//   VRFY x                     252 2.0.0 Cannot VRFY user; try RCPT to attempt delivery
//   QUIT                       221 2.0.0 Bye
//   STARTTLS                   220 2.0.0 Ready to start TLS (then EHLO again, RFC 3207)
//   AUTH                       503 5.5.1 Error: authentication not enabled
//   anything else              502 5.5.2 Error: command not recognized
// HTTP verbs and lines that do not start with a letter (a browser, a TLS hello on the plain port,
// binary garbage) end the session at once: 221 2.7.0 Error: I can break rules, too. Goodbye.
// After 20 error replies the session ends with 421 4.7.0 Error: too many errors.
// Thread-safety: one per connection, used from its strand.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tocsin::triggers {

struct smtp_policy {
    std::string hostname = "localhost";
    std::size_t max_message_bytes = 10 * 1024 * 1024;
    std::size_t max_recipients = 100;  // RFC 5321 4.5.3.1.8: at least 100 must be accepted
    std::size_t max_errors = 20;       // Postfix's smtpd_hard_error_limit
    bool tls_available = false;        // STARTTLS offered (until TLS is active)
    // Whether RCPT may name this mailbox (as sent; compare ignoring case).
    std::function<bool(std::string_view)> accepts_recipient = [](std::string_view) {
        return false;
    };
};

enum class smtp_action {
    reply,      // write the reply, read the next command
    read_data,  // write the reply (354), then read the message (smtp_data.hpp)
    start_tls,  // write the reply (220), then the TLS handshake, then smtp_protocol::tls_started
    close,      // write the reply, then close the connection
};

struct smtp_step {
    std::string reply;  // one or more CRLF-terminated lines
    smtp_action action = smtp_action::reply;
};

struct smtp_transaction {
    std::string mail_from;                // "" for the null reverse-path
    std::vector<std::string> recipients;  // accepted, as sent, without duplicates
};

class smtp_protocol {
  public:
    explicit smtp_protocol(smtp_policy policy);

    std::string greeting() const;
    // One command line, without its line end.
    smtp_step command(std::string_view line);
    // A command line over the length limit (it was discarded).
    smtp_step line_too_long();

    void tls_started();  // forgets EHLO and the transaction (RFC 3207 4.2)
    bool tls_active() const { return tls_active_; }
    const std::string& helo() const { return helo_; }
    const smtp_transaction& transaction() const { return transaction_; }
    // After the message of DATA has been answered.
    void end_transaction() {
        transaction_ = {};
        in_transaction_ = false;
    }

    // Replies the session writes on its own.
    std::string timed_out() const;             // 421 4.4.2 … Error: timeout exceeded
    std::string shutting_down() const;         // 421 4.3.2 … Service shutting down
    std::string too_many_connections() const;  // 421 4.7.0 … Error: too many connections
    static std::string message_too_big();      // 552 5.3.4 Error: message file too big

  private:
    smtp_step ehlo(std::string_view argument, bool extended);
    smtp_step mail(std::string_view argument);
    smtp_step rcpt(std::string_view argument);
    smtp_step data(std::string_view argument);
    smtp_step starttls(std::string_view argument);
    // Counts error replies; past the limit the session ends.
    smtp_step answer(std::string reply, smtp_action action = smtp_action::reply);

    smtp_policy policy_;
    std::string helo_;
    bool greeted_ = false;
    bool tls_active_ = false;
    bool in_transaction_ = false;
    smtp_transaction transaction_;
    std::size_t errors_ = 0;
};

}  // namespace tocsin::triggers
