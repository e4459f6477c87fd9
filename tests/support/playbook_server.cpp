#include "tests/support/playbook_server.hpp"

#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

namespace tocsin::test {

server_process::options playbook_server_options(const std::filesystem::path& root,
                                                const playbook_files& playbooks,
                                                std::string_view log_level) {
    const auto playbook_dir = root / "playbooks";
    std::filesystem::create_directories(playbook_dir);
    for (const auto& [file, source] : playbooks)
        std::ofstream(playbook_dir / file) << source;
    server_process::options opts;
    opts.data_dir = root / "data";
    opts.env = {{"TOCSIN_PLAYBOOK_DIRS", playbook_dir.string()},
                {"TOCSIN_STORE_SQLITE_SYNCHRONOUS", "normal"},
                {"TOCSIN_LOG_LEVEL", std::string(log_level)}};
    return opts;
}

nlohmann::json wait_for_run(http_client& api, const std::string& run_id,
                            const server_process* server) {
    nlohmann::json last;
    for (int i = 0; i < 200; ++i) {
        const auto reply = api.get("/api/v1/runs/" + run_id);
        if (reply.status == 200) {
            last = reply.json();
            if (last.value("status", "running") != "running")
                return last;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "run " << run_id << " did not end: " << last.dump() << "\n"
                  << (server ? server->log() : std::string());
    return last;
}

std::string default_workspace_arm() {
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
