#include "tests/templates/template_engine.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "tests/support/playbook_server.hpp"

namespace tocsin::test {

std::string templates_source_dir() {
    return std::string(TOCSIN_SOURCE_DIR) + "/playbooks/templates";
}

template_engine::template_engine(template_engine_options options) {
    auto opts = playbook_server_options(dir_.path(), {}, "info");
    const auto playbooks = dir_.path() / "playbooks";
    for (const auto& t : options.templates) {
        std::vector<std::string> args{
            "templates", "enable",          t.name, "--templates", templates_source_dir(),
            "--to",      playbooks.string()};
        for (const auto& p : t.params)
            args.insert(args.end(), {"--param", p});
        const auto enabled = run_tocsin(args, {{"TOCSIN_PLAYBOOK_DIRS", playbooks.string()}});
        if (enabled.status != 0)
            throw std::runtime_error("tocsin templates enable " + t.name +
                                     " failed: " + enabled.output);
    }
    const auto config_file = dir_.path() / "tocsin.json";
    std::ofstream(config_file) << options.config.dump(2);
    opts.route_alerts = options.route_alerts;
    opts.extra_args = {"--config", config_file.string()};
    if (options.smtp)
        opts.env.insert(opts.env.end(), {{"TOCSIN_EMAIL_LISTEN", "127.0.0.1:0"},
                                         {"TOCSIN_EMAIL_HOSTNAME", "mx.contoso.test"}});
    process_ = std::make_unique<server_process>(std::move(opts));
    process_->start();
    if (options.smtp) {
        const std::regex announced(R"(tocsin: smtp listening on 127\.0\.0\.1:(\d+))");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (smtp_port_ == 0 && std::chrono::steady_clock::now() < deadline) {
            std::smatch m;
            const auto text = process_->log();
            if (std::regex_search(text, m, announced))
                smtp_port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (smtp_port_ == 0)
            throw std::runtime_error("no SMTP receiver announced:\n" + process_->log());
    }
    http_client_options client;
    client.bearer_token = std::string(test_admin_token);
    client.timeout = std::chrono::seconds(20);
    api_ = std::make_unique<http_client>("127.0.0.1", process_->port(), std::move(client));
}

template_engine::~template_engine() {
    if (process_ && process_->running()) {
        EXPECT_EQ(process_->stop(SIGTERM), 0) << process_->log();
    }
}

std::string template_engine::arm(const std::string& suffix, const std::string& query,
                                 const std::string& version) {
    return default_workspace_arm() + "/" + suffix + "?api-version=" + version +
           (query.empty() ? "" : "&" + query);
}

json template_engine::ended_runs(const std::string& playbook, std::size_t count) {
    json last;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto reply = api_->get("/api/v1/runs?playbook=" + playbook);
        if (reply.status == 200) {
            last = reply.json()["value"];
            json ended = json::array();
            for (const auto& r : last)
                if (r.value("status", "running") != "running") {
                    const auto full = api_->get("/api/v1/runs/" + r["id"].get<std::string>());
                    if (full.status == 200)
                        ended.push_back(full.json());
                }
            if (ended.size() >= count)
                return ended;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "fewer than " << count << " ended runs of '" << playbook
                  << "': " << last.dump() << "\n"
                  << process_->log();
    return json::array();
}

json template_engine::wait_for(const std::string& suffix,
                               const std::function<bool(const json&)>& done) {
    json body;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto reply = api_->get(arm(suffix));
        if (reply.status == 200) {
            body = reply.json();
            if (done(body))
                return body;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "GET " << suffix << " never satisfied the test; last: " << body.dump();
    return body;
}

json template_engine::create_incident(const std::string& name, json properties) {
    const auto reply =
        api_->send_json("PUT", arm("incidents/" + name), {{"properties", std::move(properties)}});
    EXPECT_TRUE(reply.status == 200 || reply.status == 201) << reply.status << " " << reply.body;
    return reply.json();
}

json template_engine::incident(const std::string& name) {
    const auto reply = api_->get(arm("incidents/" + name));
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.json() : json();
}

json template_engine::comments(const std::string& incident) {
    const auto reply = api_->get(arm("incidents/" + incident + "/comments"));
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.json()["value"] : json::array();
}

void template_engine::ingest(json alert) {
    const auto target =
        "/api/v1/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/tocsin/"
        "workspaces/default/alerts";
    const auto reply = api_->send_json("POST", target, alert);
    EXPECT_TRUE(reply.status == 200 || reply.status == 201) << reply.status << " " << reply.body;
}

}  // namespace tocsin::test
