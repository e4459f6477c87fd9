// GET /metrics on the real server: Prometheus text with request, store and process series.
#include <optional>
#include <regex>
#include <sstream>

#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class Metrics : public api_test {
  protected:
    // The value of the first sample whose line starts with `series` (name plus labels).
    static std::optional<double> sample(const std::string& text, const std::string& series) {
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with(series + " "))
                return std::stod(line.substr(series.size() + 1));
        return std::nullopt;
    }
};

TEST_F(Metrics, ServesPrometheusTextToAReader) {
    const auto reply = client().get("/metrics");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("Content-Type").value_or(""),
              "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(reply.body.find("# TYPE process_resident_memory_bytes gauge"), std::string::npos);
    EXPECT_GT(sample(reply.body, "process_resident_memory_bytes").value_or(0), 1e6);
    EXPECT_NE(reply.body.find("# TYPE tocsin_playbook_runs_active gauge"), std::string::npos);
    EXPECT_NE(reply.body.find("tocsin_build_info{version=\""), std::string::npos);
}

TEST_F(Metrics, CountsRequestsByRouteTemplateAndStatus) {
    put_incident("1f6d9c3e-2b4a-4c5d-8e7f-0a1b2c3d4e5f", {{"title", "Counted"}});
    ASSERT_EQ(get("incidents/does-not-exist").status, 404);
    const auto text = client().get("/metrics").body;
    // The template, not the path: label values stay bounded whatever clients request.
    EXPECT_EQ(text.find("1f6d9c3e-2b4a-4c5d-8e7f-0a1b2c3d4e5f"), std::string::npos);
    const std::regex put_created(
        R"(tocsin_http_requests_total\{method="PUT",route="[^"]*incidents/\{[A-Za-z]+\}",status="201"\} [1-9])");
    EXPECT_TRUE(std::regex_search(text, put_created)) << text.substr(0, 4000);
    const std::regex get_missing(
        R"(tocsin_http_requests_total\{method="GET",route="[^"]*incidents/\{[A-Za-z]+\}",status="404"\} [1-9])");
    EXPECT_TRUE(std::regex_search(text, get_missing));
    EXPECT_NE(text.find("tocsin_http_request_duration_seconds_bucket{method=\"PUT\""),
              std::string::npos);
}

TEST_F(Metrics, TimesStoreTransactions) {
    put_incident("2a6d9c3e-2b4a-4c5d-8e7f-0a1b2c3d4e5f", {{"title", "Stored"}});
    ASSERT_EQ(get("incidents/2a6d9c3e-2b4a-4c5d-8e7f-0a1b2c3d4e5f").status, 200);
    const auto text = client().get("/metrics").body;
    EXPECT_GE(
        sample(text, "tocsin_store_transaction_duration_seconds_count{kind=\"write\"}").value_or(0),
        1);
    EXPECT_GE(
        sample(text, "tocsin_store_transaction_duration_seconds_count{kind=\"read\"}").value_or(0),
        1);
    EXPECT_GE(sample(text, "tocsin_store_writer_wait_seconds_count").value_or(0), 1);
}

TEST_F(Metrics, NeedsAToken) {
    http_client anonymous("127.0.0.1", port());
    const auto reply = anonymous.get("/metrics");
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(error_code(reply), "AuthenticationFailed");
}

}  // namespace
}  // namespace tocsin::test
