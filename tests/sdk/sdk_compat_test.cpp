// Compatibility with an unmodified official client of the Sentinel API: Microsoft's published
// JavaScript SDK (@azure/arm-securityinsight, pinned in tests/sdk/package.json and installed by
// `scripts/install-deps.sh --test`) runs the steps of sentinel_sdk_check.mjs against the real
// server over HTTPS (the SDK sends bearer tokens over TLS only).
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

namespace fs = std::filesystem;

const fs::path sdk_dir = fs::path(TOCSIN_SOURCE_DIR) / "tests" / "sdk";
constexpr std::string_view subscription = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";
constexpr std::string_view resource_group = "soc-rg";
constexpr std::string_view workspace = "sdk-ws";

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

struct shell_result {
    int status = -1;
    std::string output;
};

shell_result shell(const std::string& command) {
    shell_result out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return out;
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe))
        out.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    out.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return out;
}

TEST(SentinelSdk, OfficialJavaScriptClientWorksUnmodified) {
    ASSERT_TRUE(fs::exists(sdk_dir / "node_modules" / "@azure" / "arm-securityinsight"))
        << "the SDK is not installed: run `scripts/install-deps.sh --test` (or `npm ci --prefix "
        << sdk_dir.string() << "`)";
    temp_dir dir;
    const auto cert = dir / "cert.pem";
    const auto key = dir / "key.pem";
    const auto made = shell(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
        quoted(key.string()) + " -out " + quoted(cert.string()));
    ASSERT_EQ(made.status, 0) << made.output;

    server_process::options serve;
    serve.data_dir = dir / "data";
    // No playbooks: the shipped samples would change incidents behind the SDK's back (a label on
    // every new incident), and the steps check etags.
    fs::create_directories(dir / "no-playbooks");
    serve.extra_args = {"--set", "http.tls_cert=" + cert.string(),
                        "--set", "http.tls_key=" + key.string(),
                        "--set", "playbooks.dirs=" + (dir / "no-playbooks").string()};
    server_process server(serve);
    server.start();

    // The SDK cannot ingest alerts (Sentinel's detectors do); Tocsin's own route does it here.
    http_client_options options;
    options.tls = true;
    options.ca_file = cert.string();
    options.bearer_token = std::string(test_admin_token);
    http_client client("127.0.0.1", server.port(), options);
    const auto ingested = client.send_json(
        "POST",
        "/api/v1/subscriptions/" + std::string(subscription) + "/resourceGroups/" +
            std::string(resource_group) + "/workspaces/" + std::string(workspace) + "/alerts",
        {{"systemAlertId", "sdk-alert-1"},
         {"alertDisplayName", "Sign-in from a TOR exit node"},
         {"severity", "High"},
         {"productName", "Azure Active Directory Identity Protection"},
         {"entities", {{{"kind", "Ip"}, {"address", "185.220.101.4"}}}}});
    ASSERT_EQ(ingested.status, 201) << ingested.body;

    const std::string https_url = "https://127.0.0.1:" + std::to_string(server.port());
    const auto run =
        shell("cd " + quoted(sdk_dir.string()) + " && TOCSIN_URL=" + quoted(https_url) +
              " TOCSIN_TOKEN=" + quoted(std::string(test_admin_token)) +
              " SDK_SUBSCRIPTION=" + quoted(std::string(subscription)) +
              " SDK_RESOURCE_GROUP=" + quoted(std::string(resource_group)) +
              " SDK_WORKSPACE=" + quoted(std::string(workspace)) + " SDK_ALERT_ID=sdk-alert-1" +
              " NODE_EXTRA_CA_CERTS=" + quoted(cert.string()) + " node sentinel_sdk_check.mjs");
    EXPECT_EQ(run.status, 0) << run.output << "\n--- server log ---\n" << server.log();
    EXPECT_NE(run.output.find("all steps passed"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace tocsin::test
