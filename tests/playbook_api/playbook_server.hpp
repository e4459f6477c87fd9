#pragma once
// A real `tocsin serve` with a playbook directory of the test's own, for the webhook and
// playbook-run routes.

#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/playbook_server.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

class playbook_server_test : public ::testing::Test {
  protected:
    // Writes the playbooks under the suite's playbook directory, then starts the server with
    // `env` added (e.g. TOCSIN_SECRET_* values).
    static void start_server(const playbook_files& playbooks, env_list env = {});
    static void stop_server();

    http_client& client() { return *client_; }
    void SetUp() override;

    // Polls GET /api/v1/runs/{id} until the run has ended (or ~10 s); returns the last record.
    nlohmann::json wait_for_run(const std::string& run_id);

    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;

  private:
    std::unique_ptr<http_client> client_;
};

}  // namespace tocsin::test
