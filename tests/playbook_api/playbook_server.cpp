#include "tests/playbook_api/playbook_server.hpp"

#include <signal.h>

namespace tocsin::test {

std::unique_ptr<temp_dir> playbook_server_test::dir_;
std::unique_ptr<server_process> playbook_server_test::server_;

void playbook_server_test::start_server(const playbook_files& playbooks, env_list env) {
    dir_ = std::make_unique<temp_dir>();
    auto opts = playbook_server_options(dir_->path(), playbooks);
    for (auto& e : env)
        opts.env.push_back(std::move(e));
    server_ = std::make_unique<server_process>(std::move(opts));
    server_->start();
}

void playbook_server_test::stop_server() {
    if (server_ && server_->running()) {
        EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->log();
    }
    server_.reset();
    dir_.reset();
}

void playbook_server_test::SetUp() {
    // The Admin token the server bootstrapped with; webhooks authenticate on their own and
    // ignore it (their tests send what the webhook asks for).
    http_client_options options;
    options.bearer_token = std::string(test_admin_token);
    client_ = std::make_unique<http_client>("127.0.0.1", server_->port(), std::move(options));
}

nlohmann::json playbook_server_test::wait_for_run(const std::string& run_id) {
    return test::wait_for_run(client(), run_id, server_.get());
}

}  // namespace tocsin::test
