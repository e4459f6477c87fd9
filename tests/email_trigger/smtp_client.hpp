#pragma once
// A raw SMTP client for protocol tests: real sockets, STARTTLS, and a deadline on every read and
// write so that a broken server fails a test instead of hanging it. Not thread-safe.
//
//   smtp_client c(port);
//   EXPECT_EQ(smtp_client::code(c.read_reply()), 220);
//   EXPECT_EQ(smtp_client::code(c.command("EHLO test")), 250);

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tocsin::test {

class smtp_client {
  public:
    explicit smtp_client(std::uint16_t port,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~smtp_client();
    smtp_client(const smtp_client&) = delete;
    smtp_client& operator=(const smtp_client&) = delete;

    // One whole reply, every line of a multi-line one, with CRLFs; "" when the server closed
    // the connection first. Throws std::runtime_error on a timeout.
    std::string read_reply();
    void send(std::string_view bytes);
    // Sends `line` + CRLF and reads the reply.
    std::string command(std::string_view line);
    // The client side of the TLS handshake, verifying the server against `ca_file` for
    // 127.0.0.1. Throws std::runtime_error when it fails.
    void start_tls(const std::string& ca_file);
    // True when the server closes the connection within `within` (anything it sends first is
    // discarded).
    bool wait_closed(std::chrono::milliseconds within);

    // The reply code of a reply (its first three digits); 0 for "".
    static int code(const std::string& reply);

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace tocsin::test
