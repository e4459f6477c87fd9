// The client over HTTPS: a server with a self-signed certificate (made by the openssl CLI) is
// refused unless its CA is given (--ca-file) or verification is skipped (--insecure).

#include <signal.h>

#include <cstdlib>

#include "tests/cli/cli_fixture.hpp"

namespace tocsin::test {
namespace {

using ::testing::StartsWith;

class cli_tls_test : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<temp_dir>();
        const std::string command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
            "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
            (*dir_ / "key.pem").string() + "' -out '" + (*dir_ / "cert.pem").string() +
            "' >/dev/null 2>&1";
        if (std::system(command.c_str()) != 0)
            return;
        std::filesystem::create_directories(dir_->path() / "playbooks");
        server_process::options opts;
        opts.data_dir = dir_->path() / "data";
        opts.env = {{"TOCSIN_PLAYBOOK_DIRS", (dir_->path() / "playbooks").string()},
                    {"TOCSIN_HTTP_TLS_CERT", (*dir_ / "cert.pem").string()},
                    {"TOCSIN_HTTP_TLS_KEY", (*dir_ / "key.pem").string()},
                    {"TOCSIN_AUTH_ENABLED", "false"},
                    {"TOCSIN_LOG_LEVEL", "warn"}};
        server_ = std::make_unique<server_process>(std::move(opts));
        server_->start();
    }
    static void TearDownTestSuite() {
        if (server_ && server_->running()) {
            EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->log();
        }
        server_.reset();
        dir_.reset();
    }
    void SetUp() override { ASSERT_TRUE(server_) << "openssl could not make a certificate"; }

    static command_result list(std::vector<std::string> more, const std::string& host) {
        std::vector<std::string> args{"incidents", "list", "--server",
                                      "https://" + host + ":" + std::to_string(server_->port())};
        args.insert(args.end(), more.begin(), more.end());
        return run_tocsin(args);
    }

    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;
};

std::unique_ptr<temp_dir> cli_tls_test::dir_;
std::unique_ptr<server_process> cli_tls_test::server_;

TEST_F(cli_tls_test, RefusesAnUntrustedCertificate) {
    const auto r = list({}, "127.0.0.1");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.output, "tocsin: the TLS certificate of https://127.0.0.1:" +
                            std::to_string(server_->port()) +
                            " failed verification: self-signed certificate (--ca-file FILE "
                            "trusts its CA; --insecure skips the check)\n");
}

TEST_F(cli_tls_test, TrustsTheGivenCaByIpAndName) {
    const auto cert = (*dir_ / "cert.pem").string();
    const auto by_ip = list({"--ca-file", cert}, "127.0.0.1");
    EXPECT_EQ(by_ip.status, 0) << by_ip.output;
    EXPECT_EQ(by_ip.output, "No incidents.\n");
    const auto by_name = run_tocsin(
        {"incidents", "list", "--server", "https://localhost:" + std::to_string(server_->port())},
        {{"TOCSIN_CA_FILE", cert}});
    EXPECT_EQ(by_name.status, 0) << by_name.output;
}

TEST_F(cli_tls_test, InsecureSkipsVerification) {
    const auto r = list({"--insecure"}, "127.0.0.1");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output, "No incidents.\n");
}

TEST_F(cli_tls_test, PlainHttpClientToTlsServerFailsWithOneLine) {
    const auto r = run_tocsin({"incidents", "list", "--timeout", "5", "--server",
                               "http://127.0.0.1:" + std::to_string(server_->port())});
    EXPECT_EQ(r.status, 1);
    EXPECT_THAT(r.output, StartsWith("tocsin: "));
    EXPECT_EQ(lines_of(r.output).size(), 1u) << r.output;
}

}  // namespace
}  // namespace tocsin::test
