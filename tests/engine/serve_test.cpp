// The engine process as a user runs it: the real `tocsin` binary, real files, real signals.
#include <signal.h>

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tocsin/version.hpp"

namespace tocsin {
namespace {

using test::run_tocsin;

TEST(Cli, VersionAndHelp) {
    auto r = run_tocsin({"--version"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.output, "tocsin " + std::string(version_string) + "\n");
    r = run_tocsin({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.output.find("serve"), std::string::npos);
    r = run_tocsin({"serve", "--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.output.find("--listen HOST:PORT"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwoWithOneLine) {
    auto r = run_tocsin({"frobnicate"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.output, "tocsin: unknown command 'frobnicate' (try 'tocsin --help')\n");
    r = run_tocsin({"serve", "--lissten", "x"});
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.output, "tocsin: unknown option --lissten for 'serve'\n");
}

TEST(Cli, BadConfigNamesTheKeyAndExitsTwo) {
    test::temp_dir dir;
    std::ofstream(dir / "bad.json") << R"({"http": {"listen": 8080}})";
    auto r = run_tocsin({"serve", "--config", (dir / "bad.json").string()});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("config key 'http.listen'"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("expected string"), std::string::npos) << r.output;

    r = run_tocsin({"serve", "--listen", "nowhere"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("expected HOST:PORT"), std::string::npos) << r.output;

    r = run_tocsin({"serve"}, {{"TOCSIN_LOG_LEVEL", "chatty"}});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("environment TOCSIN_LOG_LEVEL"), std::string::npos) << r.output;
}

TEST(Cli, ConfigShowReflectsAllSources) {
    auto r = run_tocsin({"config", "show", "--listen", "127.0.0.1:9999"},
                        {{"TOCSIN_LOG_FORMAT", "json"}});
    ASSERT_EQ(r.status, 0) << r.output;
    const auto values = nlohmann::json::parse(r.output);
    EXPECT_EQ(values["http.listen"], "127.0.0.1:9999");
    EXPECT_EQ(values["log.format"], "json");
}

TEST(Cli, ConfigShowRedactsCredentials) {
    const std::string token = std::string(test::test_admin_token);
    auto r = run_tocsin({"config", "show"},
                        {{"TOCSIN_BOOTSTRAP_TOKEN", token},
                         {"TOCSIN_STORE_POSTGRES_URL", "postgres://soc:hunter2@db/tocsin"}});
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output.find(token), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("hunter2"), std::string::npos) << r.output;
    const auto values = nlohmann::json::parse(r.output);
    EXPECT_EQ(values["auth.bootstrap_token"], "(redacted)");
    EXPECT_EQ(values["store.postgres.url"], "(redacted)");
    EXPECT_EQ(values["auth.bootstrap_token_file"], "");  // an empty secret stays visibly unset
}

TEST(Serve, StartsOnSqliteAnswersHealthAndStopsCleanlyOnSigterm) {
    test::temp_dir dir;
    test::server_process server({dir / "data"});
    server.start();
    EXPECT_TRUE(std::filesystem::exists(dir / "data" / "tocsin.db"));
    test::http_client client("127.0.0.1", server.port());
    const auto health = client.get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(server.stop(SIGTERM), 0) << server.log();
    EXPECT_NE(server.log().find("engine stopped"), std::string::npos) << server.log();

    // The same data directory opens again: migrations see an up-to-date schema.
    server.start();
    EXPECT_EQ(server.stop(SIGINT), 0) << server.log();
}

TEST(Serve, JsonLogsAreOneObjectPerLine) {
    test::temp_dir dir;
    test::server_process server({dir / "data", {"--log-format", "json"}});
    server.start();
    ASSERT_EQ(server.stop(SIGTERM), 0);
    std::istringstream lines(server.log());
    std::string line;
    int json_lines = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("tocsin: listening", 0) == 0)
            continue;  // the readiness line on stdout
        const auto parsed = nlohmann::json::parse(line);
        EXPECT_TRUE(parsed.contains("time") && parsed.contains("level") &&
                    parsed.contains("message"));
        ++json_lines;
    }
    EXPECT_GE(json_lines, 2);
}

}  // namespace
}  // namespace tocsin
