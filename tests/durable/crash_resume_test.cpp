// The real engine killed in the middle of a run: `tocsin serve` runs a playbook triggered by an
// incident created through the API (create an incident, sleep, comment on it), is SIGKILLed while
// the playbook sleeps, and is started again on the same data dir. The run must finish as
// succeeded with each action done exactly once: one incident, one comment.

#include <signal.h>

#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/store/sqlite/connection.hpp"
#include "engine/store/sqlite/statement.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view playbook = R"(return {
  name = "durable-sample", version = "1",
  triggers = { { kind = "incident", filter = { title = "please respond" } } },
  run = function(ctx)
    local inc = assert(tocsin.incidents.create{ title = "made by the playbook", severity = "Low" })
    tocsin.util.sleep{ ms = 1500 }
    assert(tocsin.incidents.add_comment{ incident = inc.name, message = "after the nap" })
    return inc.name
  end,
}
)";

const std::string prefix =
    "/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/soc/providers/"
    "Microsoft.OperationalInsights/workspaces/durable/providers/Microsoft.SecurityInsights/";
const std::string version = "?api-version=2025-09-01";

// One value of a query against the engine's database, read beside the running engine.
std::string query_text(const fs::path& db_file, std::string_view sql) {
    store::sqlite::connection_options o;
    o.read_only = true;
    store::sqlite::connection db(db_file, o);
    auto st = db.cached(sql);
    return st->step() ? st->text(0) : std::string();
}

http_client_options admin() {
    http_client_options o;
    o.bearer_token = std::string(test_admin_token);
    return o;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

std::vector<json> incidents_titled(http_client& client, const std::string& title) {
    const auto reply = client.get(prefix + "incidents" + version);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<json> out;
    const auto body = reply.json();
    for (const auto& i : body["value"])
        if (i["properties"]["title"] == title)
            out.push_back(i);
    return out;
}

TEST(CrashResume, KilledEngineResumesTheRunAndDoesEachActionOnce) {
    temp_dir dir;
    fs::create_directories(dir / "playbooks");
    std::ofstream(dir / "playbooks" / "durable.lua") << playbook;
    server_process::options opts;
    opts.data_dir = dir / "data";
    opts.env = {{"TOCSIN_PLAYBOOK_DIRS", (dir / "playbooks").string()},
                {"TOCSIN_LOG_LEVEL", "info"}};
    server_process server(opts);
    server.start();
    const auto db_file = opts.data_dir / "tocsin.db";
    {
        http_client client("127.0.0.1", server.port(), admin());
        const auto made = client.send_json(
            "PUT", prefix + "incidents/" + "6a7b1c2d-0000-4000-8000-000000000001" + version,
            {{"properties",
              {{"title", "please respond"}, {"severity", "High"}, {"status", "New"}}}});
        ASSERT_TRUE(made.status == 200 || made.status == 201) << made.status << made.body;
    }
    // Kill once incidents.create is journaled, while the playbook sleeps.
    ASSERT_TRUE(eventually([&] {
        return fs::exists(db_file) &&
               query_text(db_file, "SELECT count(*) FROM playbook_journal WHERE kind = 'action'") ==
                   "1";
    })) << server.log();
    EXPECT_EQ(query_text(db_file, "SELECT status FROM playbook_runs"), "running");
    EXPECT_EQ(server.stop(SIGKILL), 128 + SIGKILL);

    server_process restarted(opts);
    restarted.start();
    ASSERT_TRUE(eventually([&] {
        return query_text(db_file, "SELECT status FROM playbook_runs") != "running";
    })) << restarted.log();
    EXPECT_EQ(query_text(db_file, "SELECT status FROM playbook_runs"), "succeeded")
        << query_text(db_file, "SELECT error FROM playbook_runs") << restarted.log();
    EXPECT_NE(restarted.log().find("runner: 1 interrupted runs resumed"), std::string::npos)
        << restarted.log();
    EXPECT_EQ(query_text(db_file, "SELECT count(*) FROM playbook_runs"), "1");

    http_client client("127.0.0.1", restarted.port(), admin());
    const auto made = incidents_titled(client, "made by the playbook");
    ASSERT_EQ(made.size(), 1u) << client.get(prefix + "incidents" + version).body;
    const auto comments = client.get(prefix + "incidents/" + made[0]["name"].get<std::string>() +
                                     "/comments" + version);
    ASSERT_EQ(comments.status, 200) << comments.body;
    ASSERT_EQ(comments.json()["value"].size(), 1u) << comments.body;
    EXPECT_EQ(comments.json()["value"][0]["properties"]["message"], "after the nap");
    // The record lists the three calls, create replayed from the journal.
    const auto actions = json::parse(query_text(db_file, "SELECT actions FROM playbook_runs"));
    ASSERT_EQ(actions.size(), 3u) << actions.dump();
    EXPECT_EQ(actions[0]["name"], "incidents.create");
    EXPECT_EQ(actions[2]["name"], "incidents.add_comment");
    EXPECT_EQ(restarted.stop(SIGTERM), 0) << restarted.log();
}

}  // namespace
}  // namespace tocsin::test
