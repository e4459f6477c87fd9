#include "tests/auth/auth_server.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace tocsin::test {

std::unique_ptr<server_process> start_server(const temp_dir& dir,
                                             std::vector<std::pair<std::string, std::string>> env) {
    server_process::options opts;
    opts.data_dir = dir / "data";
    // No playbooks (the samples would act on the tests' incidents) and no fsync per write.
    std::filesystem::create_directories(dir / "playbooks");
    opts.env = {{"TOCSIN_PLAYBOOK_DIRS", (dir / "playbooks").string()},
                {"TOCSIN_STORE_SQLITE_SYNCHRONOUS", "normal"},
                {"TOCSIN_LOG_LEVEL", "warn"}};
    opts.env.insert(opts.env.end(), env.begin(), env.end());
    auto server = std::make_unique<server_process>(std::move(opts));
    server->start();
    return server;
}

http_client client_for(const server_process& server, std::string_view token) {
    http_client_options options;
    options.bearer_token = std::string(token);
    return http_client("127.0.0.1", server.port(), std::move(options));
}

std::string arm_path(std::string_view workspace, std::string_view suffix) {
    return "/subscriptions/" + std::string(auth_subscription) + "/resourceGroups/" +
           std::string(auth_resource_group) +
           "/providers/Microsoft.OperationalInsights/workspaces/" + std::string(workspace) +
           "/providers/Microsoft.SecurityInsights/" + std::string(suffix) +
           "?api-version=2025-09-01";
}

json create_token(http_client& admin, const json& request) {
    const auto reply = admin.send_json("POST", "/api/v1/tokens", request);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? reply.json() : json::object();
}

std::string error_code(const http_reply& reply) {
    try {
        return reply.json().at("error").at("code").get<std::string>();
    } catch (const std::exception&) {
        return "<no error body: " + reply.body + ">";
    }
}

std::string error_message(const http_reply& reply) {
    try {
        return reply.json().at("error").at("message").get<std::string>();
    } catch (const std::exception&) {
        return "<no error body: " + reply.body + ">";
    }
}

}  // namespace tocsin::test
