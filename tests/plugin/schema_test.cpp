#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/plugin/schema.hpp"

namespace tocsin::plugin {
namespace {

using nlohmann::json;

schema close_schema() {
    return {{
        {"incident", value_type::string, true, "incident name"},
        {"classification", value_type::string, true, "", {"TruePositive", "BenignPositive"}},
        {"comment", value_type::string, false, "", {}, json(""), value_type::any, {}, 100},
        {"labels", value_type::array, false, "", {}, std::nullopt, value_type::string},
        {"owner",
         value_type::object,
         false,
         "",
         {},
         std::nullopt,
         value_type::any,
         {{"email", value_type::string, true}}},
    }};
}

error_info rejection(const json& input) {
    try {
        validate_input("incidents.close", close_schema(), input);
    } catch (const error& e) {
        return e.info();
    }
    ADD_FAILURE() << "expected rejection of " << input.dump();
    return {};
}

TEST(Schema, FillsDefaultsAndCanonicalisesChoices) {
    const auto out = validate_input("incidents.close", close_schema(),
                                    {{"incident", "i1"}, {"classification", "truepositive"}});
    EXPECT_EQ(out["classification"], "TruePositive");
    EXPECT_EQ(out["comment"], "");
}

TEST(Schema, RejectionsNameActionAndField) {
    auto err = rejection({{"classification", "TruePositive"}});
    EXPECT_EQ(err.code, errc::missing_field);
    EXPECT_EQ(err.message, "incidents.close: 'incident' is required");

    err = rejection({{"incident", 5}, {"classification", "TruePositive"}});
    EXPECT_EQ(err.message, "incidents.close: 'incident' must be a string, got number");

    err = rejection({{"incident", "i"}, {"classification", "Maybe"}});
    EXPECT_EQ(err.message,
              "incidents.close: 'classification' must be one of: TruePositive, BenignPositive "
              "(got 'Maybe')");

    err = rejection({{"incident", "i"}, {"classification", "TruePositive"}, {"colour", "red"}});
    EXPECT_EQ(err.message, "incidents.close: unknown field 'colour'");

    err = rejection({{"incident", "i"},
                     {"classification", "TruePositive"},
                     {"comment", std::string(101, 'x')}});
    EXPECT_EQ(err.field, "comment");

    err = rejection({{"incident", "i"}, {"classification", "TruePositive"}, {"labels", {"a", 1}}});
    EXPECT_EQ(err.message, "incidents.close: 'labels[2]' must be a string");

    err = rejection(
        {{"incident", "i"}, {"classification", "TruePositive"}, {"owner", json::object()}});
    EXPECT_EQ(err.message, "incidents.close: 'owner.email' is required");

    EXPECT_EQ(rejection(json::array()).code, errc::invalid_argument);
}

TEST(Schema, ExportsJsonSchema) {
    const auto js = to_json_schema(close_schema());
    EXPECT_EQ(js["type"], "object");
    EXPECT_EQ(js["required"], json({"incident", "classification"}));
    EXPECT_EQ(js["properties"]["classification"]["enum"][1], "BenignPositive");
    EXPECT_EQ(js["properties"]["labels"]["items"]["type"], "string");
    EXPECT_EQ(js["additionalProperties"], false);
}

action_descriptor noop_action(std::string name) {
    action_descriptor a;
    a.name = std::move(name);
    a.run = [](const services&, action_call, completion done) { done(json::object()); };
    return a;
}

TEST(Registry, FindsActionsAndInstances) {
    registry r;
    r.add({"notify", "1.0", "", {noop_action("notify.post")}});
    std::string instance;
    EXPECT_EQ(&r.resolve("notify:oncall.post", &instance), r.find("notify.post"));
    EXPECT_EQ(instance, "oncall");
    EXPECT_EQ(r.resolve("notify.post", &instance).name, "notify.post");
    EXPECT_TRUE(instance.empty());
    EXPECT_THROW(r.resolve("notify.nothing", nullptr), error);
}

TEST(Registry, RefusesDuplicatesAndMisnamedActions) {
    registry r;
    r.add({"util", "1.0", "", {noop_action("util.uuid")}});
    EXPECT_THROW(r.add({"util", "1.0", "", {}}), error);
    EXPECT_THROW(r.add({"other", "1.0", "", {noop_action("util.x")}}), error);
    action_descriptor no_handler;
    no_handler.name = "x.y";
    EXPECT_THROW(r.add({"x", "1.0", "", {no_handler}}), error);
    EXPECT_EQ(r.actions().size(), 1u);
}

}  // namespace
}  // namespace tocsin::plugin
