#pragma once
// A real `tocsin serve` with the SMTP receiver on an ephemeral port, the e-mail trigger's test
// playbooks, and an API client (the Admin token) to see what the runs received.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

struct smtp_server {
    // Writes the playbooks into a fresh directory and starts the server with SMTP on
    // 127.0.0.1:0 and `env` added; reads the SMTP port from "tocsin: smtp listening on …".
    smtp_server(const std::vector<std::pair<std::string, std::string>>& playbooks,
                std::vector<std::pair<std::string, std::string>> env = {});
    ~smtp_server();

    std::uint16_t smtp_port = 0;
    std::unique_ptr<temp_dir> dir;
    std::unique_ptr<server_process> process;
    std::unique_ptr<http_client> api;

    // Polls the playbook's runs until one that has ended has a trigger payload for which
    // `subject` is the subject; returns the whole run record (null after the deadline).
    nlohmann::json wait_for_run(const std::string& playbook, const std::string& subject);
    // The playbook's runs, newest first (summaries, without payloads).
    nlohmann::json runs(const std::string& playbook);
    // Runs `curl smtp://…` with these arguments; returns its exit status (output in `output`).
    int curl(const std::vector<std::string>& arguments, std::string* output = nullptr);
};

}  // namespace tocsin::test
