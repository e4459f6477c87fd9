#include "tests/api/api_fixture.hpp"

#include "tests/support/playbook_server.hpp"

#include <chrono>
#include <fstream>
#include <thread>

#include <signal.h>

#include <atomic>

namespace tocsin::test {

std::unique_ptr<temp_dir> api_test::dir_;
std::unique_ptr<server_process> api_test::server_;

void api_test::start_server(server_setup setup) {
    dir_ = std::make_unique<temp_dir>();
    auto opts = playbook_server_options(dir_->path(), setup.playbooks);
    opts.route_alerts = setup.route_alerts;
    opts.extra_args = std::move(setup.extra_args);
    opts.env.emplace_back("TOCSIN_HTTP_MAX_BODY_BYTES", std::to_string(setup.body_limit));
    server_ = std::make_unique<server_process>(std::move(opts));
    server_->start();
}

void api_test::TearDownTestSuite() {
    if (server_ && server_->running()) {
        EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->log();
    }
    server_.reset();
    dir_.reset();
}

void api_test::SetUp() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    workspace_ = "ws" + std::to_string(++counter) + "-" + info->name();
    for (auto& c : workspace_)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '-';
    // Every request carries the Admin token the server bootstrapped with; tests about
    // authentication itself live in tests/auth.
    http_client_options options;
    options.bearer_token = std::string(test_admin_token);
    client_ = std::make_unique<http_client>("127.0.0.1", port(), std::move(options));
}

std::uint16_t api_test::port() {
    return server_->port();
}

std::string api_test::server_log() {
    return server_->log();
}

std::string api_test::prefix() const {
    return "/subscriptions/" + std::string(test_subscription) + "/resourceGroups/" +
           std::string(test_resource_group) +
           "/providers/Microsoft.OperationalInsights/workspaces/" + workspace_ +
           "/providers/Microsoft.SecurityInsights";
}

std::string api_test::arm(std::string_view suffix, std::string_view query,
                          std::string_view version) const {
    std::string out = prefix() + "/" + std::string(suffix) + "?api-version=" + std::string(version);
    if (!query.empty())
        out += "&" + std::string(query);
    return out;
}

http_reply api_test::get(std::string_view suffix, std::string_view query, header_list headers) {
    return client_->get(arm(suffix, query), std::move(headers));
}

http_reply api_test::put(std::string_view suffix, const json& body, header_list headers,
                         std::string_view query) {
    return client_->send_json("PUT", arm(suffix, query), body, std::move(headers));
}

http_reply api_test::post(std::string_view suffix) {
    return client_->request("POST", arm(suffix));
}

http_reply api_test::del(std::string_view suffix, header_list headers) {
    return client_->request("DELETE", arm(suffix), {}, std::move(headers));
}

json api_test::put_incident(std::string_view name, json properties) {
    const auto reply = put("incidents/" + std::string(name), {{"properties", properties}});
    EXPECT_TRUE(reply.status == 200 || reply.status == 201) << reply.status << " " << reply.body;
    return reply.json();
}

http_reply api_test::ingest(const json& body, std::string_view workspace) {
    const std::string target = "/api/v1/subscriptions/" + std::string(test_subscription) +
                               "/resourceGroups/" + std::string(test_resource_group) +
                               "/workspaces/" +
                               std::string(workspace.empty() ? workspace_ : workspace) + "/alerts";
    return client_->send_json("POST", target, body);
}

void api_test::ingest_alert(std::string_view id, json entities, std::string_view product) {
    const auto reply = ingest({{"systemAlertId", id},
                               {"alertDisplayName", "Alert " + std::string(id)},
                               {"severity", "Medium"},
                               {"productName", product},
                               {"timeGenerated", "2024-05-01T10:00:00Z"},
                               {"entities", std::move(entities)}});
    ASSERT_TRUE(reply.status == 200 || reply.status == 201) << reply.status << " " << reply.body;
}

http_reply api_test::relate(std::string_view incident, std::string_view relation,
                            std::string_view alert, std::string_view query) {
    const json body = {
        {"properties", {{"relatedResourceId", prefix() + "/entities/" + std::string(alert)}}}};
    return put("incidents/" + std::string(incident) + "/relations/" + std::string(relation), body,
               {}, query);
}

json api_test::wait_for(std::string_view suffix, const std::function<bool(const json&)>& done,
                        std::string_view query) {
    json body;
    for (int attempt = 0; attempt < 500; ++attempt) {
        const auto reply = get(suffix, query);
        if (reply.status == 200) {
            body = reply.json();
            if (done(body))
                return body;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "GET " << suffix
                  << " never reached the expected state; last body: " << body.dump()
                  << "\nserver log:\n"
                  << server_log();
    return body;
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
