// Form declarations, answers checked before a run, the JSON shapes of Microsoft Forms, and what
// a run's result means to the responder.

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "tests/form_trigger/form_support.hpp"
#include "triggers/form/form_answers.hpp"
#include "triggers/form/form_exchange.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;
using triggers::form_outcome;

std::string declaration_error(const std::string& options, const std::string& params = "") {
    try {
        form_of(
            "return { name = 'p', version = '1', description = '', triggers = { { kind = "
            "'form', options = " +
            options + " } }, params = {" + params + "}, run = function(ctx) end }");
    } catch (const error& e) {
        return std::string(e.what()) + " [" + e.field() + "]";
    }
    return "(accepted)";
}

TEST(FormBinding, ReadsItsOptionsWithDefaults) {
    const auto form = form_of(every_control_playbook);
    EXPECT_EQ(form.name, "report-suspicious-activity");
    EXPECT_EQ(form.title, "Report <suspicious> activity");
    EXPECT_FALSE(form.requires_token);
    EXPECT_EQ(form.timeout, std::chrono::milliseconds(10000));
    EXPECT_EQ(form.submit_label, "Submit");
    ASSERT_EQ(form.fields.size(), 9u);  // the table has no control
    EXPECT_EQ(form.fields[0].name, "summary");
    EXPECT_EQ(form.fields[1].name, "details");
    EXPECT_EQ(form.fields[2].name, "channel");  // then by name

    const auto plain = form_of(
        "return { name = 'plain', version = '1', description = '', triggers = { 'form' }, "
        "run = function(ctx) end }");
    EXPECT_EQ(plain.name, "plain");
    EXPECT_EQ(plain.title, "plain");
    EXPECT_EQ(plain.timeout, std::chrono::milliseconds(30000));
}

TEST(FormBinding, MalformedOptionsNameTheOption) {
    EXPECT_NE(declaration_error("{ auth = 'yes' }").find("[triggers.options.auth]"),
              std::string::npos);
    EXPECT_NE(declaration_error("{ timeout_ms = 0 }").find("[triggers.options.timeout_ms]"),
              std::string::npos);
    EXPECT_NE(declaration_error("{ name = 'a b' }").find("[triggers.options.name]"),
              std::string::npos);
    EXPECT_NE(declaration_error("{ fields = { 'nope' } }").find("not one of the playbook's"),
              std::string::npos);
    EXPECT_NE(
        declaration_error("{}", "t = { type = 'table', required = true }").find("required table"),
        std::string::npos);
    EXPECT_EQ(declaration_error("{}", "t = { type = 'table' }"), "(accepted)");
}

class FormAnswers : public ::testing::Test {
  protected:
    triggers::form_binding form = form_of(every_control_playbook);

    triggers::form_answers posted(http::fields fields) {
        return triggers::read_posted_answers(form, fields);
    }
    static http::fields valid_post() {
        return {{"summary", "  Phishing mail  "},
                {"consent", "true"},
                {"department", "IT"},
                {"_csrf", "ignored"}};
    }
};

TEST_F(FormAnswers, ValidPostBecomesTypedParamsOverDefaults) {
    auto fields = valid_post();
    fields.add("details", "line 1\r\nline 2");
    fields.add("count", " 3 ");
    fields.add("score", "2.5");
    fields.add("reporter", "alice@contoso.com");
    fields.add("unknown", "dropped");
    const auto answers = posted(fields);
    ASSERT_TRUE(answers.ok()) << json(answers.errors).dump();
    EXPECT_EQ(answers.params["summary"], "Phishing mail");
    EXPECT_EQ(answers.params["details"], "line 1\nline 2");
    EXPECT_EQ(answers.params["count"], 3);
    EXPECT_TRUE(answers.params["count"].is_number_integer());
    EXPECT_EQ(answers.params["score"], 2.5);
    EXPECT_EQ(answers.params["consent"], true);
    EXPECT_EQ(answers.params["urgent"], false);     // an unticked box is not sent
    EXPECT_EQ(answers.params["channel"], "email");  // the default
    EXPECT_EQ(answers.params["department"], "IT");
    EXPECT_FALSE(answers.params.contains("unknown"));
    EXPECT_FALSE(answers.answers.contains("_csrf"));
    EXPECT_EQ(answers.answers["summary"], "  Phishing mail  ");  // as sent
}

TEST_F(FormAnswers, EveryProblemIsReportedByItsField) {
    const auto answers = posted({{"summary", "   "},
                                 {"count", "3.5"},
                                 {"score", "lots"},
                                 {"reporter", "not-an-address"},
                                 {"channel", "pigeon"},
                                 {"department", "IT"}});
    EXPECT_FALSE(answers.ok());
    EXPECT_EQ(answers.errors.at("summary"), "This field is required.");
    EXPECT_EQ(answers.errors.at("count"), "Enter a whole number.");
    EXPECT_EQ(answers.errors.at("score"), "Enter a number.");
    EXPECT_EQ(answers.errors.at("reporter"), "Enter an e-mail address, such as name@example.com.");
    EXPECT_EQ(answers.errors.at("channel"), "Choose one of: email, phone, chat.");
    EXPECT_EQ(answers.errors.at("consent"), "Tick this box to continue.");
    EXPECT_EQ(answers.errors.size(), 6u);
    EXPECT_EQ(answers.entered.at("count"), "3.5");  // kept to show again
}

TEST_F(FormAnswers, MissingRequiredChoiceAsksForAnOption) {
    auto fields = valid_post();
    fields.erase("department");
    EXPECT_EQ(posted(fields).errors.at("department"), "Choose an option.");
}

TEST_F(FormAnswers, JsonAnswersMayBeTypedOrText) {
    const auto answers = triggers::read_json_answers(form, {{"summary", "Phish"},
                                                            {"consent", "Yes"},
                                                            {"department", "HR"},
                                                            {"count", "7"},
                                                            {"score", 1},
                                                            {"urgent", true},
                                                            {"extra", {{"k", "v"}}},
                                                            {"r0b1c2", "an unmapped question"},
                                                            {"details", nullptr}});
    ASSERT_TRUE(answers.ok()) << json(answers.errors).dump();
    EXPECT_EQ(answers.params["count"], 7);
    EXPECT_EQ(answers.params["consent"], true);
    EXPECT_EQ(answers.params["urgent"], true);
    EXPECT_EQ(answers.params["extra"], json({{"k", "v"}}));
    EXPECT_FALSE(answers.params.contains("r0b1c2"));
    EXPECT_FALSE(answers.params.contains("details"));
    EXPECT_EQ(answers.answers["r0b1c2"], "an unmapped question");
}

TEST_F(FormAnswers, JsonProblemsAreReportedByField) {
    const auto answers = triggers::read_json_answers(
        form, {{"count", true}, {"reporter", 12}, {"department", "Marketing"}});
    EXPECT_EQ(answers.errors.at("count"), "Enter a whole number.");
    EXPECT_EQ(answers.errors.at("reporter"), "Enter an e-mail address, such as name@example.com.");
    EXPECT_EQ(answers.errors.at("department"), "Choose one of: IT, HR, Finance, Sales, Legal.");
    EXPECT_EQ(answers.errors.at("summary"), "This field is required.");
    EXPECT_EQ(answers.errors.at("consent"), "Tick this box to continue.");
}

TEST(FormJsonSubmission, ReadsTheThreeMicrosoftFormsShapes) {
    auto one = triggers::read_json_submission({{"responder", "alice@contoso.com"},
                                               {"submitDate", "6/5/2024 9:51:47 AM"},
                                               {"answers", {{"summary", "x"}}}});
    EXPECT_EQ(one.responder, "alice@contoso.com");
    EXPECT_EQ(one.submit_date, "6/5/2024 9:51:47 AM");
    EXPECT_EQ(one.answers, json({{"summary", "x"}}));

    auto two = triggers::read_json_submission(
        {{"responder", "anonymous"},
         {"answers", json::array({{{"questionId", "summary"}, {"answer", "y"}},
                                  {{"questionId", "count"}, {"answer", "2"}}})}});
    EXPECT_EQ(two.responder, std::nullopt);  // not an e-mail address
    EXPECT_EQ(two.answers, json({{"summary", "y"}, {"count", "2"}}));

    auto three = triggers::read_json_submission({{"responder", "bob@contoso.com"},
                                                 {"submitDate", "2024-06-05T09:51:47Z"},
                                                 {"@odata.etag", "W/1"},
                                                 {"summary", "z"}});
    EXPECT_EQ(three.answers, json({{"summary", "z"}}));
}

TEST(FormJsonSubmission, OtherShapesAreRefusedNamingTheMember) {
    for (const auto& [body, field] :
         std::vector<std::pair<json, std::string>>{{json::array(), "body"},
                                                   {{{"answers", "text"}}, "answers"},
                                                   {{{"answers", {1}}}, "answers[0]"}}) {
        try {
            triggers::read_json_submission(body);
            ADD_FAILURE() << body.dump() << " was accepted";
        } catch (const error& e) {
            EXPECT_EQ(e.code(), errc::invalid_argument);
            EXPECT_EQ(e.field(), field);
        }
    }
}

store::run_record finished(json result, std::string status = "succeeded") {
    store::run_record run;
    run.id = "run-1";
    run.status = std::move(status);
    run.result = std::move(result);
    return run;
}

TEST(FormOutcome, MapsTheResultForTheResponder) {
    auto o = triggers::outcome_of(finished(
        {{"incident", {{"incidentNumber", 42}, {"title", "Phish"}}}, {"message", "We are on it"}}));
    EXPECT_EQ(o.what, form_outcome::kind::incident);
    EXPECT_EQ(o.incident_number, 42);
    EXPECT_EQ(o.incident_title, "Phish");
    EXPECT_EQ(o.message, "We are on it");

    o = triggers::outcome_of(
        finished({{"incident", {{"properties", {{"incidentNumber", 7}, {"title", "T"}}}}}}));
    EXPECT_EQ(o.incident_number, 7);
    EXPECT_EQ(o.incident_title, "T");
    EXPECT_EQ(triggers::outcome_of(finished({{"incident", 9}})).incident_number, 9);

    o = triggers::outcome_of(finished({{"message", "Thanks, Alice"}}));
    EXPECT_EQ(o.what, form_outcome::kind::message);
    EXPECT_EQ(o.message, "Thanks, Alice");

    EXPECT_EQ(triggers::outcome_of(finished(nullptr)).what, form_outcome::kind::thanks);
    EXPECT_EQ(triggers::outcome_of(finished({{"incident", "no number"}})).what,
              form_outcome::kind::thanks);

    o = triggers::outcome_of(finished({{"errors", {{"summary", "Too vague"}}}}));
    EXPECT_EQ(o.what, form_outcome::kind::field_errors);
    EXPECT_EQ(o.errors.at("summary"), "Too vague");

    EXPECT_EQ(triggers::outcome_of(finished({{"incident", 1}}, "failed")).what,
              form_outcome::kind::failed);
}

TEST(FormTrigger, CarriesFormResponderTimeAndAnswers) {
    const auto form = form_of(every_control_playbook);
    triggers::form_answers answers;
    answers.answers = {{"summary", "x"}};
    http::request req(http::verb::post, "/forms/report-suspicious-activity");
    req.set_remote({"10.0.0.7", 5555});
    const auto trigger =
        triggers::form_trigger(form, answers,
                               {.responder = "alice@contoso.com",
                                .submit_date = std::nullopt,
                                .requested_by = std::nullopt},
                               req, time_point(std::chrono::seconds(1'700'000'000)));
    EXPECT_EQ(trigger["kind"], "form");
    EXPECT_EQ(trigger["form"], "report-suspicious-activity");
    EXPECT_EQ(trigger["responder"], "alice@contoso.com");
    EXPECT_EQ(trigger["submitted_at"], "2023-11-14T22:13:20Z");
    EXPECT_EQ(trigger["answers"], json({{"summary", "x"}}));
    EXPECT_EQ(trigger["remote_address"], "10.0.0.7");
    EXPECT_FALSE(trigger.contains("submit_date"));
}

}  // namespace
}  // namespace tocsin::test
