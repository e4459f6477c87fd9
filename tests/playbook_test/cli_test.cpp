// `tocsin playbook test` through the real binary: lines, summary, --json and exit statuses.

#include "tests/playbook_test/playbook_test_fixture.hpp"
#include "tests/support/server_process.hpp"

namespace tocsin::runner::test {
namespace {

using tocsin::test::run_tocsin;
using PlaybookTestCli = playbook_test_fixture;

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

json json_in(const std::string& output) {
    const auto start = output.find('{');
    if (start == std::string::npos)
        return nullptr;
    return json::parse(output.substr(start, output.rfind('}') - start + 1), nullptr, false);
}

constexpr const char* two_cases = R"(
return {
  good = { actions = { ["util.uuid"] = "u-1" }, expect = function(run) expect.eq(run.result, { id = "u-1" }) end },
  bad = { actions = { ["util.uuid"] = "u-2" }, expect = function(run) expect.eq(run.result, { id = "u-1" }) end },
})";

TEST_F(PlaybookTestCli, PrintsALinePerCaseAndASummary) {
    write("p.lua", manual_playbook("return { id = tocsin.util.uuid{} }"));
    write("_tests/p_test.lua", two_cases);
    const auto out = run_tocsin({"playbook", "test", dir_.path().string()});
    EXPECT_EQ(out.status, 1) << out.output;
    EXPECT_TRUE(has(out.output, "FAIL  p > bad (")) << out.output;
    EXPECT_TRUE(has(out.output, "PASS  p > good (")) << out.output;
    EXPECT_TRUE(has(out.output, "      " + test_path().generic_string() +
                                    ":4: expected {id = \"u-1\"}, got {id = \"u-2\"}"))
        << out.output;
    EXPECT_TRUE(has(out.output, "2 cases in 1 file: 1 passed, 1 failed (")) << out.output;

    const auto good =
        run_tocsin({"playbook", "test", (dir_ / "p.lua").string(), "--filter", "GOO"});
    EXPECT_EQ(good.status, 0) << good.output;
    EXPECT_TRUE(has(good.output, "1 case in 1 file: 1 passed, 0 failed (")) << good.output;
}

TEST_F(PlaybookTestCli, JsonOutputForMachines) {
    write("p.lua", manual_playbook("return { id = tocsin.util.uuid{} }"));
    write("_tests/p_test.lua", two_cases);
    const auto out = run_tocsin({"playbook", "test", test_path().string(), "--json"});
    EXPECT_EQ(out.status, 1) << out.output;
    const auto doc = json_in(out.output);
    ASSERT_TRUE(doc.is_object()) << out.output;
    EXPECT_EQ(doc["passed"], false);
    EXPECT_EQ(doc["summary"]["cases"], 2);
    EXPECT_EQ(doc["summary"]["failed"], 1);
    ASSERT_EQ(doc["cases"].size(), 2u);
    EXPECT_EQ(doc["cases"][0]["name"], "bad");
    EXPECT_EQ(doc["cases"][0]["status"], "failed");
    EXPECT_EQ(doc["cases"][0]["run"]["result"]["id"], "u-2");
    EXPECT_EQ(doc["cases"][1]["status"], "passed");
    EXPECT_TRUE(doc["cases"][1]["durationMs"].is_number());
}

TEST_F(PlaybookTestCli, UsageErrorsExitTwoWithOneLine) {
    const auto missing = run_tocsin({"playbook", "test", (dir_ / "nowhere").string()});
    EXPECT_EQ(missing.status, 2);
    EXPECT_TRUE(has(missing.output, "tocsin: '" + (dir_ / "nowhere").string() + "' does not exist"))
        << missing.output;
    const auto option = run_tocsin({"playbook", "test", "--frobnicate"});
    EXPECT_EQ(option.status, 2) << option.output;
    EXPECT_TRUE(has(option.output, "unknown option --frobnicate")) << option.output;

    write("lonely.lua", manual_playbook("return {}"));
    const auto none = run_tocsin({"playbook", "test", dir_.path().string()});
    EXPECT_EQ(none.status, 1) << none.output;
    EXPECT_TRUE(has(none.output, "tocsin: no playbook tests (_tests/NAME_test.lua) under "))
        << none.output;

    const auto help = run_tocsin({"playbook", "test", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_TRUE(has(help.output, "usage: tocsin playbook test")) << help.output;
}

}  // namespace
}  // namespace tocsin::runner::test
