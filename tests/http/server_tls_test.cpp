// HTTPS with a self-signed certificate made for the test by the openssl CLI.

#include "engine/http/url.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tocsin::test {
namespace {

using http::request;
using http::response;
using http::verb;

class HttpTls : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new temp_dir();
        const std::string command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
            "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
            (*dir_ / "key.pem").string() + "' -out '" + (*dir_ / "cert.pem").string() +
            "' >/dev/null 2>&1";
        generated_ = std::system(command.c_str()) == 0;
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    void SetUp() override { ASSERT_TRUE(generated_) << "openssl could not make a certificate"; }

    static http::server_config tls_config() {
        auto config = test_config();
        config.tls_certificate_file = (*dir_ / "cert.pem").string();
        config.tls_private_key_file = (*dir_ / "key.pem").string();
        return config;
    }
    static http_client_options verified() {
        http_client_options options;
        options.tls = true;
        options.ca_file = (*dir_ / "cert.pem").string();
        options.tls_host = "localhost";
        return options;
    }
    static http::router routes() {
        http::router r;
        r.add(verb::get, "/whoami", [](request& req) {
            return response::json(
                200, {{"secure", req.secure()}, {"self", http::absolute_url(req, req.target())}});
        });
        r.add(verb::post, "/size",
              [](request& req) { return response::text(200, std::to_string(req.body().size())); });
        return r;
    }

    static inline temp_dir* dir_ = nullptr;
    static inline bool generated_ = false;
};

TEST_F(HttpTls, ServesRequestsOverVerifiedTls) {
    http::server server(tls_config(), routes());
    server.start();
    EXPECT_TRUE(server.secure());
    EXPECT_EQ(server.base_url().rfind("https://", 0), 0u);
    auto client = client_for(server, verified());
    const auto reply = client.get("/whoami?x=1", {{"Host", "localhost:8443"}});
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json(),
              (nlohmann::json{{"secure", true}, {"self", "https://localhost:8443/whoami?x=1"}}));
    // Keep-alive over TLS, with a body.
    EXPECT_EQ(client.request("POST", "/size", std::string(100'000, 'z')).body, "100000");
}

TEST_F(HttpTls, PlainHttpOnTheTlsPortIsDroppedAndTheServerCarriesOn) {
    http::server server(tls_config(), routes());
    server.start();
    auto plain = client_for(server);
    EXPECT_THROW(plain.get("/whoami"), std::runtime_error);
    auto client = client_for(server, verified());
    EXPECT_EQ(client.get("/whoami").status, 200);
}

TEST_F(HttpTls, LimitsApplyOverTls) {
    auto config = tls_config();
    config.body_limit = 1024;
    http::server server(config, routes());
    server.start();
    auto client = client_for(server, verified());
    const auto reply = client.request("POST", "/size", std::string(8192, 'z'));
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(arm_code(reply), "RequestEntityTooLarge");
}

TEST_F(HttpTls, MissingOrMismatchedKeyMaterialIsAConfigError) {
    auto config = tls_config();
    config.tls_private_key_file.clear();
    http::server half(config, routes());
    EXPECT_THROW(half.start(), tocsin::error);

    config = tls_config();
    config.tls_private_key_file = (*dir_ / "absent.pem").string();
    http::server missing(config, routes());
    try {
        missing.start();
        FAIL() << "started without a key";
    } catch (const tocsin::error& e) {
        EXPECT_EQ(e.code(), errc::config);
    }
}

}  // namespace
}  // namespace tocsin::test
