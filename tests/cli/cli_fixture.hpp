#pragma once
// The fixture of the CLI client tests: one real `tocsin serve` per suite (auth on, an Admin
// token given by TOCSIN_BOOTSTRAP_TOKEN, a playbook directory of the suite's own), and the real
// `tocsin` binary run against it with TOCSIN_SERVER, TOCSIN_TOKEN and a workspace per test.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {

using nlohmann::json;
using env_list = std::vector<std::pair<std::string, std::string>>;

// A well-formed token text (tcn_<uuid>_<64 hex digits>) for the bootstrap Admin token.
inline const std::string cli_admin_token =
    "tcn_5d0c2a8e-3f41-4d7c-9b1a-6e2f0c9d8a71_"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

// A playbook the tests start by hand: echoes its typed parameters.
inline constexpr const char* echo_playbook = R"lua(
return {
  name = "cli-echo", version = "1.2.0", description = "echoes its parameters",
  triggers = { "manual" },
  params = { count = { type = "integer", default = 1 }, note = { type = "string", default = "" } },
  run = function(ctx)
    ctx.log.info("echo " .. ctx.params.note)
    local t = ctx.trigger
    return { count = ctx.params.count, note = ctx.params.note,
             incident = t.incident and t.incident.name, alert = t.alert and t.alert.name,
             entity = t.entity and t.entity.name }
  end,
}
)lua";

class cli_test : public ::testing::Test {
  protected:
    static void SetUpTestSuite();
    static void TearDownTestSuite();
    void SetUp() override;

    // `tocsin ARGS…` against the suite's server, in this test's workspace, with the Admin token;
    // `env` is added (and wins: a later TOCSIN_SERVER overrides the first).
    command_result tocsin(const std::vector<std::string>& args, const env_list& env = {}) const;
    // As tocsin(), expecting exit 0 and JSON output; returns it parsed (null on failure).
    json tocsin_json(const std::vector<std::string>& args) const;
    // Creates an incident with that title through the CLI; returns its resource.
    json create_incident(const std::string& title, std::vector<std::string> more = {}) const;
    // A file under the suite's directory with that text; returns its path.
    std::string write_file(const std::string& name, const std::string& text) const;
    // Polls `tocsin runs show ID --json` until the run is no longer running; returns it.
    json wait_for_run(const std::string& id) const;

    static std::string server_url();
    static std::string server_log();

    std::string workspace_;  // "SUB/RG/WS" of this test

  private:
    static std::unique_ptr<temp_dir> dir_;
    static std::unique_ptr<server_process> server_;
};

// The output's lines, without the trailing empty one.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace tocsin::test
