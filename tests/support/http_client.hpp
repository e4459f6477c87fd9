#pragma once
// A small blocking HTTP/1.1 client for tests: real sockets, optional TLS, keep-alive, raw writes
// for protocol tests (pipelining, malformed requests), and a per-operation timeout so that a
// broken server fails a test instead of hanging it. Beast stays in the .cpp.
//
//   tocsin::test::http_client client("127.0.0.1", server.local_endpoint().port);
//   auto reply = client.get("/api/v1/incidents?$top=5");
//   EXPECT_EQ(reply.status, 200);
//   EXPECT_EQ(reply.json()["value"].size(), 5);
//
// Not thread-safe: one client per thread. One client is one connection at a time; request()
// reconnects when the previous reply closed the connection.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::test {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_reply {
    int status = 0;
    header_list headers;
    std::string body;
    bool keep_alive = true;  // false when the server announced it closes the connection

    // The first header of that name, ignoring case.
    std::optional<std::string> header(std::string_view name) const;
    // The body parsed as JSON; throws nlohmann::json::parse_error when it is not.
    nlohmann::json json() const;
};

struct http_client_options {
    bool tls = false;
    // With TLS: verify the server's certificate against this PEM file and tls_host. Empty: no
    // verification.
    std::string ca_file;
    std::string tls_host = "localhost";       // SNI and the name the certificate must carry
    std::chrono::milliseconds timeout{5000};  // per connect, write and read
    // Sent as "Authorization: Bearer <token>" with every request that carries no Authorization
    // header of its own (e.g. test_admin_token, server_process.hpp).
    std::string bearer_token;
};

class http_client {
  public:
    http_client(std::string host, std::uint16_t port, http_client_options options = {});
    ~http_client();
    http_client(http_client&&) noexcept;
    http_client& operator=(http_client&&) noexcept;

    // One request and its reply. Adds Host (unless given) and Content-Length; a body is sent
    // with no Content-Type unless headers carry one. Throws std::runtime_error on connection
    // failures and timeouts.
    http_reply request(std::string_view method, std::string_view target, std::string body = {},
                       header_list headers = {});
    http_reply get(std::string_view target, header_list headers = {});
    // Sends body.dump() as application/json.
    http_reply send_json(std::string_view method, std::string_view target,
                         const nlohmann::json& body, header_list headers = {});

    // Protocol level: send without reading, read without sending, raw bytes.
    void send(std::string_view method, std::string_view target, std::string body = {},
              header_list headers = {});
    void write_raw(std::string_view bytes);
    // Reads one reply; for a reply to HEAD pass head = true (no body follows).
    http_reply read_reply(bool head = false);
    // True when the server closes the connection within `within` (anything it sends first is
    // discarded); false when it is still open then.
    bool wait_closed(std::chrono::milliseconds within);

    void connect();
    void close();
    bool is_open() const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace tocsin::test
