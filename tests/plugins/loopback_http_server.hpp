#pragma once
// A real HTTP(S) server on 127.0.0.1 for plugin tests: one thread, one connection at a time,
// each request answered by the test's handler. Requests are recorded. A handler may hold its
// answer until release() (or the destructor), to make a client time out.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http.hpp>

namespace tocsin::test {

using http_request_msg = boost::beast::http::request<boost::beast::http::string_body>;
using http_response_msg = boost::beast::http::response<boost::beast::http::string_body>;

class loopback_http_server {
  public:
    using handler = std::function<http_response_msg(const http_request_msg&)>;

    // With `tls`, the server speaks HTTPS with that context (certificate and key loaded).
    explicit loopback_http_server(handler h, std::shared_ptr<boost::asio::ssl::context> tls = {});
    ~loopback_http_server();

    std::uint16_t port() const { return port_; }
    std::string url(const std::string& target = "/") const;
    std::vector<http_request_msg> requests() const;

    // Blocks the calling handler until release() or destruction.
    void hold();
    void release();

  private:
    void serve();
    void serve_one(boost::asio::ip::tcp::socket socket);

    handler handler_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable released_cv_;
    bool released_ = false;               // guarded by mutex_
    bool stopping_ = false;               // guarded by mutex_
    std::vector<http_request_msg> seen_;  // guarded by mutex_
    std::thread thread_;
};

// A response with `status`, `body` and optional content type.
http_response_msg make_response(unsigned status, std::string body,
                                std::string content_type = "text/plain");

// A self-signed certificate for "localhost" and 127.0.0.1, made with the OpenSSL API, written
// as PEM files; and a server context using it.
struct test_certificate {
    std::string cert_file;
    std::string key_file;
};
test_certificate make_self_signed_certificate(const std::string& dir);
std::shared_ptr<boost::asio::ssl::context> server_tls_context(const test_certificate& cert);

}  // namespace tocsin::test
