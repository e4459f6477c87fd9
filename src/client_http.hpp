#pragma once
// The blocking HTTP/1.1 client of the CLI's client subcommands (`tocsin incidents …`): one
// keep-alive connection to one server, http or https, with a deadline per request. HTTPS
// verifies the server's certificate (system trust store, plus --ca-file) and host name unless
// told not to, and sends SNI. Beast and OpenSSL stay in the .cpp.
//
// Any HTTP status is a reply; only transport failures throw, as tocsin::error with a one-line
// message naming the server: unavailable ("cannot reach http://h:p: Connection refused"),
// timeout, unauthenticated (certificate verification failed) or limit_exceeded (reply too big).
//
// Not thread-safe: the CLI makes one request at a time.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/system/error_code.hpp>

#include "engine/error.hpp"

namespace tocsin::cli {

using header_list = std::vector<std::pair<std::string, std::string>>;

// Where the server is: "https://tocsin.example.com:8443/base" → scheme, host, port and an
// optional base path (a reverse proxy's prefix) put in front of every request target.
struct server_url {
    std::string scheme;     // "http" or "https"
    std::string host;       // without brackets for IPv6
    std::string port;       // explicit or the scheme's default
    std::string base_path;  // "" or "/base", never ending in '/'

    bool tls() const { return scheme == "https"; }
    // "http://127.0.0.1:8080" (the base path left out): how messages name the server.
    std::string origin() const;
    // host[:port] as a Host header value; the port is left out when it is the scheme's default.
    std::string authority() const;
};

// Accepts "http://h:p", "https://h", "h:p" (http assumed) and a trailing path. Refuses
// userinfo, query and fragment: credentials travel in the Authorization header only.
result<server_url> parse_server_url(std::string_view text);

struct http_settings {
    std::chrono::milliseconds timeout{30000};  // per request: connect to the last byte
    bool verify_tls = true;
    std::string ca_file;  // extra PEM trust anchors, e.g. the CA of a self-signed server
};

struct http_reply {
    int status = 0;
    std::string reason;
    header_list headers;
    std::string body;

    // The first header of that name, ignoring case.
    std::optional<std::string> header(std::string_view name) const;
};

class http_connection {
  public:
    http_connection(server_url server, http_settings settings);
    ~http_connection();
    http_connection(const http_connection&) = delete;
    http_connection& operator=(const http_connection&) = delete;

    // Sends method target (origin form, e.g. "/api/v1/runs?top=5"; the base path is put in
    // front) and reads the reply. A body is sent as application/json. An idempotent request
    // on a reused connection the server had already closed is retried once on a new one.
    http_reply request(std::string_view method, std::string_view target, std::string body = {},
                       const header_list& headers = {});

    const server_url& server() const { return server_; }

  private:
    struct impl;
    struct exchange_outcome {
        boost::system::error_code ec;
        http_reply reply;
        bool keep_alive = false;
    };
    using time_point = std::chrono::steady_clock::time_point;

    // (Re)opens the connection, TLS handshake included; throws on failure.
    void connect(time_point deadline);
    exchange_outcome exchange(std::string_view method, std::string_view target,
                              const std::string& body, const header_list& headers,
                              time_point deadline);

    server_url server_;
    http_settings settings_;
    std::unique_ptr<impl> impl_;
};

}  // namespace tocsin::cli
