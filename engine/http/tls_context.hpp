#pragma once
// Internal to engine/http: the server-side TLS context built from server_config.

#include "engine/http/server.hpp"

#include <memory>

namespace boost::asio::ssl {
class context;
}

namespace tocsin::http::detail {

// Null when neither TLS file is configured. TLS 1.2 or later. Throws tocsin::error(errc::config)
// when only one file is set or the files cannot be loaded or do not belong together.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const server_config& config);

}  // namespace tocsin::http::detail
