// docs/plugins.md's configuration (fixtures/instances.json) and its calls through named instances
// (fixtures/instance_calls.lua): the configuration starts the plugin layer as the engine would,
// and the calls reach the instances it names.

#include <sys/stat.h>

#include <fstream>

#include "engine/plugin/configure.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/plugins/configured_runner.hpp"
#include "tests/plugins/loopback_http_server.hpp"
#include "tests/support/source_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::runner::test {
namespace {

using tocsin::test::loopback_http_server;
using tocsin::test::make_response;
using tocsin::test::source_file;

const std::string config_fixture = "tests/plugins/fixtures/instances.json";

TEST(PluginInstancesDoc, TheConfigurationStartsWithItsSecretsFromTheSecretsFile) {
    tocsin::test::temp_dir dir;
    const auto secrets = dir.path() / "secrets.env";
    std::ofstream(secrets) << "# the three secrets docs/plugins.md's configuration names\n"
                              "ONCALL_WEBHOOK=https://chat.example.com/hooks/T000/B000\n"
                              "SMTP_PASSWORD=correct-horse-battery\n"
                              "INTEL_KEY=intel-api-key-0123\n";
    ASSERT_EQ(::chmod(secrets.c_str(), 0600), 0);
    config_sources sources;
    sources.file = std::filesystem::path(TOCSIN_SOURCE_DIR) / config_fixture;
    sources.overrides = {{"secrets.file", secrets.string()}};  // the file names /etc/tocsin/…
    const auto cfg = load_config(sources);
    plugin::registry registry;
    plugins::register_builtin_plugins(registry);
    const auto setup = plugin::configure_plugins(registry, cfg, fake_environment({}));
    ASSERT_TRUE(setup.instances);
    ASSERT_TRUE(setup.secrets);

    // Without the secrets the engine refuses to start, naming the first one missing.
    std::ofstream(secrets, std::ios::trunc) << "INTEL_KEY=intel-api-key-0123\n";
    plugin::registry again;
    plugins::register_builtin_plugins(again);
    try {
        plugin::configure_plugins(again, load_config(sources), fake_environment({}));
        ADD_FAILURE() << "started without ONCALL_WEBHOOK and SMTP_PASSWORD";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::config);
    }
}

TEST(PluginInstancesDoc, CallsReachTheNamedInstances) {
    loopback_http_server intel([](const auto&) {
        return make_response(200, R"({"ip":"203.0.113.7","verdict":"scanner"})",
                             "application/json");
    });
    loopback_http_server chat([](const auto&) { return make_response(200, "ok"); });
    // The page's instances, with the intel API's address moved to loopback.
    auto instances = json::parse(source_file(config_fixture))["plugins"]["instances"];
    instances["http:intel"]["base_url"] = intel.url("/api");
    runner_fixture fx(
        configured(plugin_config(instances),
                   fake_environment({{"TOCSIN_SECRET_ONCALL_WEBHOOK", chat.url("/hooks/T000/B000")},
                                     {"TOCSIN_SECRET_SMTP_PASSWORD", "correct-horse-battery"},
                                     {"TOCSIN_SECRET_INTEL_KEY", "intel-api-key-0123"}})));
    const auto r = fx.run(source_file("tests/plugins/fixtures/instance_calls.lua"));
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result["status"], 200);
    EXPECT_EQ(r.result["verdict"], "scanner");

    const auto asked = intel.requests();
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(std::string(asked[0].target()), "/api/ip/203.0.113.7");
    EXPECT_EQ(std::string(asked[0]["X-Key"]), "intel-api-key-0123");
    const auto posted = chat.requests();
    ASSERT_EQ(posted.size(), 1u);
    EXPECT_EQ(std::string(posted[0].target()), "/hooks/T000/B000");
    EXPECT_EQ(json::parse(posted[0].body()),
              json({{"text", "Incident 5b0e5a4c-1d2e-4f60-9a7b-8c9d0e1f2a3b"},
                    {"severity", "High"},
                    {"channel", "#soc"}}));
}

}  // namespace
}  // namespace tocsin::runner::test
