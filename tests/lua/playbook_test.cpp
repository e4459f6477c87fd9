// Loading playbooks (metadata, errors naming file and line) and checking their parameters.

#include <cstdio>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "engine/error.hpp"
#include "tests/lua/lua_harness.hpp"

namespace tocsin::lua::test {
namespace {

// Loads `source` as "playbooks/x.lua" and returns the error it raises.
error load_error(const std::string& source, const std::string& path = "playbooks/x.lua") {
    harness h;
    try {
        h.load(source, path);
    } catch (const error& e) {
        return e;
    }
    ADD_FAILURE() << "loading did not fail";
    return error(errc::ok, "");
}

TEST(PlaybookLoad, ReadsMetadataWithoutRunningRun) {
    harness h;
    int calls = 0;
    h.natives->add("tocsin.test.count", [&](native_call&) -> native_result {
        ++calls;
        return json(nullptr);
    });
    const auto def = h.load(R"(
        return {
          name = "triage", version = "2.0", description = "Triage alerts",
          triggers = { "alert", { kind = "schedule", filter = { cron = "*/5 * * * *" } }, "manual" },
          params = {
            threshold = { type = "number", default = 0.5, description = "score cut-off" },
            mode = { type = "choice", choices = { "dry", "live" }, required = true },
            tags = { type = "table", default = { "a", "b" } },
          },
          run = function(ctx) tocsin.test.count() end,
        })");
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(def.name, "triage");
    EXPECT_EQ(def.version, "2.0");
    EXPECT_EQ(def.description, "Triage alerts");
    ASSERT_EQ(def.triggers.size(), 3u);
    EXPECT_EQ(def.triggers[0].kind, trigger_kind::alert);
    EXPECT_TRUE(def.triggers[0].filter.is_null());
    EXPECT_EQ(def.triggers[1].kind, trigger_kind::schedule);
    EXPECT_EQ(def.triggers[1].filter, json({{"cron", "*/5 * * * *"}}));
    EXPECT_EQ(def.triggers[2].kind, trigger_kind::manual);
    ASSERT_EQ(def.params.size(), 3u);  // sorted by name
    EXPECT_EQ(def.params[0].name, "mode");
    EXPECT_EQ(def.params[0].type, param_type::choice);
    EXPECT_TRUE(def.params[0].required);
    EXPECT_EQ(def.params[0].choices, (std::vector<std::string>{"dry", "live"}));
    EXPECT_EQ(def.params[1].name, "tags");
    EXPECT_EQ(*def.params[1].default_value, json({"a", "b"}));
    EXPECT_EQ(def.params[2].name, "threshold");
    EXPECT_EQ(def.params[2].description, "score cut-off");
    EXPECT_EQ(*def.params[2].default_value, json(0.5));
    EXPECT_EQ(def.source_path, "test.lua");
    EXPECT_EQ(def.sha256.size(), 64u);
    EXPECT_TRUE(def.compiled != nullptr);
}

TEST(PlaybookLoad, HashIsSha256OfTheSource) {
    harness h;
    const std::string source = playbook_with("return 1");
    const auto a = h.load(source);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    ASSERT_EQ(EVP_Digest(source.data(), source.size(), digest, &size, EVP_sha256(), nullptr), 1);
    std::string expected;
    for (unsigned int i = 0; i < size; ++i) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", digest[i]);
        expected += hex;
    }
    EXPECT_EQ(a.sha256, expected);
    EXPECT_EQ(a.source, source);
    EXPECT_NE(h.load(playbook_with("return 2")).sha256, a.sha256);
}

TEST(PlaybookLoad, LoadsFromAFileAndRunsWithModules) {
    harness h;
    h.module_dirs = {fixtures_dir() / "modules"};
    const auto path = fixtures_dir() / "playbooks" / "contain_host.lua";
    load_options options;
    options.sandbox = h.sandbox();
    const auto def = load_playbook(path, options);
    EXPECT_EQ(def.name, "contain-host");
    EXPECT_EQ(def.source_path, path.string());
    ASSERT_EQ(def.triggers.size(), 2u);
    EXPECT_EQ(def.triggers[1].kind, trigger_kind::webhook);

    const auto out = h.run_to_end(def, run_context{{}, {{"host", "web-1"}}, "run-42"});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result, json::parse(R"({"banner": "WEB-1!", "severity": "low", "attempts": 3,
                                         "run_id": "run-42"})"));
    ASSERT_EQ(h.logs.size(), 1u);
    EXPECT_EQ(h.logs[0].message, "isolating web-1");
}

TEST(PlaybookLoad, MissingFileIsNotFound) {
    try {
        load_playbook("/nonexistent/x.lua", load_options{});
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::not_found);
        EXPECT_NE(std::string(e.what()).find("/nonexistent/x.lua"), std::string::npos);
    }
}

TEST(PlaybookLoad, SyntaxErrorNamesFileAndLine) {
    const auto e = load_error("return {\n  name = 'x',\n  version = = '1',\n}\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(std::string(e.what()).rfind("playbooks/x.lua:3: unexpected symbol near '='", 0), 0u)
        << e.what();
}

TEST(PlaybookLoad, LongPathsAreNotShortenedInMessages) {
    const std::string path = "/srv/tocsin/" + std::string(80, 'd') + "/playbooks/x.lua";
    const auto e = load_error("return {\n  name = = 1 }\n", path);
    EXPECT_EQ(std::string(e.what()).rfind(path + ":2:", 0), 0u) << e.what();
}

TEST(PlaybookLoad, TopLevelErrorNamesFileAndLine) {
    const auto e = load_error("local x = 1\nerror('boom')\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(std::string(e.what()), "playbooks/x.lua:2: boom");
}

TEST(PlaybookLoad, MissingNameIsReportedAtTheReturn) {
    const auto e = load_error(
        "local function helper() end\n"
        "return {\n"
        "  version = '1', triggers = { 'manual' }, run = function() end,\n"
        "}\n");
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_EQ(std::string(e.what()), "playbooks/x.lua:2: 'name' is required");
    EXPECT_EQ(e.field(), "name");
}

TEST(PlaybookLoad, WrongTypeIsReportedAtTheField) {
    const auto e = load_error(
        "-- version = 'in a comment'\n"
        "local s = \"version = 'in a string'\"\n"
        "return {\n"
        "  name = 'x',\n"
        "  version = 12,\n"
        "  triggers = { 'manual' }, run = function() end,\n"
        "}\n");
    EXPECT_EQ(std::string(e.what()), "playbooks/x.lua:5: 'version' must be a string");
}

TEST(PlaybookLoad, BadTriggerKindNamesTheEntryAndLine) {
    const auto e = load_error(
        "return {\n"
        "  name = 'x', version = '1',\n"
        "  triggers = {\n"
        "    'incident',\n"
        "    'smoke_signal',\n"
        "  },\n"
        "  run = function() end,\n"
        "}\n");
    EXPECT_EQ(std::string(e.what()),
              "playbooks/x.lua:5: 'triggers[2]': unknown trigger kind 'smoke_signal' (expected "
              "incident, alert, webhook, schedule, email, form, manual)");
}

TEST(PlaybookLoad, EmptyTriggersAreRefused) {
    const auto e =
        load_error("return { name = 'x', version = '1', triggers = {}, run = function() end }");
    EXPECT_NE(std::string(e.what()).find("'triggers' must be a non-empty list"), std::string::npos);
}

TEST(PlaybookLoad, BadParamTypeNamesTheParamAndLine) {
    const auto e = load_error(
        "return {\n"
        "  name = 'x', version = '1', triggers = { 'manual' },\n"
        "  params = {\n"
        "    host = { type = 'string' },\n"
        "    ratio = {\n"
        "      type = 'float',\n"
        "    },\n"
        "  },\n"
        "  run = function() end,\n"
        "}\n");
    EXPECT_EQ(std::string(e.what()),
              "playbooks/x.lua:6: 'params.ratio.type': unknown parameter type 'float' (expected "
              "string, number, integer, boolean, table, email, text, choice)");
    EXPECT_EQ(e.field(), "params.ratio");
}

TEST(PlaybookLoad, ParamDeclarationsAreChecked) {
    auto e = load_error(
        "return { name = 'x', version = '1', triggers = { 'manual' }, run = function() end,\n"
        "  params = { n = { type = 'integer', default = 'three' } } }");
    EXPECT_EQ(std::string(e.what()), "playbooks/x.lua:2: 'params.n.default' must be an integer");

    e = load_error(
        "return { name = 'x', version = '1', triggers = { 'manual' }, run = function() end,\n"
        "  params = { level = { type = 'choice' } } }");
    EXPECT_NE(
        std::string(e.what()).find("'params.level.choices' must be a non-empty list of strings"),
        std::string::npos);

    e = load_error(
        "return { name = 'x', version = '1', triggers = { 'manual' }, run = function() end,\n"
        "  params = { n = { type = 'string', required = true, default = 'x' } } }");
    EXPECT_NE(std::string(e.what()).find("cannot be both required and have a default"),
              std::string::npos);

    e = load_error(
        "return { name = 'x', version = '1', triggers = { 'manual' }, run = function() end,\n"
        "  params = { n = { type = 'string', requird = true } } }");
    EXPECT_NE(std::string(e.what()).find("'params.n': unknown field 'requird'"), std::string::npos);
}

TEST(PlaybookLoad, UnknownTopLevelFieldsAndMissingRunAreRefused) {
    auto e = load_error(
        "return {\n  name = 'x', version = '1', triggers = { 'manual' },\n"
        "  trigers = {}, run = function() end }");
    EXPECT_EQ(std::string(e.what()),
              "playbooks/x.lua:3: unknown field 'trigers' (expected name, version, description, "
              "triggers, params, run)");

    e = load_error("return { name = 'x', version = '1', triggers = { 'manual' } }");
    EXPECT_EQ(std::string(e.what()), "playbooks/x.lua:1: 'run' is required: function(ctx) ... end");

    e = load_error("return { name = 'x', version = '1', triggers = { 'manual' }, run = 5 }");
    EXPECT_EQ(std::string(e.what()), "playbooks/x.lua:1: 'run' must be a function, not a number");

    e = load_error("local x = 1");
    EXPECT_EQ(std::string(e.what()),
              "playbooks/x.lua: the playbook must return a table, not nothing");
}

TEST(PlaybookLoad, MetadataMustBePlainData) {
    const auto e = load_error(
        "return { name = 'x', version = '1', run = function() end,\n"
        "  triggers = { { kind = 'webhook', filter = { match = print } } } }");
    EXPECT_NE(std::string(e.what()).find("playbooks/x.lua:2: 'triggers' must be plain data: cannot "
                                         "convert a function to JSON (at $[1].filter.match)"),
              std::string::npos)
        << e.what();
}

TEST(PlaybookLoad, TopLevelRunsUnderLoadLimitsAndCannotCallActions) {
    harness h;
    h.natives->add("tocsin.test.act", [](native_call&) -> native_result { return json(1); });
    try {
        h.load("while true do end");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::limit_exceeded);
        EXPECT_EQ(std::string(e.what()),
                  "test.lua: instruction limit of 5000000 exceeded while loading the playbook");
    }
    try {
        h.load("tocsin.test.act()");
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::invalid_argument);
        EXPECT_NE(std::string(e.what()).find(
                      "tocsin.test.act: actions can only be called from run(ctx), not while a "
                      "playbook is loading"),
                  std::string::npos)
            << e.what();
    }
}

// Parameters ----------------------------------------------------------------------------------

const char* const params_playbook = R"(
    return {
      name = "p", version = "1", triggers = { "manual" },
      params = {
        count = { type = "integer", default = 3 },
        ratio = { type = "number" },
        host = { type = "string", required = true },
        level = { type = "choice", choices = { "low", "high" }, default = "low" },
        mail = { type = "email" },
        dry = { type = "boolean", default = true },
        extra = { type = "table" },
        note = { type = "text" },
      },
      run = function(ctx) return ctx.params end,
    })";

TEST(Params, DefaultsAreFilledAndAbsentOptionalsStayAbsent) {
    harness h;
    const auto out = h.run_to_end(h.load(params_playbook), run_context{{}, {{"host", "db-1"}}, ""});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_EQ(out.result,
              json::parse(R"({"count": 3, "host": "db-1", "level": "low", "dry": true})"));
}

TEST(Params, SuppliedValuesOfTheRightTypePass) {
    harness h;
    const json supplied = json::parse(R"({"count": 7.0, "ratio": 0.25, "host": "h", "level": "high",
        "mail": "soc@example.org", "dry": false, "extra": {"k": [1]}, "note": "line1\nline2"})");
    const auto out = h.run_to_end(h.load(params_playbook), run_context{{}, supplied, ""});
    ASSERT_EQ(out.state, run_state::finished) << out.error;
    EXPECT_TRUE(out.result["count"].is_number_integer());  // 7.0 from a JSON client is 7
    EXPECT_EQ(out.result["count"], 7);
    EXPECT_EQ(out.result["extra"], json({{"k", {1}}}));
}

struct param_case {
    json supplied;
    errc code;
    std::string field;
    std::string message;
};

TEST(Params, WrongValuesNameTheParameter) {
    harness h;
    const auto def = h.load(params_playbook);
    const std::vector<param_case> cases = {
        {{{"host", "h"}, {"count", "x"}},
         errc::invalid_argument,
         "count",
         "parameter 'count' must be an integer"},
        {{{"host", "h"}, {"count", 1.5}},
         errc::invalid_argument,
         "count",
         "parameter 'count' must be an integer"},
        {{{"host", 5}}, errc::invalid_argument, "host", "parameter 'host' must be a string"},
        {{{"host", "h"}, {"ratio", "1"}},
         errc::invalid_argument,
         "ratio",
         "parameter 'ratio' must be a number"},
        {{{"host", "h"}, {"level", "mid"}},
         errc::invalid_argument,
         "level",
         "parameter 'level' must be one of: low, high"},
        {{{"host", "h"}, {"mail", "not-an-address"}},
         errc::invalid_argument,
         "mail",
         "parameter 'mail' must be an email address"},
        {{{"host", "h"}, {"dry", "yes"}},
         errc::invalid_argument,
         "dry",
         "parameter 'dry' must be a boolean"},
        {{{"host", "h"}, {"extra", 1}},
         errc::invalid_argument,
         "extra",
         "parameter 'extra' must be a table (a JSON object or array)"},
        {{{"host", "h"}, {"surprise", 1}},
         errc::invalid_argument,
         "surprise",
         "unknown parameter 'surprise'"},
        {json::object(), errc::missing_field, "host", "parameter 'host' is required"},
        {json::array(), errc::invalid_argument, "params", "params must be a JSON object"},
    };
    for (const auto& c : cases) {
        try {
            run::create(def, run_context{{}, c.supplied, "r"}, h.options({}));
            ADD_FAILURE() << "accepted " << c.supplied;
        } catch (const error& e) {
            EXPECT_EQ(e.code(), c.code) << c.supplied;
            EXPECT_EQ(e.field(), c.field) << c.supplied;
            EXPECT_EQ(std::string(e.what()), c.message);
        }
    }
}

}  // namespace
}  // namespace tocsin::lua::test
