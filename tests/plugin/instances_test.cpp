// Plugin instances: configuration checks at start, selection with _instance from Lua, settings
// and secrets as a plugin sees them (handles in settings, values through services).

#include "tests/plugins/configured_runner.hpp"

namespace tocsin::runner::test {
namespace {

plugin::field text_field(std::string name) {
    plugin::field f;
    f.name = std::move(name);
    return f;
}

// A plugin that reports what it was given: its instance, settings, and the value behind the
// `key` setting, resolved through services::secrets as real plugins do.
plugin::plugin_descriptor probe_plugin() {
    plugin::action_descriptor a;
    a.name = "probe.show";
    a.side_effects = false;
    a.run = [](const plugin::services& svc, plugin::action_call call, plugin::completion done) {
        json out = {{"instance", call.instance}, {"settings", call.instance_settings}};
        if (call.instance_settings.contains("key")) {
            auto v = plugin::resolve_setting(svc.secrets, call.instance_settings["key"], "key");
            out["key_length"] = v ? json(v.value().size()) : json(v.error().message);
            out["key_echo"] = v ? json(v.value()) : json(nullptr);
        }
        done(out);
    };
    plugin::plugin_descriptor p{"probe", "1.0.0", "test probe", {a}};
    p.settings.fields = {text_field("key"), text_field("colour")};
    return p;
}

std::function<void(plugin::registry&)> with_probe(config cfg, env_lookup env) {
    return [cfg = std::move(cfg), env = std::move(env)](plugin::registry& r) {
        r.add(probe_plugin());
        plugin::configure_plugins(r, cfg, env);
    };
}

TEST(Instances, SelectedByInstanceArgumentWithSecretsAsHandles) {
    const auto cfg = plugin_config({{"probe", {{"colour", "grey"}}},
                                    {"probe:red", {{"colour", "red"}, {"key", "secret:RED_KEY"}}}});
    runner_fixture fx(with_probe(cfg, fake_environment({{"TOCSIN_SECRET_RED_KEY", "0123456789"}})));
    const auto r = fx.run(
        "return { d = tocsin.probe.show{}, r = tocsin.probe.show{ _instance = "
        "'red' } }");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result["d"]["instance"], "");
    EXPECT_EQ(r.result["d"]["settings"], json({{"colour", "grey"}}));
    EXPECT_EQ(r.result["r"]["instance"], "red");
    // The plugin sees the handle in its settings and gets the value only through services.
    EXPECT_EQ(r.result["r"]["settings"]["key"], "secret:RED_KEY");
    EXPECT_EQ(r.result["r"]["key_length"], 10);
    // ... and a value it echoes back is masked.
    EXPECT_EQ(r.result["r"]["key_echo"], "***");
    const auto stored = fx.store().find_run(r.id);
    ASSERT_TRUE(stored);
    EXPECT_NE(stored->actions.dump().find("probe:red.show"), std::string::npos);
}

TEST(Instances, UnknownInstanceIsNilErrNamingTheConfiguredOnes) {
    runner_fixture fx(
        with_probe(plugin_config({{"probe:a", json::object()}}), fake_environment({})));
    const auto r = fx.run("local r, err = tocsin.probe.show{ _instance = 'b' }\nreturn err");
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result["code"], "not_found");
    EXPECT_EQ(r.result["message"],
              "probe.show: no instance 'b' of plugin 'probe' is configured (configured: a)");
    EXPECT_EQ(r.result["retryable"], false);
}

std::string configure_error(const json& instances, env_lookup env = fake_environment({})) {
    plugin::registry r;
    r.add(probe_plugin());
    try {
        plugin::configure_plugins(r, plugin_config(instances), std::move(env));
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::config);
        return e.what();
    }
    return "(no error)";
}

TEST(Instances, BadConfigurationStopsTheStartWithTheEntryNamed) {
    EXPECT_EQ(configure_error({{"nosuch:x", json::object()}}),
              "config key 'plugins.instances' entry 'nosuch:x': no plugin named 'nosuch' is "
              "loaded");
    EXPECT_EQ(configure_error({{"probe:x", {{"key", "secret:MISSING"}}}}),
              "config key 'plugins.instances' entry 'probe:x': secret 'MISSING' is not defined "
              "(set TOCSIN_SECRET_MISSING or add it to the secrets file)");
    EXPECT_NE(configure_error({{"probe:x", {{"flavour", "x"}}}}).find("unknown field 'flavour'"),
              std::string::npos);
    EXPECT_NE(configure_error({{"probe:bad name", json::object()}}).find("instance names"),
              std::string::npos);
    EXPECT_NE(configure_error({{"probe", 5}}).find("settings must be an object"),
              std::string::npos);
}

}  // namespace
}  // namespace tocsin::runner::test
