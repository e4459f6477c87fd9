#include "tests/playbook_api/playbook_server.hpp"

#include <signal.h>

#include <fstream>
#include <thread>

namespace tocsin::test {

std::unique_ptr<temp_dir> playbook_server_test::dir_;
std::unique_ptr<server_process> playbook_server_test::server_;

void playbook_server_test::start_server(
    const std::vector<std::pair<std::string, std::string>>& playbooks,
    std::vector<std::pair<std::string, std::string>> env) {
    dir_ = std::make_unique<temp_dir>();
    const auto playbook_dir = dir_->path() / "playbooks";
    std::filesystem::create_directories(playbook_dir);
    for (const auto& [file, source] : playbooks)
        std::ofstream(playbook_dir / file) << source;
    server_process::options opts;
    opts.data_dir = dir_->path() / "data";
    opts.env = {{"TOCSIN_PLAYBOOK_DIRS", playbook_dir.string()},
                {"TOCSIN_STORE_SQLITE_SYNCHRONOUS", "normal"},
                {"TOCSIN_LOG_LEVEL", "warn"}};
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
    nlohmann::json last;
    for (int i = 0; i < 200; ++i) {
        const auto reply = client().get("/api/v1/runs/" + run_id);
        if (reply.status == 200) {
            last = reply.json();
            if (last["status"] != "running")
                return last;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "run " << run_id << " did not end: " << last.dump() << "\n" << server_->log();
    return last;
}

std::string playbook_server_test::default_workspace_arm() {
    return "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/tocsin/providers/"
           "Microsoft.OperationalInsights/workspaces/default/providers/Microsoft.SecurityInsights";
}

std::string error_code_of(const http_reply& reply) {
    try {
        return reply.json()["error"]["code"].get<std::string>();
    } catch (const std::exception&) {
        return "(no ARM error body: " + reply.body + ")";
    }
}

}  // namespace tocsin::test
