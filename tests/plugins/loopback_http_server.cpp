#include "tests/plugins/loopback_http_server.hpp"

#include <cstdio>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace tocsin::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

loopback_http_server::loopback_http_server(handler h, std::shared_ptr<asio::ssl::context> tls)
    : handler_(std::move(h)),
      tls_(std::move(tls)),
      acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
}

loopback_http_server::~loopback_http_server() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        released_ = true;
    }
    released_cv_.notify_all();
    // Wakes the blocking accept().
    boost::system::error_code ec;
    tcp::socket poke(io_);
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
}

std::string loopback_http_server::url(const std::string& target) const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + target;
}

std::vector<http_request_msg> loopback_http_server::requests() const {
    std::lock_guard lock(mutex_);
    return seen_;
}

void loopback_http_server::hold() {
    std::unique_lock lock(mutex_);
    released_cv_.wait_for(lock, std::chrono::seconds(20), [this] { return released_; });
}

void loopback_http_server::release() {
    {
        std::lock_guard lock(mutex_);
        released_ = true;
    }
    released_cv_.notify_all();
}

void loopback_http_server::serve() {
    for (;;) {
        tcp::socket socket(io_);
        boost::system::error_code ec;
        acceptor_.accept(socket, ec);
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return;
        }
        if (!ec)
            serve_one(std::move(socket));
    }
}

namespace {

template <typename Stream>
bool exchange(Stream& stream, const loopback_http_server::handler& h,
              std::vector<http_request_msg>& seen, std::mutex& mutex) {
    beast::flat_buffer buffer;
    http_request_msg req;
    boost::system::error_code ec;
    bhttp::read(stream, buffer, req, ec);
    if (ec)
        return false;
    {
        std::lock_guard lock(mutex);
        seen.push_back(req);
    }
    auto res = h(req);
    res.keep_alive(false);
    res.prepare_payload();
    bhttp::write(stream, res, ec);
    return !ec;
}

}  // namespace

void loopback_http_server::serve_one(tcp::socket socket) {
    boost::system::error_code ec;
    if (!tls_) {
        exchange(socket, handler_, seen_, mutex_);
        socket.shutdown(tcp::socket::shutdown_both, ec);
        return;
    }
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec)
        return;  // e.g. the client refused our certificate
    exchange(stream, handler_, seen_, mutex_);
    stream.shutdown(ec);
}

http_response_msg make_response(unsigned status, std::string body, std::string content_type) {
    http_response_msg res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, content_type);
    res.body() = std::move(body);
    return res;
}

test_certificate make_self_signed_certificate(const std::string& dir) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    if (!key)
        throw std::runtime_error("EC key generation failed");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                                     std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    test_certificate out{dir + "/cert.pem", dir + "/key.pem"};
    FILE* f = std::fopen(out.cert_file.c_str(), "w");
    PEM_write_X509(f, cert);
    std::fclose(f);
    f = std::fopen(out.key_file.c_str(), "w");
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(cert);
    EVP_PKEY_free(key);
    return out;
}

std::shared_ptr<asio::ssl::context> server_tls_context(const test_certificate& cert) {
    auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    ctx->use_certificate_chain_file(cert.cert_file);
    ctx->use_private_key_file(cert.key_file, asio::ssl::context::pem);
    return ctx;
}

}  // namespace tocsin::test
