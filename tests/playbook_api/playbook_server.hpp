#pragma once
// A real `tocsin serve` with a playbook directory of the test's own, for the webhook and
// playbook-run routes.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

class playbook_server_test : public ::testing::Test {
  protected:
    // Writes the playbooks under the suite's playbook directory, then starts the server with
    // `env` added (e.g. TOCSIN_SECRET_* values).
    static void start_server(const std::vector<std::pair<std::string, std::string>>& playbooks,
                             std::vector<std::pair<std::string, std::string>> env = {});
    static void stop_server();

    http_client& client() { return *client_; }
    void SetUp() override;

    // Polls GET /api/v1/runs/{id} until the run has ended (or ~10 s); returns the last record.
    nlohmann::json wait_for_run(const std::string& run_id);
    // The workspace actions of runs use by default, as an ARM prefix.
    static std::string default_workspace_arm();

    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;

  private:
    std::unique_ptr<http_client> client_;
};

std::string error_code_of(const http_reply& reply);

}  // namespace tocsin::test
