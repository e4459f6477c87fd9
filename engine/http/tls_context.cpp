#include "engine/http/tls_context.hpp"

#include "engine/error.hpp"

#include <boost/asio/ssl/context.hpp>

namespace tocsin::http::detail {

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const server_config& config) {
    namespace ssl = boost::asio::ssl;
    const bool has_cert = !config.tls_certificate_file.empty();
    const bool has_key = !config.tls_private_key_file.empty();
    if (!has_cert && !has_key)
        return nullptr;
    if (has_cert != has_key) {
        throw tocsin::error(errc::config,
                            "HTTPS needs both a certificate file and a private key file");
    }
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    boost::system::error_code ec;
    context->use_certificate_chain_file(config.tls_certificate_file, ec);
    if (ec) {
        throw tocsin::error(errc::config, "cannot load the TLS certificate '" +
                                              config.tls_certificate_file + "': " + ec.message());
    }
    context->use_private_key_file(config.tls_private_key_file, ssl::context::pem, ec);
    if (ec) {
        throw tocsin::error(errc::config, "cannot load the TLS private key '" +
                                              config.tls_private_key_file + "': " + ec.message());
    }
    return context;
}

}  // namespace tocsin::http::detail
