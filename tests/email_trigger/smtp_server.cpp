#include "tests/email_trigger/smtp_server.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace tocsin::test {

smtp_server::smtp_server(const std::vector<std::pair<std::string, std::string>>& playbooks,
                         std::vector<std::pair<std::string, std::string>> env) {
    dir = std::make_unique<temp_dir>();
    const auto playbook_dir = dir->path() / "playbooks";
    std::filesystem::create_directories(playbook_dir);
    for (const auto& [file, source] : playbooks)
        std::ofstream(playbook_dir / file) << source;
    server_process::options opts;
    opts.data_dir = dir->path() / "data";
    opts.env = {{"TOCSIN_PLAYBOOK_DIRS", playbook_dir.string()},
                {"TOCSIN_STORE_SQLITE_SYNCHRONOUS", "normal"},
                {"TOCSIN_LOG_LEVEL", "info"},
                {"TOCSIN_EMAIL_LISTEN", "127.0.0.1:0"},
                {"TOCSIN_EMAIL_HOSTNAME", "mx.contoso.test"}};
    for (auto& e : env)
        opts.env.push_back(std::move(e));
    process = std::make_unique<server_process>(std::move(opts));
    process->start();
    // Printed with the API's line, once the engine runs; the API's line has been seen.
    const std::regex announced(R"(tocsin: smtp listening on 127\.0\.0\.1:(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch m;
        const auto log = process->log();
        if (std::regex_search(log, m, announced)) {
            smtp_port = static_cast<std::uint16_t>(std::stoi(m[1]));
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (smtp_port == 0)
        throw std::runtime_error("the SMTP receiver did not announce its port:\n" + process->log());
    http_client_options options;
    options.bearer_token = std::string(test_admin_token);
    api = std::make_unique<http_client>("127.0.0.1", process->port(), std::move(options));
}

smtp_server::~smtp_server() {
    if (process && process->running()) {
        EXPECT_EQ(process->stop(SIGTERM), 0) << process->log();
    }
}

nlohmann::json smtp_server::runs(const std::string& playbook) {
    const auto reply = api->get("/api/v1/runs?playbook=" + playbook);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.json()["value"] : nlohmann::json::array();
}

nlohmann::json smtp_server::wait_for_run(const std::string& playbook, const std::string& subject) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& summary : runs(playbook)) {
            if (summary["status"] == "running")
                continue;
            const auto reply = api->get("/api/v1/runs/" + summary["id"].get<std::string>());
            if (reply.status != 200)
                continue;
            auto record = reply.json();
            if (record["trigger"]["payload"].value("subject", "") == subject)
                return record;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no finished run of '" << playbook << "' for the subject '" << subject
                  << "':\n"
                  << process->log();
    return nullptr;
}

int smtp_server::curl(const std::vector<std::string>& arguments, std::string* output) {
    const auto out_file = dir->path() / "curl.out";
    std::string command = "curl -sS --max-time 30";
    for (const auto& a : arguments)
        command += " '" + a + "'";
    command += " > '" + out_file.string() + "' 2>&1";
    const int status = std::system(command.c_str());
    if (output) {
        std::ifstream in(out_file);
        std::stringstream text;
        text << in.rdbuf();
        *output = text.str();
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace tocsin::test
