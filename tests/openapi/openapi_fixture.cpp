#include "tests/openapi/openapi_fixture.hpp"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "tests/openapi/schema_check.hpp"
#include "tests/support/playbook_server.hpp"

namespace tocsin::test {

std::unique_ptr<temp_dir> openapi_test::dir_;
std::unique_ptr<server_process> openapi_test::server_;
std::unique_ptr<nlohmann::json> openapi_test::document_;

namespace {

constexpr std::string_view subscription = "0a7e5b2c-4f3d-4e61-9b8a-0c2d1e3f4a5b";
constexpr std::string_view resource_group = "oaRg";

// Declares the manual trigger (so every run-on-demand route accepts it) and an
// unauthenticated asynchronous webhook.
constexpr std::string_view playbook_source = R"lua(
return {
  name = "oa-probe", version = "1.0.0", description = "runs on demand and by webhook",
  triggers = { "manual", { kind = "webhook", options = { name = "oa-hook", auth = "none" } } },
  params = { note = { type = "string", default = "none", description = "a note" } },
  run = function(ctx)
    ctx.log.info("probe ran: " .. tostring(ctx.params.note))
    return { ok = true }
  end,
}
)lua";

}  // namespace

void openapi_test::SetUpTestSuite() {
    dir_ = std::make_unique<temp_dir>();
    auto opts =
        playbook_server_options(dir_->path(), {{"oa-probe.lua", std::string(playbook_source)}});
    server_ = std::make_unique<server_process>(std::move(opts));
    server_->start();
    http_client anonymous("127.0.0.1", server_->port());
    const auto reply = anonymous.get("/openapi.json");
    if (reply.status != 200)
        throw std::runtime_error("GET /openapi.json answered " + std::to_string(reply.status) +
                                 ": " + reply.body + "\n" + server_->log());
    document_ = std::make_unique<nlohmann::json>(reply.json());
}

void openapi_test::TearDownTestSuite() {
    if (server_ && server_->running()) {
        EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->log();
    }
    server_.reset();
    document_.reset();
    dir_.reset();
}

void openapi_test::SetUp() {
    static std::atomic<int> counter{0};
    workspace_ = "oa-ws" + std::to_string(++counter);
    http_client_options options;
    options.bearer_token = std::string(test_admin_token);
    client_ = std::make_unique<http_client>("127.0.0.1", port(), std::move(options));
}

const nlohmann::json& openapi_test::document() {
    return *document_;
}

std::uint16_t openapi_test::port() {
    return server_->port();
}

http_client openapi_test::anonymous() const {
    return http_client("127.0.0.1", port());
}

std::string openapi_test::arm(std::string_view suffix) const {
    return "/subscriptions/" + std::string(subscription) + "/resourceGroups/" +
           std::string(resource_group) + "/providers/Microsoft.OperationalInsights/workspaces/" +
           workspace_ + "/providers/Microsoft.SecurityInsights/" + std::string(suffix) +
           "?api-version=2025-09-01";
}

std::string openapi_test::own(std::string_view suffix) const {
    return "/api/v1/subscriptions/" + std::string(subscription) + "/resourceGroups/" +
           std::string(resource_group) + "/workspaces/" + workspace_ + "/" + std::string(suffix);
}

http_reply openapi_test::call(std::string_view method, const std::string& target,
                              const nlohmann::json& body, bool check_request) {
    auto reply = body.is_null() ? client_->request(method, target)
                                : client_->send_json(method, target, body);
    auto problems = exchange_problems(document(), method, target, reply.status,
                                      reply.header("Content-Type").value_or(""), reply.body);
    if (check_request && !body.is_null() && reply.status < 300) {
        auto more = request_problems(document(), method, target, body);
        problems.insert(problems.end(), more.begin(), more.end());
    }
    EXPECT_TRUE(problems.empty()) << joined(problems) << "\nbody: " << reply.body;
    return reply;
}

nlohmann::json openapi_test::wait_for_run(const std::string& run_id) {
    return test::wait_for_run(*client_, run_id, server_.get());
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

}  // namespace tocsin::test
