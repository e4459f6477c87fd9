#pragma once
// A tiny SMTP server on 127.0.0.1 for notify.email tests: speaks enough RFC 5321 (EHLO, AUTH
// PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, QUIT) to accept a message, and records the dialogue
// and the DATA exactly as received (still dot-stuffed). One connection at a time, one thread.

#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace tocsin::test {

struct smtp_session_record {
    std::vector<std::string> commands;  // every line the client sent outside DATA
    std::string auth_user;
    std::string auth_password;
    std::string auth_mechanism;
    std::string mail_from;
    std::vector<std::string> recipients;
    std::string data;  // between "354" and the terminating ".", as received
};

class smtp_sink {
  public:
    struct options {
        std::string extensions = "AUTH PLAIN LOGIN";  // EHLO lines after the greeting name
        std::string user = "alerts";
        std::string password;  // AUTH succeeds only with these
    };
    explicit smtp_sink(options opts);
    ~smtp_sink();

    std::uint16_t port() const { return port_; }
    std::vector<smtp_session_record> sessions() const;

  private:
    void serve();
    void serve_one(boost::asio::ip::tcp::socket socket);

    options opts_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    bool stopping_ = false;                      // guarded by mutex_
    std::vector<smtp_session_record> sessions_;  // guarded by mutex_
    std::thread thread_;
};

std::string base64_decode(const std::string& text);

}  // namespace tocsin::test
