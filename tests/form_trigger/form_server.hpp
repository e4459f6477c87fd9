#pragma once
// A real `tocsin serve` with the form trigger's test playbooks, and two clients: a browser (no
// token; cookies passed by hand) and the API (the Admin token) to check what the runs did.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/playbook_server.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

class form_server_test : public ::testing::Test {
  protected:
    // Writes the playbooks into a fresh directory and starts the server with `env` added.
    static void start_server(const playbook_files& playbooks,
                             std::vector<std::pair<std::string, std::string>> env = {});
    static void restart_server();
    static void stop_server();

    void SetUp() override { connect(); }
    void connect();

    http_client& browser() { return *browser_; }
    http_client& api() { return *api_; }

    // Polls GET /api/v1/runs/{id} until the run has ended; returns the last record.
    nlohmann::json wait_for_run(const std::string& run_id);

    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;

  private:
    std::unique_ptr<http_client> browser_;
    std::unique_ptr<http_client> api_;
};

// What a browser keeps from GET /forms/{name}: the hidden field and the cookie.
struct loaded_form {
    std::string token;   // the _csrf field's value
    std::string cookie;  // "name=value", for a Cookie header
};
loaded_form load_form(http_client& browser, const std::string& name);

// application/x-www-form-urlencoded, as browsers encode it.
std::string url_encoded(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace tocsin::test
