#include <gtest/gtest.h>

#include "engine/plugin/action_reference.hpp"
#include "engine/plugin/registry.hpp"
#include "plugins/builtin_registry.hpp"
#include "tests/docs/demo_descriptor.hpp"

namespace tocsin::plugin {
namespace {

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text + "\n").find("\n" + line + "\n") != std::string::npos;
}

TEST(ActionReference, InputTableHasOneRowPerFieldAndDottedRowsForNestedFields) {
    const auto demo = test::demo_plugin();
    EXPECT_EQ(input_table_markdown(demo.actions[0].input),
              "| Field | Type | Required | Default | Allowed values | Max length | Description |\n"
              "|---|---|---|---|---|---|---|\n"
              "| `host` | string | yes |  |  | 255 | host name |\n"
              "| `mode` | string | no | `\"fast\"` | `fast`, `full` |  | how hard |\n"
              "| `tags` | array of string | no |  |  |  | labels |\n"
              "| `target` | object | no |  |  |  | where |\n"
              "| `target.name` | string | yes |  |  |  |  |\n");
}

TEST(ActionReference, PipesInDescriptionsAreEscaped) {
    schema s;
    s.fields = {{"type", value_type::string, false, "bearer|basic"}};
    EXPECT_NE(input_table_markdown(s).find("| bearer\\|basic |"), std::string::npos);
}

TEST(ActionReference, ExampleCallTakesRequiredFieldsFromTheOutputExample) {
    const auto demo = test::demo_plugin();
    EXPECT_EQ(example_call_lua(demo.actions[0]),
              "local result, err = tocsin.demo.lookup{ host = \"ws-042\" }\n"
              "if not result then\n"
              "  error(err.code .. \": \" .. err.message)\n"
              "end\n");
    EXPECT_EQ(example_call_lua(demo.actions[1]).substr(0, 40),
              "local result, err = tocsin.demo.ping{}\ni");
}

TEST(ActionReference, ExampleCallUsesChoicesDefaultsAndPlaceholders) {
    action_descriptor a;
    a.name = "demo.make";
    field verdict{"verdict", value_type::string, true, "", {"TruePositive", "FalsePositive"}};
    field count{"count", value_type::integer, true};
    count.default_value = 5;
    field owner{"owner", value_type::object, true};
    owner.fields = {{"email", value_type::string, true}, {"name", value_type::string, false}};
    a.input.fields = {verdict, count, owner, {"note", value_type::string, true}};
    // Too long for one line: one member per line, keys sorted.
    EXPECT_EQ(example_call_lua(a),
              "local result, err = tocsin.demo.make{\n"
              "  count = 5,\n"
              "  note = \"<note>\",\n"
              "  owner = { email = \"<email>\" },\n"
              "  verdict = \"TruePositive\",\n"
              "}\n"
              "if not result then\n"
              "  error(err.code .. \": \" .. err.message)\n"
              "end\n");
}

TEST(ActionReference, AFieldsOwnExampleComesFirst) {
    action_descriptor a;
    a.name = "demo.send";
    field to{"to", value_type::any, true};
    to.example = "a@b.c";
    field kind{"kind", value_type::string, true, "", {"a", "b"}};
    kind.example = "b";
    field optional{"optional", value_type::integer, false};
    optional.example = 3;
    a.input.fields = {to, kind, optional, {"left_out", value_type::integer, false}};
    a.output_example = {{"to", "other@contoso.com"}};
    EXPECT_EQ(example_call_lua(a).substr(0, example_call_lua(a).find('\n')),
              "local result, err = tocsin.demo.send{ kind = \"b\", optional = 3, to = \"a@b.c\" }");
}

TEST(ActionReference, ActionSectionListsOutputErrorsFlagsAndExample) {
    const auto demo = test::demo_plugin();
    const auto md = action_reference_markdown({&demo});
    EXPECT_TRUE(has_line(md, "- **demo**: [demo.lookup](#demolookup), [demo.ping](#demoping)"));
    EXPECT_TRUE(has_line(md, "## demo"));
    EXPECT_TRUE(has_line(md, "Demo plugin. Version 2.0.0."));
    EXPECT_TRUE(has_line(md, "### demo.lookup"));
    EXPECT_TRUE(has_line(md, "Looks a host up."));
    EXPECT_NE(md.find("**Output** (example)\n\n```json\n{\n  \"found\": true,\n  \"host\": "
                      "\"ws-042\",\n  \"score\": 7\n}\n```\n"),
              std::string::npos);
    // Errors sorted by name, each with its meaning.
    EXPECT_NE(md.find("- `invalid_argument`: a field's value is malformed or out of range\n"
                      "- `not_found`: the resource does not exist\n"),
              std::string::npos);
    EXPECT_TRUE(has_line(md,
                         "**Flags**: side effects: no; idempotent: yes; default timeout: 5 s; "
                         "retry: 3 attempts on `unavailable`/`timeout`, backoff 100 ms "
                         "doubling to 2 s."));
    EXPECT_TRUE(has_line(md, "**Input**: none."));
    EXPECT_TRUE(has_line(md,
                         "**Flags**: side effects: yes; idempotent: no; default timeout: "
                         "30 s; retry: not retried."));
    EXPECT_EQ(md.back(), '\n');
    EXPECT_NE(md.substr(md.size() - 2), "\n\n");
}

TEST(ActionReference, PluginsAndActionsAreSortedWhateverTheRegistrationOrder) {
    auto demo = test::demo_plugin();
    std::swap(demo.actions[0], demo.actions[1]);
    plugin_descriptor other{"alpha", "1.0.0", "", {}};
    const auto md = action_reference_markdown({&demo, &other});
    EXPECT_LT(md.find("## alpha"), md.find("## demo"));
    EXPECT_LT(md.find("### demo.lookup"), md.find("### demo.ping"));
    EXPECT_EQ(md, action_reference_markdown({&other, &demo}));
}

TEST(ActionReference, EveryBuiltInActionHasAnOutputExampleAndErrorsWithMeanings) {
    registry reg;
    plugins::register_builtin_plugins(reg);
    for (const auto* a : reg.actions()) {
        EXPECT_FALSE(a->output_example.is_null()) << a->name << " has no output_example";
        for (auto code : a->errors)
            EXPECT_NE(errc_meaning(code), "unknown error") << a->name;
    }
}

}  // namespace
}  // namespace tocsin::plugin
