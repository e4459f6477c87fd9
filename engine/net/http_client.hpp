#pragma once
// An asynchronous HTTP/1.1 client for plugins (Boost.Beast over Asio): one request per
// connection, http or https. No thread waits: the exchange is a coroutine on its own strand of
// the given executor, and `done` is called once, from an I/O thread, with the response or an
// error. HTTPS verifies the peer against the system trust store (OpenSSL default paths, plus
// `ca_file` when given) and the host name, and sends SNI.
//
// Any HTTP status is a response, 5xx included; errors are transport failures only:
//   invalid_argument  bad URL, method or header                          (final)
//   not_found         the host name does not resolve                     (final)
//   unavailable       connection refused/reset, DNS temporarily failing,
//                     closed or malformed response, TLS handshake failure (retryable)
//   timeout           no complete response within `timeout`             (retryable)
//   unauthenticated   the server's certificate failed verification       (final)
//   limit_exceeded    the response is larger than max_response_bytes     (final)

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "engine/error.hpp"

namespace tocsin::net {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_request {
    std::string method = "GET";
    std::string url;  // absolute http(s) URL, query included
    header_list headers;
    std::string body;
    std::chrono::milliseconds timeout{30000};  // the whole exchange, DNS to last byte
    bool verify_tls = true;
    std::string ca_file;  // extra PEM trust anchors, e.g. a private CA
    std::size_t max_response_bytes = 10 * 1024 * 1024;
};

struct http_response {
    unsigned status = 0;
    std::string reason;
    header_list headers;  // as received
    std::string body;

    // The first header of that name, ignoring case.
    std::optional<std::string> header(std::string_view name) const;
};

using http_completion = std::function<void(result<http_response>)>;

void async_http_request(boost::asio::any_io_executor io, http_request request,
                        http_completion done);

}  // namespace tocsin::net
