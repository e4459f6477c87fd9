#include "tests/form_trigger/form_server.hpp"

#include <signal.h>

#include "engine/http/url.hpp"

namespace tocsin::test {

std::unique_ptr<temp_dir> form_server_test::dir_;
std::unique_ptr<server_process> form_server_test::server_;

void form_server_test::start_server(const playbook_files& playbooks,
                                    std::vector<std::pair<std::string, std::string>> env) {
    dir_ = std::make_unique<temp_dir>();
    auto opts = playbook_server_options(dir_->path(), playbooks, "info");
    for (auto& e : env)
        opts.env.push_back(std::move(e));
    server_ = std::make_unique<server_process>(std::move(opts));
    server_->start();
}

void form_server_test::restart_server() {
    ASSERT_EQ(server_->stop(SIGTERM), 0) << server_->log();
    server_->start();
}

void form_server_test::stop_server() {
    if (server_ && server_->running()) {
        EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->log();
    }
    server_.reset();
    dir_.reset();
}

void form_server_test::connect() {
    browser_ = std::make_unique<http_client>("127.0.0.1", server_->port());
    http_client_options options;
    options.bearer_token = std::string(test_admin_token);
    api_ = std::make_unique<http_client>("127.0.0.1", server_->port(), std::move(options));
}

nlohmann::json form_server_test::wait_for_run(const std::string& run_id) {
    return test::wait_for_run(api(), run_id, server_.get());
}

loaded_form load_form(http_client& browser, const std::string& name) {
    const auto reply = browser.get("/forms/" + name, {{"Accept", "text/html"}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    loaded_form out;
    const std::string marker = "name=\"_csrf\" value=\"";
    const auto at = reply.body.find(marker);
    EXPECT_NE(at, std::string::npos) << reply.body;
    if (at != std::string::npos) {
        const auto start = at + marker.size();
        out.token = reply.body.substr(start, reply.body.find('"', start) - start);
    }
    const auto cookie = reply.header("Set-Cookie").value_or("");
    out.cookie = cookie.substr(0, cookie.find(';'));
    return out;
}

std::string url_encoded(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields)
        out += (out.empty() ? "" : "&") + http::encode_component(name) + "=" +
               http::encode_component(value);
    return out;
}

}  // namespace tocsin::test
