#pragma once
// What suites that drive playbooks through a real server share: a server that loads only the
// suite's own playbooks, waiting for a run to end, and reading ARM error codes.

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"

namespace tocsin::test {

using playbook_files = std::vector<std::pair<std::string, std::string>>;  // file name, Lua source
using env_list = std::vector<std::pair<std::string, std::string>>;

// Writes `playbooks` into root/playbooks and returns the options of a server on root/data that
// loads only those (the shipped samples, found relative to the working directory, would label
// incidents behind the test's back). Durability is not under test: synchronous=normal, since an
// fsync per write would dominate a suite's time.
server_process::options playbook_server_options(const std::filesystem::path& root,
                                                const playbook_files& playbooks,
                                                std::string_view log_level = "warn");

// Polls GET /api/v1/runs/{id} until the run has ended (about 10 s at most) and returns the last
// record; a run still going then fails the test, with `server`'s log when one is given.
nlohmann::json wait_for_run(http_client& api, const std::string& run_id,
                            const server_process* server = nullptr);

// The default workspace, where runs act unless told otherwise, as an ARM prefix.
std::string default_workspace_arm();

// The code of an ARM error body, or a description of a reply that has none.
std::string error_code_of(const http_reply& reply);

}  // namespace tocsin::test
