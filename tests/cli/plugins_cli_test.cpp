// `tocsin plugins show NAME`: one plugin with, per action, the errors it returns and an example
// of its output, from the descriptors the engine registers (the same description as
// GET /api/v1/plugins). It reads the local configuration; no server is involved.
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/plugin/action_reference.hpp"
#include "engine/plugin/registry.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/support/server_process.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

const plugin::registry& builtins() {
    static const plugin::registry reg = [] {
        plugin::registry r;
        plugins::register_builtin_plugins(r);
        return r;
    }();
    return reg;
}

TEST(PluginsShowCli, TableListsErrorsAndTheOutputExamplePerAction) {
    const auto r = run_tocsin({"plugins", "show", "incidents"});
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output.rfind("plugin incidents 1.0.0 (built-in): Incidents of the store\n", 0), 0u)
        << r.output;
    const auto* get = builtins().find("incidents.get");
    ASSERT_NE(get, nullptr);
    const auto section = r.output.substr(r.output.find("tocsin.incidents.get  "));
    EXPECT_EQ(section.substr(0, section.find("\ntocsin.", 1) + 1),
              "tocsin.incidents.get  " + get->description +
                  "\n"
                  "    incident (string, required)\n"
                  "    workspace (object)\n"
                  "    errors:\n"
                  "      conflict: a concurrent write won (etag mismatch); read again and retry\n"
                  "      invalid_argument: a field's value is malformed or out of range\n"
                  "      not_found: the resource does not exist\n"
                  "      unavailable: a dependency is down or the engine is shutting down "
                  "(retryable)\n"
                  "    output example: " +
                  get->output_example.dump() + "\n");
}

TEST(PluginsShowCli, AnActionWithoutErrorsOfItsOwnSaysSo) {
    const auto r = run_tocsin({"plugins", "show", "util"});
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("tocsin.util.sleep  "), std::string::npos) << r.output;
    const auto sleep = r.output.substr(r.output.find("tocsin.util.sleep  "));
    EXPECT_NE(sleep.find("    errors: none besides the engine's own (timeout, cancelled)\n"
                         "    output example: true\n"),
              std::string::npos)
        << sleep;
}

TEST(PluginsShowCli, JsonIsTheDescriptionWithSourceAndInstances) {
    const auto r = run_tocsin({"plugins", "show", "watchlists", "--json"});
    ASSERT_EQ(r.status, 0) << r.output;
    const auto doc = json::parse(r.output);
    EXPECT_EQ(doc["name"], "watchlists");
    EXPECT_EQ(doc["source"], "built-in");
    EXPECT_TRUE(doc["instances"].is_array());
    const auto& actions = doc["actions"];
    ASSERT_FALSE(actions.empty());
    for (const auto& a : actions) {
        const auto* descriptor = builtins().find(a["name"].get<std::string>());
        ASSERT_NE(descriptor, nullptr) << a["name"];
        EXPECT_EQ(a["outputExample"], descriptor->output_example);
        ASSERT_EQ(a["errors"].size(), descriptor->errors.size());
        for (const auto& e : a["errors"]) {
            const auto code = e["code"].get<std::string>();
            const auto it = std::find_if(descriptor->errors.begin(), descriptor->errors.end(),
                                         [&](errc c) { return to_string(c) == code; });
            ASSERT_NE(it, descriptor->errors.end()) << code;
            EXPECT_EQ(e["when"], plugin::errc_meaning(*it));
        }
    }
}

TEST(PluginsShowCli, UnknownPluginAndMissingName) {
    const auto unknown = run_tocsin({"plugins", "show", "nope"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.output.find("tocsin: no plugin named 'nope' (plugins: incidents, "),
              std::string::npos)
        << unknown.output;
    const auto missing = run_tocsin({"plugins", "show"});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.output.find("tocsin plugins show NAME"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace tocsin::test
