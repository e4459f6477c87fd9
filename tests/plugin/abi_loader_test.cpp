// Third-party plugins through the C ABI: shared libraries built by the test suite from C against
// include/tocsin/plugin_abi.h (tests/plugin/abi_fixtures), loaded from a plugins.dir, called
// from Lua through the real runner; a library built for another ABI version is refused by name
// while the others load, in the library API, `tocsin plugins list` and `tocsin serve`.

#include <csignal>
#include <fstream>

#include "engine/plugin/abi_loader.hpp"
#include "tests/plugins/configured_runner.hpp"
#include "tests/support/server_process.hpp"
#include "tocsin/plugin_abi.h"

namespace tocsin::runner::test {
namespace {

namespace fs = std::filesystem;

const fs::path plugin_dir = TOCSIN_TEST_PLUGIN_DIR;

const std::string future_refusal = "plugin library " + (plugin_dir / "future.so").string() +
                                   ": built for plugin ABI version 2; this engine supports "
                                   "plugin ABI version 1";

TEST(PluginAbi, DirectoryLoadKeepsGoodLibrariesAndRefusesAnotherAbiVersionByName) {
    plugin::registry r;
    const auto load = plugin::load_plugin_directory(r, plugin_dir);
    ASSERT_EQ(load.loaded.size(), 1u);
    EXPECT_EQ(load.loaded[0], plugin_dir / "echo.so");
    ASSERT_EQ(load.refused.size(), 1u);
    EXPECT_EQ(load.refused[0].error.code, errc::unsupported);
    EXPECT_EQ(load.refused[0].error.message, future_refusal);
    const auto* say = r.find("echo.say");
    ASSERT_NE(say, nullptr);
    EXPECT_TRUE(say->idempotent);
    EXPECT_FALSE(say->side_effects);
    EXPECT_EQ(say->default_timeout, std::chrono::milliseconds(5000));
    EXPECT_EQ(plugin::to_json_schema(say->input)["required"], json({"text"}));
    EXPECT_EQ(r.plugins().front()->version, "2.3.4");
}

TEST(PluginAbi, SingleLibraryErrors) {
    try {
        plugin::load_shared_plugin(plugin_dir / "future.so");
        ADD_FAILURE() << "loaded an ABI 2 plugin";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::unsupported);
        EXPECT_EQ(std::string(e.what()), future_refusal);
    }
    tocsin::test::temp_dir dir;
    std::ofstream(dir / "junk.so") << "not an ELF file";
    try {
        plugin::load_shared_plugin(dir / "junk.so");
        ADD_FAILURE() << "loaded junk";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::not_found);
        EXPECT_NE(std::string(e.what()).find("junk.so: cannot be loaded"), std::string::npos);
    }
    plugin::registry r;
    EXPECT_THROW(plugin::load_plugin_directory(r, dir / "absent"), error);
}

class PluginAbiRuns : public ::testing::Test {
  protected:
    runner_fixture fx_{
        configured(plugin_config(json::object(), {{"plugins.dir", plugin_dir.string()}}))};
};

TEST_F(PluginAbiRuns, ActionsAreCalledFromLuaSynchronouslyAndFromAnotherThread) {
    const auto r = fx_.run(R"(
local now = tocsin.echo.say{ text = 'hello' }
local later = tocsin.echo.say{ text = 'from a thread', delay_ms = 50 }
return { now = now.echo, later = later.echo })");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result, json({{"now", "hello"}, {"later", "from a thread"}}));
    const auto stored = fx_.store().find_run(r.id);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->actions.size(), 2u);
    EXPECT_EQ(stored->actions[1]["name"], "echo.say");
}

TEST_F(PluginAbiRuns, ErrorsRefusalsAndSchemaChecks) {
    const auto r = fx_.run(R"(
local _, failed = tocsin.echo.fail{}
local _, refused = tocsin.echo.refuse{}
return { failed = failed, refused = refused })");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result["failed"]["code"], "unavailable");
    EXPECT_EQ(r.result["failed"]["retryable"], true);
    EXPECT_EQ(r.result["failed"]["message"], "echo.fail: upstream is down");
    EXPECT_EQ(r.result["refused"]["code"], "internal");
    EXPECT_EQ(r.result["refused"]["message"], "echo.refuse: the plugin refused the call (code 7)");
    // The declared schema is enforced before the plugin is called: bad arguments raise.
    const auto bad = fx_.run("return tocsin.echo.say{ text = string.rep('x', 101) }");
    EXPECT_EQ(bad.status, "failed");
    EXPECT_NE(bad.error.find("'text'"), std::string::npos) << bad.error;
    const auto extra = fx_.run("return tocsin.echo.say{ text = 'x', colour = 'red' }");
    EXPECT_NE(extra.error.find("unknown field 'colour'"), std::string::npos) << extra.error;
}

TEST(PluginAbi, PluginsListShowsLibrariesAndInstances) {
    const auto out = tocsin::test::run_tocsin(
        {"plugins", "list", "--json", "--set", "plugins.dir=" + plugin_dir.string(), "--set",
         R"(plugins.instances={"notify:oncall":{"url":"secret:ONCALL_HOOK"}})"},
        {{"TOCSIN_SECRET_ONCALL_HOOK", "https://hooks.example/very-secret-path"}});
    ASSERT_EQ(out.status, 0) << out.output;
    EXPECT_NE(out.output.find(future_refusal), std::string::npos) << out.output;
    EXPECT_EQ(out.output.find("very-secret-path"), std::string::npos);
    const auto doc = json::parse(out.output.substr(out.output.find("[\n")));
    std::map<std::string, json> by_name;
    for (const auto& p : doc)
        by_name[p["name"].get<std::string>()] = p;
    ASSERT_TRUE(by_name.count("echo"));
    EXPECT_EQ(by_name["echo"]["source"], (plugin_dir / "echo.so").string());
    EXPECT_EQ(by_name["echo"]["actions"][0]["name"], "echo.say");
    EXPECT_EQ(by_name["http"]["source"], "built-in");
    EXPECT_EQ(by_name["notify"]["instances"],
              json::array({{{"name", "notify:oncall"},
                            {"default", false},
                            {"settings", {{"url", "secret:ONCALL_HOOK"}}}}}));
    const auto table = tocsin::test::run_tocsin(
        {"plugins", "list", "--set", "plugins.dir=" + plugin_dir.string()});
    ASSERT_EQ(table.status, 0) << table.output;
    EXPECT_NE(table.output.find("tocsin.echo.say"), std::string::npos);
    EXPECT_NE(table.output.find("text (string, required)"), std::string::npos) << table.output;
    EXPECT_NE(table.output.find("tocsin.notify.email"), std::string::npos);
}

TEST(PluginAbi, ServeKeepsRunningWhenALibraryIsRefused) {
    tocsin::test::temp_dir dir;
    tocsin::test::server_process server({dir.path(),
                                         {"--set", "plugins.dir=" + plugin_dir.string()},
                                         {},
                                         std::chrono::seconds(20)});
    server.start();
    EXPECT_TRUE(server.running());
    EXPECT_NE(server.log().find(future_refusal), std::string::npos) << server.log();
    EXPECT_NE(server.log().find("loaded " + (plugin_dir / "echo.so").string()), std::string::npos)
        << server.log();
    EXPECT_EQ(server.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace tocsin::runner::test
