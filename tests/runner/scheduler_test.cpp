// The scheduler and catalog: run records (stored, listed, shown, cancelled), failing and
// timed-out playbooks, event-triggered runs, hot reload, and the shipped sample playbooks.

#include <fstream>

#include "engine/model/json.hpp"
#include "engine/runner/catalog.hpp"
#include "engine/runner/event_triggers.hpp"
#include "tests/runner/runner_fixture.hpp"

namespace tocsin::runner::test {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
}

lua::load_options load_options_for(runner_fixture& fx) {
    lua::load_options o;
    o.sandbox.natives = fx.scheduler().natives();
    return o;
}

TEST(Scheduler, FailingPlaybookIsAFailedRunWithTraceback) {
    runner_fixture fx;
    const auto r = fx.run("local x = 1\nerror('boom: ' .. x)");
    EXPECT_EQ(r.status, "failed");
    EXPECT_NE(r.error.find("boom: 1"), std::string::npos) << r.error;
    EXPECT_NE(r.traceback.find("stack traceback"), std::string::npos);
    ASSERT_TRUE(r.ended);
    const auto stored = fx.store().find_run(r.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, "failed");
    EXPECT_EQ(stored->traceback, r.traceback);
    // The scheduler still runs playbooks.
    EXPECT_EQ(fx.run("return 42").result, 42);
}

TEST(Scheduler, WallClockBudgetEndsARunAsTimedOut) {
    lua::limits limits;
    limits.wall_clock = std::chrono::milliseconds(100);
    runner_fixture fx({}, limits);
    const auto r = fx.run("tocsin.util.sleep{ ms = 5000 }");
    EXPECT_EQ(r.status, "timed-out");
    const auto spin = fx.run("for i = 1, 10 do tocsin.util.uuid{} end");
    EXPECT_EQ(spin.status, "succeeded") << spin.error;
}

TEST(Scheduler, RecordsAreStoredWithLogsAndTrigger) {
    runner_fixture fx;
    const auto r = fx.run("ctx.log.info('hello', ctx.trigger.n)\nprint('bye')\nreturn ctx.run_id",
                          json{{"n", 7}});
    ASSERT_EQ(r.status, "succeeded") << r.error;
    EXPECT_EQ(r.result, r.id);
    const auto stored = fx.store().find_run(r.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->playbook, "test");
    EXPECT_EQ(stored->version, "1");
    EXPECT_EQ(stored->sha256.size(), 64u);
    EXPECT_EQ(stored->trigger, json({{"n", 7}}));
    ASSERT_EQ(stored->logs.size(), 2u);
    EXPECT_EQ(stored->logs[0]["message"], "hello 7");
    EXPECT_EQ(stored->logs[1]["message"], "bye");
}

TEST(Scheduler, RunsAreListedShownAndCancelled) {
    runner_fixture fx;
    const auto done = fx.run("return 1");
    std::string id;
    auto fut = fx.start(fx.load(playbook_source("tocsin.util.sleep{ ms = 20000 }", "slow")),
                        json::object(), nullptr, &id);
    ASSERT_TRUE(eventually([&] {
        auto r = fx.scheduler().find(id);
        return r && r->actions.empty() && fx.scheduler().active() == 1;
    }));
    auto running = fx.scheduler().list({std::nullopt, std::string("running"), 50});
    ASSERT_EQ(running.size(), 1u);
    EXPECT_EQ(running[0].id, id);
    EXPECT_EQ(running[0].playbook, "slow");
    EXPECT_TRUE(fx.scheduler().cancel(id, "analyst said stop"));
    ASSERT_EQ(fut.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    const auto cancelled = fut.get();
    EXPECT_EQ(cancelled.status, "cancelled");
    EXPECT_NE(cancelled.error.find("analyst said stop"), std::string::npos) << cancelled.error;
    EXPECT_FALSE(fx.scheduler().cancel(id));
    EXPECT_FALSE(fx.scheduler().cancel("no-such-run"));
    const auto all = fx.scheduler().list({});
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, id);  // newest first
    EXPECT_EQ(all[1].id, done.id);
    EXPECT_EQ(fx.scheduler().find(id)->status, "cancelled");
    EXPECT_EQ(fx.scheduler().list({std::string("test"), std::nullopt, 50}).size(), 1u);
}

TEST(Scheduler, BadParamsAreRejectedAtStart) {
    runner_fixture fx;
    const auto def = fx.load(
        "return { name = 'p', version = '1', triggers = { 'manual' },\n"
        "  params = { n = { type = 'integer', required = true } },\n"
        "  run = function(ctx) return ctx.params.n end }");
    try {
        fx.start(def, json::object(), json::object());
        FAIL() << "expected missing_field";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::missing_field);
        EXPECT_EQ(e.field(), "n");
    }
    EXPECT_EQ(fx.scheduler().active(), 0u);
    EXPECT_EQ(fx.start(def, json::object(), json{{"n", 5}}).get().result, 5);
}

TEST(Catalog, LoadsRecursivelySkippingTypesUnderscoreAndInvalidFiles) {
    runner_fixture fx;
    const auto root = fx.dir() / "playbooks";
    write_file(root / "a.lua", playbook_source("return 1", "a"));
    write_file(root / "team" / "b.lua", playbook_source("return 2", "b", "'incident'"));
    write_file(root / "types" / "tocsin.lua", "this is not a playbook");
    write_file(root / "_helpers.lua", "return {}");
    write_file(root / "_lib" / "c.lua", "return {}");
    write_file(root / "notes.txt", "x");
    write_file(root / "broken.lua", "return {\n  name = 'broken',\n  version = = '1',\n}\n");
    catalog cat({root}, load_options_for(fx));
    EXPECT_EQ(cat.refresh(), 3u);
    EXPECT_TRUE(cat.find("a"));
    EXPECT_TRUE(cat.find("b"));
    EXPECT_EQ(cat.all().size(), 2u);
    ASSERT_EQ(cat.with_trigger(lua::trigger_kind::incident).size(), 1u);
    const auto problems = cat.problems();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("broken.lua:3:"), std::string::npos) << problems[0].message;
    EXPECT_EQ(cat.refresh(), 0u);  // nothing changed
}

TEST(Catalog, HotReloadKeepsTheVersionARunStartedWith) {
    runner_fixture fx;
    const auto root = fx.dir() / "playbooks";
    const auto file = root / "v.lua";
    const auto source = [](const std::string& v) {
        return playbook_source("tocsin.util.sleep{ ms = ctx.trigger.ms }\nreturn '" + v + "'",
                               "versioned", "'manual'", v);
    };
    write_file(file, source("1"));
    catalog cat({root}, load_options_for(fx));
    cat.refresh();
    auto v1 = cat.find("versioned");
    ASSERT_TRUE(v1);
    auto first = fx.start(v1, json{{"ms", 300}});
    write_file(file, source("2") + "-- longer\n");
    fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(2));
    EXPECT_EQ(cat.refresh(), 1u);
    auto v2 = cat.find("versioned");
    ASSERT_TRUE(v2);
    EXPECT_EQ(v2->version, "2");
    const auto second = fx.start(v2, json{{"ms", 0}}).get();
    const auto r1 = first.get();
    EXPECT_EQ(r1.result, "1");
    EXPECT_EQ(r1.version, "1");
    EXPECT_EQ(second.result, "2");
    EXPECT_NE(r1.sha256, second.sha256);
    fs::remove(file);
    EXPECT_EQ(cat.refresh(), 1u);
    EXPECT_FALSE(cat.find("versioned"));
}

class EventTriggers : public ::testing::Test {
  protected:
    void SetUp() override {
        cat = std::make_unique<catalog>(
            std::vector<fs::path>{fs::path(TOCSIN_SOURCE_DIR) / "playbooks"}, load_options_for(fx));
        cat->refresh();
        ASSERT_TRUE(cat->problems().empty()) << cat->problems()[0].message;
        sub = fx.bus().subscribe(
            {event_type::incident_created, event_type::alert_created},
            [this](const std::shared_ptr<const domain_event>& ev) {
                dispatch_event(*ev, *cat, fx.scheduler());
            },
            fx.io().get_executor());
    }
    void TearDown() override { fx.bus().unsubscribe(sub); }

    std::vector<store::run_record> finished(const std::string& playbook) {
        return fx.scheduler().list({playbook, std::string("succeeded"), 50});
    }

    runner_fixture fx;
    std::unique_ptr<catalog> cat;
    event_bus::subscription_id sub = 0;
};

TEST_F(EventTriggers, TagNewIncidentsLabelsEachCreatedIncident) {
    const auto ws = test_workspace();
    model::incident inc;
    inc.title = "Suspicious sign-in";
    const auto created = fx.store().put_incident(ws, inc, {}).value;
    ASSERT_TRUE(eventually([&] { return finished("tag-new-incidents").size() == 1; }));
    const auto run = finished("tag-new-incidents")[0];
    EXPECT_EQ(run.trigger_kind, "incident");
    EXPECT_EQ(run.trigger["incident"]["name"], created.name);
    EXPECT_EQ(run.result["labelled"], true);
    const auto now = fx.store().find_incident(ws, created.name);
    ASSERT_TRUE(now);
    ASSERT_EQ(now->labels.size(), 1u);
    EXPECT_EQ(now->labels[0].name, "tocsin-seen");
    const auto activity = fx.store().activity_of_incident(ws, created.name);
    ASSERT_GE(activity.size(), 2u);
    EXPECT_EQ(activity.back().actor.type, model::principal::kind::playbook);
    EXPECT_EQ(activity.back().actor.id, run.id);
    EXPECT_EQ(activity.back().actor.name, "tag-new-incidents");
}

TEST_F(EventTriggers, EnrichFromAlertCommentsTheEntitySummary) {
    const auto ws = test_workspace();
    model::incident inc;
    inc.title = "Malware on host";
    const auto incident = fx.store().put_incident(ws, inc, {}).value;
    model::alert a;
    a.display_name = "EICAR detected";
    a.system_alert_id = "6a1d7c4e-0000-4000-8000-000000000001";
    a.entities.push_back(model::entity_from_json(
        json{{"kind", "Host"}, {"hostName", "fin-ws-014"}, {"dnsDomain", "contoso.com"}}));
    a.entities.push_back(model::entity_from_json(json{{"kind", "Ip"}, {"address", "10.0.0.5"}}));
    fx.store().create_alert(ws, a, {});
    fx.store().add_relation(ws, incident.name, "", a.system_alert_id,
                            model::sole_alert_policy::keep, {});
    ASSERT_TRUE(eventually([&] { return finished("enrich-from-alert").size() == 1; }));
    const auto run = finished("enrich-from-alert")[0];
    EXPECT_EQ(run.result["commented"], 1);
    EXPECT_EQ(run.result["entities"], 2);
    const auto comments = fx.store().list_comments(ws, incident.name);
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_NE(comments[0].message.find("EICAR detected' (2)"), std::string::npos)
        << comments[0].message;
    EXPECT_NE(comments[0].message.find("10.0.0.5"), std::string::npos) << comments[0].message;
    EXPECT_EQ(comments[0].author.type, model::principal::kind::playbook);
}

TEST_F(EventTriggers, APlaybookDoesNotTriggerItself) {
    // The sample's own label write is an update, and runs never retrigger their playbook.
    model::incident inc;
    inc.title = "once";
    fx.store().put_incident(test_workspace(), inc, {});
    ASSERT_TRUE(eventually([&] { return finished("tag-new-incidents").size() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(fx.scheduler().list({std::string("tag-new-incidents"), std::nullopt, 50}).size(), 1u);
}

TEST(EventFilter, MatchesPropertiesCaseInsensitively) {
    const json subject = {{"severity", "High"}, {"incidentNumber", 3}};
    EXPECT_TRUE(filter_matches(nullptr, subject));
    EXPECT_TRUE(filter_matches(json{{"severity", "high"}}, subject));
    EXPECT_FALSE(filter_matches(json{{"severity", "Low"}}, subject));
    EXPECT_FALSE(filter_matches(json{{"owner", "x"}}, subject));
    EXPECT_TRUE(filter_matches(json{{"incidentNumber", 3}}, subject));
    const auto ws = workspace_from_key("sub/rg/name");
    EXPECT_EQ(ws.resource_group, "rg");
    EXPECT_EQ(ws.name, "name");
}

}  // namespace
}  // namespace tocsin::runner::test
