// The playbook test runner: stubs served through the action path, expectations with file:line,
// store cases, limits, and every way a case or a test file can fail.

#include <map>

#include "tests/playbook_test/playbook_test_fixture.hpp"

namespace tocsin::runner::test {
namespace {

using PlaybookTestRunner = playbook_test_fixture;

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST_F(PlaybookTestRunner, PassingCaseServesStubsThroughTheActionPath) {
    const auto results = run_tests(manual_playbook(R"(
    local inc = tocsin.incidents.add_labels{ incident = ctx.trigger.name, labels = { ctx.params.label } }
    return { number = inc.incidentNumber })"),
                                   R"(
return {
  ["labels the incident"] = {
    trigger = { name = "i1" },
    actions = {
      ["incidents.add_labels"] = function(input, call)
        expect.eq(call.count, 1)
        return { incidentNumber = 7, labels = input.labels }
      end,
    },
    expect = function(run)
      expect.status("succeeded")
      expect.called("incidents.add_labels", { incident = "i1", labels = { "seen" } })
      expect.eq(run.result, { number = 7 })
      expect.eq(run.calls[1].output.incidentNumber, 7)
    end,
  },
})");
    const auto& r = only(results);
    EXPECT_TRUE(r.passed) << describe(r);
    EXPECT_EQ(r.name, "labels the incident");
    EXPECT_EQ(r.playbook, "p");
    EXPECT_EQ(r.run["status"], "succeeded");
    ASSERT_EQ(r.run["calls"].size(), 1u) << describe(r);
    EXPECT_EQ(r.run["calls"][0]["name"], "incidents.add_labels");
    // The input the stub saw is the validated one, as a plugin would see it.
    EXPECT_EQ(r.run["calls"][0]["input"]["labels"], json::array({"seen"}));
}

TEST_F(PlaybookTestRunner, FailingExpectationNamesTheFileAndLine) {
    const auto results = run_tests(manual_playbook("return { count = 1 }"),
                                   "return {\n"                              // 1
                                   "  [\"counts\"] = {\n"                    // 2
                                   "    expect = function(run)\n"            // 3
                                   "      expect.status(\"succeeded\")\n"    // 4
                                   "      expect.eq(run.result.count, 2)\n"  // 5
                                   "    end,\n"                              // 6
                                   "  },\n"                                  // 7
                                   "}\n");
    const auto& r = only(results);
    EXPECT_FALSE(r.passed);
    EXPECT_EQ(r.message, test_path().generic_string() + ":5: expected 2, got 1") << describe(r);
    EXPECT_EQ(r.run["status"], "succeeded");
}

TEST_F(PlaybookTestRunner, ExpectationHelpersReportWhatDiffers) {
    const auto results = run_tests(manual_playbook(R"(
    tocsin.incidents.add_comment{ incident = "i1", message = "first" }
    ctx.log.warn("done")
    return { labels = { "a", "b" } })"),
                                   R"(
local stubs = { ["incidents.add_comment"] = {} }
return {
  like = { actions = stubs, expect = function(run) expect.like(run.result, { labels = { "a", "c" } }) end },
  called = { actions = stubs, expect = function() expect.called("incidents.add_comment", { message = "second" }) end },
  not_called = { actions = stubs, expect = function() expect.not_called("incidents.add_comment") end },
  logged = { actions = stubs, expect = function() expect.logged("finished", "warn") end },
  contains = { actions = stubs, expect = function(run) expect.contains(run.result.labels, "z") end },
  note = { actions = stubs, expect = function(run) expect.truthy(run.result.missing, "the result names it") end },
})");
    ASSERT_EQ(results.size(), 6u);
    std::map<std::string, std::string> messages;
    for (const auto& r : results) {
        EXPECT_FALSE(r.passed) << r.name;
        messages[r.name] = r.message;
    }
    EXPECT_TRUE(has(messages["like"], "at labels[2]: expected \"c\", got \"b\""))
        << messages["like"];
    EXPECT_TRUE(has(messages["called"],
                    "expected a call of incidents.add_comment with input like {message = "
                    "\"second\"}, but its 1 call(s) had input {incident = \"i1\", message = "
                    "\"first\"}"))
        << messages["called"];
    EXPECT_TRUE(has(messages["not_called"], "expected no call of incidents.add_comment"))
        << messages["not_called"];
    EXPECT_TRUE(
        has(messages["logged"], "expected a warn line containing \"finished\", got:\n  warn: done"))
        << messages["logged"];
    EXPECT_TRUE(has(messages["contains"], "expected {\"a\", \"b\"} to contain \"z\""))
        << messages["contains"];
    EXPECT_TRUE(has(messages["note"], "the result names it: expected a true value, got nil"))
        << messages["note"];
    for (const auto& [name, message] : messages)
        EXPECT_EQ(message.rfind(test_path().generic_string() + ":", 0), 0u) << message;
}

TEST_F(PlaybookTestRunner, UnstubbedActionFailsTheCaseNamingTheAction) {
    const auto results =
        run_tests(manual_playbook("local inc = tocsin.incidents.get{ incident = 'i1' }\n"  // 5
                                  "tocsin.incidents.add_comment{ incident = 'i1', "
                                  "message = 'hi' }\n"  // 6
                                  "return {}"),
                  R"(
return {
  ["comments"] = { actions = { ["incidents.get"] = { name = "i1" } } },
})");
    const auto& r = only(results);
    EXPECT_FALSE(r.passed);
    EXPECT_TRUE(has(r.message,
                    "incidents.add_comment was called, but the case has no stub for "
                    "it (input: {incident = \"i1\", message = \"hi\"})"))
        << describe(r);
    EXPECT_TRUE(
        has(r.message, "(the playbook was stopped at " + (dir_ / "p.lua").generic_string() + ":6)"))
        << describe(r);
    EXPECT_EQ(r.run["status"], "cancelled");
}

TEST_F(PlaybookTestRunner, StubErrorReachesThePlaybookAsNilErr) {
    const auto results = run_tests(manual_playbook(R"(
    local inc, err = tocsin.incidents.get{ incident = "i1" }
    return { missing = inc == nil, code = err.code, message = err.message,
             retryable = err.retryable, field = err.field })"),
                                   R"(
local wanted = { missing = true, code = "not_found", message = "gone", retryable = false, field = "incident" }
return {
  ["function returning nil, err"] = {
    actions = {
      ["incidents.get"] = function(input)
        return nil, { code = "not_found", message = "gone", field = "incident" }
      end,
    },
    expect = function(run)
      expect.eq(run.result, wanted)
      expect.eq(run.calls[1].error.code, "not_found")
    end,
  },
  ["stub.error"] = {
    actions = { ["incidents.get"] = stub.error("not_found", "gone", "incident") },
    expect = function(run) expect.eq(run.result, wanted) end,
  },
  ["unknown code"] = {
    actions = { ["incidents.get"] = stub.error("vanished", "gone") },
  },
  ["retryable flag that contradicts the code"] = {
    actions = { ["incidents.get"] = function() return nil, { code = "not_found", retryable = true } end },
  },
})");
    ASSERT_EQ(results.size(), 4u);
    std::map<std::string, playbook_test_case_result> by_name;
    for (const auto& r : results)
        by_name[r.name] = r;
    EXPECT_TRUE(by_name["function returning nil, err"].passed)
        << describe(by_name["function returning nil, err"]);
    EXPECT_TRUE(by_name["stub.error"].passed) << describe(by_name["stub.error"]);
    const auto& unknown = by_name["unknown code"];
    EXPECT_FALSE(unknown.passed);
    EXPECT_TRUE(has(unknown.message,
                    "a stub's error has the unknown code 'vanished' (one of: "
                    "invalid_argument, missing_field, not_found"))
        << describe(unknown);
    const auto& contradicting = by_name["retryable flag that contradicts the code"];
    EXPECT_FALSE(contradicting.passed);
    EXPECT_TRUE(
        has(contradicting.message, "retryable = true, but code 'not_found' is not retryable"))
        << describe(contradicting);
}

TEST_F(PlaybookTestRunner, RetryableStubErrorsAreRetriedByTheEngine) {
    const auto results = run_tests(manual_playbook(R"(
    local inc, err = tocsin.incidents.get{ incident = "i1", _backoff_ms = 1 }
    return { name = inc and inc.name, code = err and err.code })"),
                                   R"(
return {
  ["recovers on the third attempt"] = {
    actions = {
      ["incidents.get"] = stub.sequence(stub.error("unavailable", "busy"),
                                        stub.error("timeout", "slow"), { name = "i1" }),
    },
    expect = function(run)
      expect.eq(run.result, { name = "i1" })
      expect.eq(run.calls[1].attempts, 3)
    end,
  },
  ["gives up after the policy's attempts"] = {
    actions = { ["incidents.get"] = stub.error("unavailable", "busy") },
    expect = function(run)
      expect.eq(run.result, { code = "unavailable" })
      expect.eq(run.calls[1].attempts, 3)
    end,
  },
  ["sequence too short"] = {
    actions = { ["incidents.get"] = stub.sequence(stub.error("unavailable", "busy")) },
  },
})");
    ASSERT_EQ(results.size(), 3u);
    EXPECT_TRUE(results[0].passed) << describe(results[0]);
    EXPECT_TRUE(results[1].passed) << describe(results[1]);
    EXPECT_FALSE(results[2].passed);
    EXPECT_TRUE(has(results[2].message,
                    "incidents.get was called 2 times, but its stub.sequence has 1 answer(s)"))
        << describe(results[2]);
}

TEST_F(PlaybookTestRunner, SchemaRejectsAStubbedActionsInput) {
    const auto results = run_tests(manual_playbook(R"(
    tocsin.incidents.add_labels{ incident = "i1" }
    return {})"),
                                   R"(
local reached = false
local stubs = { ["incidents.add_labels"] = function() reached = true; return {} end }
return {
  ["expected failure"] = {
    actions = stubs,
    expect = function(run)
      expect.status("failed")
      expect.contains(run.error, "'labels'")
      expect.falsy(reached, "the stub is never reached")
      expect.not_called("incidents.add_labels")
    end,
  },
  ["unexpected failure"] = { actions = stubs },
})");
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(results[0].passed) << describe(results[0]);
    EXPECT_FALSE(results[1].passed);
    EXPECT_TRUE(
        has(results[1].message, "expected the run to end \"succeeded\", but it ended \"failed\": "))
        << describe(results[1]);
    EXPECT_TRUE(has(results[1].message, "incidents.add_labels: 'labels'")) << describe(results[1]);
}

TEST_F(PlaybookTestRunner, TemporaryStoreRunsTheRealPluginsOnAFreshStore) {
    const auto results = run_tests(manual_playbook(R"(
    local name = ctx.trigger.incident.name
    local got = tocsin.incidents.get{ incident = name }
    tocsin.incidents.add_labels{ incident = name, labels = { ctx.params.label } }
    return { title = got.title })"),
                                   R"(
return {
  ["a: labels a stored incident"] = {
    store = "temporary",
    setup = function() return tocsin.incidents.create{ title = "Phishing", severity = "High" } end,
    trigger = function(incident) return { incident = incident } end,
    expect = function(run)
      expect.eq(run.result, { title = "Phishing" })
      local stored = tocsin.incidents.get{ incident = run.setup.name }
      expect.like(stored.labels, { { labelName = "seen" } })
    end,
  },
  ["b: starts from an empty store"] = {
    store = "temporary",
    trigger = { incident = { name = "00000000-0000-0000-0000-000000000001" } },
    expect = function(run)
      expect.status("failed")
      expect.eq(#tocsin.incidents.list{}, 0)
    end,
  },
  ["c: stubs still win over the store"] = {
    store = "temporary",
    setup = function() return tocsin.incidents.create{ title = "Phishing" } end,
    trigger = function(incident) return { incident = incident } end,
    actions = { ["incidents.get"] = { title = "from the stub" } },
    expect = function(run)
      expect.eq(run.result, { title = "from the stub" })
      expect.called("incidents.add_labels")
    end,
  },
  ["d: setup without a store"] = { setup = function() end },
})");
    ASSERT_EQ(results.size(), 4u);
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(results[i].passed) << describe(results[i]);
    EXPECT_FALSE(results[3].passed);
    EXPECT_TRUE(has(results[3].message, "setup needs store = \"temporary\""))
        << describe(results[3]);
}

TEST_F(PlaybookTestRunner, PlaybookOverTheCpuLimitUnderTest) {
    const auto playbook = manual_playbook("local n = 0\nwhile true do n = n + 1 end");
    const auto results = run_tests(playbook, R"(
return {
  ["is stopped by the case's limit"] = {
    limits = { instructions = 200000 },
    expect = function(run)
      expect.status("limit-exceeded")
      expect.contains(run.error, "instruction limit of 200000 exceeded")
    end,
  },
  ["fails a case that expects success"] = {},
  ["may not widen the engine's limits"] = { limits = { instructions = 10000000 } },
})",
                                   [] {
                                       lua::limits l;
                                       l.instructions = 1'000'000;
                                       return l;
                                   }());
    ASSERT_EQ(results.size(), 3u);
    EXPECT_TRUE(results[1].passed) << describe(results[1]);  // sorted: "is stopped…" second
    EXPECT_EQ(results[1].name, "is stopped by the case's limit");
    EXPECT_FALSE(results[0].passed);
    EXPECT_TRUE(has(results[0].message,
                    "but it ended \"limit-exceeded\": instruction limit of "
                    "1000000 exceeded"))
        << describe(results[0]);
    EXPECT_FALSE(results[2].passed);
    EXPECT_TRUE(has(results[2].message,
                    "limits.instructions must be an integer from 1 to 1000000 (the engine's "
                    "limit)"))
        << describe(results[2]);
    EXPECT_TRUE(results[2].run.is_null());
}

// The case docs/playbook-tests.md shows, on the playbook with the bug it catches.
TEST_F(PlaybookTestRunner, DocumentedRunawayLoopCase) {
    const std::filesystem::path fixtures =
        std::filesystem::path(TOCSIN_SOURCE_DIR) / "tests/playbook_test/fixtures";
    playbook_test_options options;
    options.plugins = [](plugin::registry& r) { plugins::register_builtin_plugins(r); };
    playbook_test_runner runner(std::move(options));
    const auto results =
        runner.run({fixtures / "_tests/runaway_test.lua", fixtures / "runaway.lua"});
    const auto& result = only(results);
    EXPECT_EQ(result.name, "gives up on a runaway loop");
    EXPECT_TRUE(result.passed) << describe(result);
    EXPECT_EQ(result.run["status"], "limit-exceeded") << describe(result);
}

TEST_F(PlaybookTestRunner, TestCodeOverItsOwnBudgetFailsTheCase) {
    lua::limits limits;
    limits.instructions = 500'000;
    const auto results = run_tests(manual_playbook("tocsin.util.uuid{}\nreturn {}"), R"(
return {
  ["stub that never returns"] = {
    actions = { ["util.uuid"] = function() while true do end end },
  },
})",
                                   limits);
    const auto& r = only(results);
    EXPECT_FALSE(r.passed);
    EXPECT_TRUE(has(r.message,
                    "the test's own code (setup, a stub or expect) went over its "
                    "budget: instruction limit of 500000 exceeded"))
        << describe(r);
    EXPECT_EQ(r.run["status"], "cancelled") << describe(r);
}

TEST_F(PlaybookTestRunner, StubRaisingAnErrorFailsTheCaseWithItsLocation) {
    const auto results = run_tests(manual_playbook("tocsin.util.uuid{}\nreturn {}"),
                                   "return {\n"
                                   "  boom = {\n"
                                   "    actions = {\n"
                                   "      [\"util.uuid\"] = function() error(\"no uuid today\") "
                                   "end,\n"  // 4
                                   "    },\n"
                                   "  },\n"
                                   "}\n");
    const auto& r = only(results);
    EXPECT_FALSE(r.passed);
    EXPECT_TRUE(has(r.message, "the stub of util.uuid raised an error: " +
                                   test_path().generic_string() + ":4: no uuid today"))
        << describe(r);
}

TEST_F(PlaybookTestRunner, ParamsThePlaybookRefusesFailTheCase) {
    const auto results = run_tests(manual_playbook("return {}"), R"(
return { ["bad label"] = { params = { label = 5 } }, ["unknown"] = { params = { nope = 1 } } })");
    ASSERT_EQ(results.size(), 2u);
    for (const auto& r : results) {
        EXPECT_FALSE(r.passed);
        EXPECT_TRUE(has(r.message, "the playbook refused the case's input: ")) << describe(r);
    }
    EXPECT_TRUE(has(results[0].message, "label")) << describe(results[0]);
    EXPECT_TRUE(has(results[1].message, "nope")) << describe(results[1]);
}

TEST_F(PlaybookTestRunner, MalformedCasesAreReportedPerCase) {
    const auto results = run_tests(manual_playbook("return {}"), R"(
return {
  typo = { expects = function() end },
  wrong_type = { expect = "succeeded" },
  bad_store = { store = "memory" },
  not_data = { trigger = { f = print } },
  fine = {},
})");
    ASSERT_EQ(results.size(), 5u);
    std::map<std::string, std::string> messages;
    for (const auto& r : results)
        messages[r.name] = r.passed ? "PASSED" : r.message;
    EXPECT_EQ(messages["fine"], "PASSED");
    EXPECT_TRUE(has(messages["typo"], "case \"typo\" has an unknown field \"expects\" (fields: "))
        << messages["typo"];
    EXPECT_TRUE(
        has(messages["wrong_type"], "case \"wrong_type\": expect must be a function, got a string"))
        << messages["wrong_type"];
    EXPECT_TRUE(has(messages["bad_store"], "store must be \"temporary\"")) << messages["bad_store"];
    EXPECT_TRUE(has(messages["not_data"],
                    "the case's trigger is not data: cannot convert a "
                    "function to JSON (at $.f)"))
        << messages["not_data"];
}

TEST_F(PlaybookTestRunner, BrokenTestFileIsOneFailureWithFileAndLine) {
    const auto results = run_tests(manual_playbook("return {}"), "return {\n  x = {\n    = 1\n}\n");
    const auto& r = only(results);
    EXPECT_FALSE(r.passed);
    EXPECT_TRUE(r.name.empty());
    EXPECT_EQ(r.message.rfind(test_path().generic_string() + ":3:", 0), 0u) << describe(r);

    const auto empty = run_tests(manual_playbook("return {}"), "return {}");
    EXPECT_TRUE(has(only(empty).message, "the test file has no cases")) << describe(only(empty));
}

TEST_F(PlaybookTestRunner, BrokenPlaybookFailsItsTestFile) {
    const auto results =
        run_tests("return {\n  name = 'p',\n  version = ,\n}\n", "return { x = {} }");
    const auto& r = only(results);
    EXPECT_FALSE(r.passed);
    EXPECT_TRUE(has(r.message, "the playbook under test does not load: ")) << describe(r);
    EXPECT_TRUE(has(r.message, "p.lua:3:")) << describe(r);
}

TEST_F(PlaybookTestRunner, FilterRunsOnlyMatchingCases) {
    const auto results =
        run_tests(manual_playbook("return {}"),
                  "return { ['Alpha one'] = {}, ['beta'] = {}, ['ALPHA two'] = {} }", {}, "alpha");
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].name, "ALPHA two");
    EXPECT_EQ(results[1].name, "Alpha one");
}

TEST_F(PlaybookTestRunner, PrintedLinesAreKeptWithTheCase) {
    const auto results =
        run_tests(manual_playbook("return {}"),
                  "return { x = { expect = function(run) print('status is', run.status) "
                  "expect.fail('on purpose') end } }");
    const auto& r = only(results);
    EXPECT_FALSE(r.passed);
    EXPECT_TRUE(has(r.message, ": on purpose")) << describe(r);
    ASSERT_EQ(r.output.size(), 1u) << describe(r);
    EXPECT_EQ(r.output[0], "status is succeeded");
}

TEST_F(PlaybookTestRunner, TestFilesRunInTheSandbox) {
    const auto results = run_tests(manual_playbook("return {}"), R"(
return {
  io = { expect = function() expect.eq(io, nil); expect.eq(os.execute, nil) end },
  require = { expect = function() require("../p") end },
})");
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(results[0].passed) << describe(results[0]);
    EXPECT_FALSE(results[1].passed);
    EXPECT_TRUE(has(results[1].message, "invalid module name")) << describe(results[1]);
}

}  // namespace
}  // namespace tocsin::runner::test
