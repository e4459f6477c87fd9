#pragma once
// The fixture of the API integration tests: one real `tocsin serve` per test suite (fresh data
// directory, loopback, ephemeral port), and per test a workspace of its own so tests within a
// suite never see each other's incidents.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

using nlohmann::json;

inline constexpr std::string_view test_subscription = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";
inline constexpr std::string_view test_resource_group = "myRg";
// The actor name of every change the tests make: the Admin token the server bootstraps with
// (test_admin_token) is named "bootstrap".
inline constexpr std::string_view test_actor_name = "bootstrap";
// The request body limit the test server runs with (so 413 is cheap to provoke).
inline constexpr std::size_t test_body_limit = 1024 * 1024;

// How a suite's server differs from the default one.
struct server_setup {
    bool route_alerts = false;  // server_process::options::route_alerts
    std::vector<std::string> extra_args{};
    // Playbook files (name → Lua source) in the server's playbook directory.
    std::vector<std::pair<std::string, std::string>> playbooks{};
    std::size_t body_limit = test_body_limit;  // http.max_body_bytes
};

class api_test : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_server({}); }
    static void TearDownTestSuite();
    // For suites that need another server: call from their own SetUpTestSuite.
    static void start_server(server_setup setup);
    void SetUp() override;

    static std::uint16_t port();
    static std::string server_log();

    // "/subscriptions/…/workspaces/<this test's workspace>/providers/Microsoft.SecurityInsights"
    std::string prefix() const;
    // prefix() + "/" + suffix + "?api-version=<version>" (+ "&" + query).
    std::string arm(std::string_view suffix, std::string_view query = {},
                    std::string_view version = "2025-09-01") const;

    http_reply get(std::string_view suffix, std::string_view query = {}, header_list headers = {});
    http_reply put(std::string_view suffix, const json& body, header_list headers = {},
                   std::string_view query = {});
    http_reply post(std::string_view suffix);
    http_reply del(std::string_view suffix, header_list headers = {});

    // PUT incidents/{name} with {"properties": properties}; asserts 200/201; returns the body.
    json put_incident(std::string_view name, json properties);
    // POSTs one alert to the ingest route of this test's workspace; returns the reply.
    http_reply ingest(const json& body, std::string_view workspace = {});
    // Ingests an alert with that id (and the given entities); asserts 200/201.
    void ingest_alert(std::string_view id, json entities = json::array(),
                      std::string_view product = "Tocsin Test");
    // PUT relations/{relation} linking the alert to the incident; returns the reply.
    http_reply relate(std::string_view incident, std::string_view relation, std::string_view alert,
                      std::string_view query = {});

    http_client& client() { return *client_; }
    // The body of GET `suffix` once `done(body)` holds (checked every 20 ms, for up to 10 s:
    // the alert pipeline and automation rules act after the request that caused them returns).
    // Fails the test, with the last body, when it never does.
    json wait_for(std::string_view suffix, const std::function<bool(const json&)>& done,
                  std::string_view query = {});

    std::string workspace_;

  private:
    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;
    std::unique_ptr<http_client> client_;
};

// The error body's code and message, for compact assertions.
std::string error_code(const http_reply& reply);
std::string error_message(const http_reply& reply);

}  // namespace tocsin::test
