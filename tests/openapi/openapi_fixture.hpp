#pragma once
// One real `tocsin serve` per suite (fresh data directory, loopback, ephemeral port) with a
// playbook that runs on demand and by webhook, so that every kind of route can be called; its
// /openapi.json, fetched once; and per test a workspace of its own.

#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

class openapi_test : public ::testing::Test {
  protected:
    static void SetUpTestSuite();
    static void TearDownTestSuite();
    void SetUp() override;

    // GET /openapi.json as the server serves it (fetched once per suite, without a token).
    static const nlohmann::json& document();
    static std::uint16_t port();

    // A client sending the bootstrap Admin token, and one sending no token at all.
    http_client& client() { return *client_; }
    http_client anonymous() const;

    // "/subscriptions/…/workspaces/<this test's workspace>/providers/Microsoft.SecurityInsights/"
    // + suffix + "?api-version=2025-09-01".
    std::string arm(std::string_view suffix) const;
    // "/api/v1/subscriptions/…/workspaces/<this test's workspace>/" + suffix.
    std::string own(std::string_view suffix) const;

    // Sends the request and checks the reply against the document (exchange_problems) and, when
    // the server accepted it (2xx), the body against the documented request schema
    // (request_problems) unless check_request is false; returns the reply.
    http_reply call(std::string_view method, const std::string& target,
                    const nlohmann::json& body = nullptr, bool check_request = true);

    // Polls GET /api/v1/runs/{id} until the run has ended (or ~10 s).
    nlohmann::json wait_for_run(const std::string& run_id);

    // The name of the suite's playbook (manual trigger and webhook "oa-hook", no auth).
    static constexpr std::string_view playbook = "oa-probe";

    std::string workspace_;

  private:
    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;
    static std::unique_ptr<nlohmann::json> document_;
    std::unique_ptr<http_client> client_;
};

// "METHOD target → status: problem" lines, one per line, for assertion messages.
std::string joined(const std::vector<std::string>& lines);

}  // namespace tocsin::test
