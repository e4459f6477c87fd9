// The CLI through the real binary: plugins list, playbook check, playbook run.

#include <fstream>
#include <set>

#include "tests/runner/runner_fixture.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::runner::test {
namespace {

using tocsin::test::run_tocsin;

std::string sample(const std::string& name) {
    return (std::filesystem::path(TOCSIN_SOURCE_DIR) / "playbooks" / "samples" / name).string();
}

json json_in(const std::string& output) {
    const auto start = output.find("{\n");
    if (start == std::string::npos)
        return nullptr;
    return json::parse(output.substr(start, output.rfind('}') - start + 1), nullptr, false);
}

TEST(Cli, PluginsListShowsEveryActionWithItsSchema) {
    const auto table = run_tocsin({"plugins", "list"});
    ASSERT_EQ(table.status, 0) << table.output;
    EXPECT_NE(table.output.find("tocsin.incidents.close"), std::string::npos);
    EXPECT_NE(table.output.find("classification (string, required: Undetermined|TruePositive"),
              std::string::npos)
        << table.output;
    const auto js = run_tocsin({"plugins", "list", "--json"});
    ASSERT_EQ(js.status, 0) << js.output;
    const auto doc = json::parse(js.output);
    std::set<std::string> names;
    for (const auto& p : doc)
        for (const auto& a : p["actions"])
            names.insert(a["name"].get<std::string>());
    for (const char* n : {"incidents.create", "incidents.close", "relations.add", "alerts.create",
                          "entities.get", "util.regex_match"})
        EXPECT_TRUE(names.count(n)) << n;
}

TEST(Cli, PlaybookCheckAcceptsSamplesAndRejectsBrokenFilesWithLine) {
    const auto good = run_tocsin({"playbook", "check", sample("tag-new-incidents.lua")});
    EXPECT_EQ(good.status, 0) << good.output;
    EXPECT_NE(good.output.find("ok: playbook 'tag-new-incidents'"), std::string::npos);
    tocsin::test::temp_dir dir;
    std::ofstream(dir / "bad.lua") << "return {\n  name = 'bad',\n  version = ,\n}\n";
    const auto bad = run_tocsin({"playbook", "check", (dir / "bad.lua").string()});
    EXPECT_EQ(bad.status, 1) << bad.output;
    EXPECT_NE(bad.output.find("bad.lua:3:"), std::string::npos) << bad.output;
    const auto usage = run_tocsin({"playbook", "frobnicate", "x"});
    EXPECT_EQ(usage.status, 2);
}

TEST(Cli, PlaybookRunPrintsTheRecordAndExitsByStatus) {
    tocsin::test::temp_dir dir;
    std::ofstream(dir / "p.lua") << playbook_source(
        "local inc = tocsin.incidents.create{ title = ctx.trigger.title }\n"
        "local c = tocsin.incidents.close{ incident = inc.name, classification = 'Undetermined' }\n"
        "return { name = inc.name, status = c.status}");
    std::ofstream(dir / "q.lua")
        << "return { name = 'q', version = '2', triggers = { 'manual' },\n"
           "  params = { n = { type = 'integer' }, who = { type = 'string' } },\n"
           "  run = function(ctx)\n"
           "    local inc = tocsin.incidents.create{ title = ctx.trigger.title }\n"
           "    return { title = inc.title, n = ctx.params.n, who = ctx.params.who }\n"
           "  end }\n";
    std::ofstream(dir / "event.json") << R"({"title": "from file"})";
    const auto ok = run_tocsin({"playbook", "run", (dir / "q.lua").string(), "--event",
                                "@" + (dir / "event.json").string(), "--param", "n=5", "--param",
                                "who=42", "--data-dir", (dir / "data").string()});
    ASSERT_EQ(ok.status, 0) << ok.output;
    const auto record = json_in(ok.output);
    ASSERT_TRUE(record.is_object()) << ok.output;
    EXPECT_EQ(record["status"], "succeeded");
    EXPECT_EQ(record["playbook"], "q");
    EXPECT_EQ(record["result"], json::parse(R"({"title":"from file","n":5,"who":"42"})"));
    EXPECT_EQ(record["actions"].size(), 1u);

    const auto e2e = run_tocsin({"playbook", "run", (dir / "p.lua").string(), "--event",
                                 R"({"title":"inline"})", "--data-dir", (dir / "data").string()});
    ASSERT_EQ(e2e.status, 0) << e2e.output;
    EXPECT_EQ(json_in(e2e.output)["result"]["status"], "Closed");

    std::ofstream(dir / "fail.lua") << playbook_source("error('nope')", "fail");
    const auto failed = run_tocsin(
        {"playbook", "run", (dir / "fail.lua").string(), "--data-dir", (dir / "data").string()});
    EXPECT_EQ(failed.status, 1) << failed.output;
    const auto frec = json_in(failed.output);
    EXPECT_EQ(frec["status"], "failed");
    EXPECT_NE(frec["traceback"].get<std::string>().find("stack traceback"), std::string::npos);
}

}  // namespace
}  // namespace tocsin::runner::test
