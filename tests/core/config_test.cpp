#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "engine/core/config.hpp"
#include "engine/core/config_schema.hpp"
#include "engine/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin {
namespace {

env_lookup fake_env(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        if (it == vars.end())
            return std::nullopt;
        return it->second;
    };
}

std::string config_error(const config_sources& sources) {
    try {
        load_config(sources);
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::config);
        return e.what();
    }
    ADD_FAILURE() << "expected a config error";
    return {};
}

TEST(Config, DefaultsAreComplete) {
    const auto c = load_config({});
    EXPECT_EQ(c.http.listen.host, "127.0.0.1");
    EXPECT_EQ(c.http.listen.port, 8080);
    EXPECT_EQ(c.store.backend, "sqlite");
    EXPECT_EQ(c.store.sqlite_file, std::filesystem::path("./data") / "tocsin.db");
    EXPECT_GE(c.engine.io_threads, 1u);
    for (const auto& o : config_options()) {
        EXPECT_TRUE(c.values.contains(std::string(o.key))) << o.key;
        EXPECT_FALSE(o.description.empty()) << o.key;
        EXPECT_EQ(o.env.substr(0, 7), "TOCSIN_") << o.key;
    }
}

TEST(Config, LaterSourcesWin) {
    test::temp_dir dir;
    const auto file = dir / "tocsin.json";
    std::ofstream(file) << R"({
        // comments are allowed
        "http": {"listen": "0.0.0.0:9000", "max_body_bytes": 2048},
        "log.level": "debug",
        "data_dir": "/var/lib/tocsin"
    })";
    config_sources sources;
    sources.file = file;
    sources.environment = fake_env({{"TOCSIN_HTTP_LISTEN", "127.0.0.1:9100"}});
    sources.overrides = {{"log.level", "warn"}};
    const auto c = load_config(sources);
    EXPECT_EQ(c.http.listen.port, 9100);      // environment over file
    EXPECT_EQ(c.http.max_body_bytes, 2048u);  // file over default
    EXPECT_EQ(c.log.level, "warn");           // flag over file
    EXPECT_EQ(c.store.sqlite_file, std::filesystem::path("/var/lib/tocsin/tocsin.db"));
}

TEST(Config, ListsComeAsJsonArraysOrCommaSeparated) {
    config_sources sources;
    sources.environment = fake_env({{"TOCSIN_PLAYBOOK_DIRS", "/srv/a,/srv/b"}});
    sources.overrides = {{"email.mailboxes", R"(["soc@contoso.com", "phish@contoso.com"])"}};
    const auto c = load_config(sources);
    EXPECT_EQ(c.playbook_dirs, (std::vector<std::filesystem::path>{"/srv/a", "/srv/b"}));
    EXPECT_EQ(c.values["email.mailboxes"],
              (nlohmann::json{"soc@contoso.com", "phish@contoso.com"}));
    config_sources bad;
    bad.overrides = {{"playbooks.dirs", "[1, 2]"}};
    try {
        load_config(bad);
        FAIL() << "a JSON array of numbers was accepted";
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("expected a JSON array of strings"), std::string::npos)
            << e.what();
    }
}

TEST(Config, ErrorsNameKeyOriginAndExpectation) {
    test::temp_dir dir;
    const auto file = dir / "bad.json";
    std::ofstream(file) << R"({"http": {"lissten": "x"}})";
    config_sources sources;
    sources.file = file;
    EXPECT_NE(config_error(sources).find("unknown key 'http.lissten'"), std::string::npos);

    std::ofstream(file) << R"({"http": {"max_body_bytes": "big"}})";
    auto msg = config_error(sources);
    EXPECT_NE(msg.find("'http.max_body_bytes'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("expected integer"), std::string::npos) << msg;

    std::ofstream(file) << "{ not json";
    EXPECT_NE(config_error(sources).find("not valid JSON"), std::string::npos);

    config_sources env;
    env.environment = fake_env({{"TOCSIN_LOG_LEVEL", "loud"}});
    msg = config_error(env);
    EXPECT_NE(msg.find("environment TOCSIN_LOG_LEVEL"), std::string::npos) << msg;
    EXPECT_NE(msg.find("one of: trace debug info warn error off"), std::string::npos) << msg;

    config_sources flags;
    flags.overrides = {{"engine.io_threads", "-3"}};
    EXPECT_NE(config_error(flags).find("from 0 to 256"), std::string::npos);
    flags.overrides = {{"no.such.key", "1"}};
    EXPECT_NE(config_error(flags).find("unknown config key 'no.such.key'"), std::string::npos);

    config_sources missing;
    missing.file = dir / "absent.json";
    EXPECT_NE(config_error(missing).find("cannot be read"), std::string::npos);
}

TEST(Config, CrossKeyRules) {
    config_sources tls;
    tls.overrides = {{"http.tls_cert", "/etc/cert.pem"}};
    EXPECT_NE(config_error(tls).find("must be set together"), std::string::npos);
    config_sources pg;
    pg.overrides = {{"store.backend", "postgres"}};
    EXPECT_NE(config_error(pg).find("store.postgres.url"), std::string::npos);
}

TEST(ListenAddress, ParsesHostsAndPorts) {
    EXPECT_EQ(parse_listen_address("127.0.0.1:0").port, 0);
    EXPECT_EQ(parse_listen_address("[::1]:8080").host, "::1");
    EXPECT_EQ(parse_listen_address("localhost:443").host, "localhost");
    for (const char* bad : {"", "8080", ":80", "host:", "host:99999", "[::1]8080", "h:8x"})
        EXPECT_THROW(parse_listen_address(bad), error) << bad;
}

}  // namespace
}  // namespace tocsin
