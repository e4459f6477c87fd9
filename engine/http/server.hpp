#pragma once
// The HTTP(S) server: listener -> one session per connection (own strand, read deadline, size
// limits, keep-alive, pipelining in order) -> router -> guard -> filters -> handler. Beast stays
// inside the .cpp files; this header is cheap to include.
//
//   http::router routes;
//   routes.add(http::verb::get, "/healthz", [](http::request&) {
//       return http::response::text(200, "ok");
//   });
//   http::server server({.address = "127.0.0.1", .port = 0, .io_threads = 2}, std::move(routes));
//   server.set_guard(authenticate);           // before start()
//   server.start();                           // bound and serving when it returns
//   auto port = server.local_endpoint().port; // the ephemeral port
//   ...
//   server.stop();                            // graceful; also done by the destructor
//
// Thread-safety: configure (constructor, set_guard, add_filter, add_observer) then start() from
// one thread; after start() the router, guard, filters and observers are read-only and shared by
// every I/O thread, so they must themselves be thread-safe. stop() may be called from any thread
// except the server's own I/O threads (it waits for them).

#include "engine/http/request.hpp"
#include "engine/http/response.hpp"
#include "engine/http/router.hpp"
#include "engine/http/verb.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin::http {

struct server_config {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;  // 0: an ephemeral port, see server::local_endpoint()
    std::size_t io_threads = 1;
    // A whole request (headers and body), and the first byte of the next one on an idle
    // keep-alive connection, must arrive within this; otherwise the connection is closed.
    std::chrono::milliseconds read_timeout{30'000};
    std::chrono::milliseconds write_timeout{30'000};
    // stop() lets requests in flight finish for this long, then closes their connections.
    std::chrono::milliseconds shutdown_grace{10'000};
    std::size_t body_limit = 4 * 1024 * 1024;  // larger bodies: 413
    std::size_t header_limit = 16 * 1024;      // larger request line + headers: 431
    // Both set: HTTPS only (TLS 1.2+). PEM files; the certificate file may hold the chain.
    std::string tls_certificate_file;
    std::string tls_private_key_file;
};

// Runs on the I/O thread for every well-formed request, in order of registration, after the
// router has matched (request::route() and params() are set, route() is "" for an unknown path)
// and before 404/405 and the handler: an unauthenticated request for an unknown path gets the
// filter's 401, not a 404. Returning a response answers the request with it and skips the rest;
// nullopt passes on. May modify the request (e.g. set attributes). May throw tocsin::error.
// Must not block.
using filter = std::function<std::optional<response>(request&)>;

// Decides whether the caller may have the request served; one per server (server::set_guard).
// Runs on the connection's strand for every well-formed request, after routing and before the
// filters, 404/405 and the handler, so that an anonymous caller learns nothing about which paths
// exist. `target` is the matched route (its options.permission says what it needs), null when
// the path or method matched none. nullopt lets the request through; a response (401, 403,
// 429…) answers it. May modify the request (set the caller's attributes), may co_await (a
// store lookup offloaded to a pool, never a blocking call on the I/O thread) and may throw
// tocsin::error. Must be thread-safe: every I/O thread calls the same guard.
using guard = std::function<boost::asio::awaitable<std::optional<response>>(request& req,
                                                                            const route* target)>;

// What observers see once per answered request, after the response was written (or failed to).
struct exchange_record {
    verb method = verb::other;
    std::string_view
        route;  // the matched template; "" when none matched or the request was malformed
    int status = 0;
    std::chrono::nanoseconds
        latency{};  // from the end of the request headers to the written response
    std::size_t request_body_bytes = 0;
    std::size_t response_body_bytes = 0;
    bool written = false;  // false when the connection failed before the response was sent
};
// Called on I/O threads, concurrently; must be thread-safe and quick. Exceptions are logged.
using observer = std::function<void(const exchange_record&)>;

class server {
  public:
    server(server_config config, router routes);
    ~server();  // stop()
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Before start() only (std::logic_error otherwise).
    void set_guard(guard g);
    void add_filter(filter f);
    void add_observer(observer o);

    // Loads TLS material, binds, listens and starts the I/O threads. Throws
    // tocsin::error(errc::config) when the address cannot be bound or TLS files cannot be
    // loaded; std::logic_error when called twice.
    void start();

    // Graceful stop, blocking: stop accepting (new connections are refused once it returns),
    // close idle connections, let requests in flight finish within shutdown_grace (their
    // responses carry "Connection: close"), then close what is left and join the I/O threads.
    // Idempotent. std::logic_error when called from one of the server's I/O threads.
    void stop();

    bool running() const;
    bool secure() const;
    // The bound address and port; valid after start().
    endpoint local_endpoint() const;
    // "http://127.0.0.1:41234" / "https://..."; valid after start().
    std::string base_url() const;
    std::size_t open_connections() const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace tocsin::http
