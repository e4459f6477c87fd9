#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::model {
namespace {

incident valid_incident() {
    incident i;
    i.title = "Suspicious sign-in";
    return i;
}

// Runs validate and returns the thrown error (fails the test when nothing is thrown).
error_info rejection(const incident& value) {
    try {
        validate(value);
    } catch (const error& e) {
        return e.info();
    }
    ADD_FAILURE() << "expected a validation error";
    return {};
}

TEST(IncidentValidation, AcceptsMinimalIncidentWithDefaults) {
    const auto i = valid_incident();
    EXPECT_NO_THROW(validate(i));
    EXPECT_EQ(i.severity, severity::medium);
    EXPECT_EQ(i.status, incident_status::new_);
    EXPECT_TRUE(i.is_own());
}

TEST(IncidentValidation, TitleIsRequiredAndTrimmed) {
    auto i = valid_incident();
    i.title = "   \t ";
    auto err = rejection(i);
    EXPECT_EQ(err.code, errc::missing_field);
    EXPECT_EQ(err.field, "properties.title");

    i.title = "  Phishing mail  ";
    normalize(i);
    EXPECT_EQ(i.title, "Phishing mail");
}

TEST(IncidentValidation, TitleLengthIsCapped) {
    auto i = valid_incident();
    i.title = std::string(257, 'x');
    EXPECT_EQ(rejection(i).field, "properties.title");
}

TEST(IncidentValidation, DescriptionLimitCountsCharactersNotBytes) {
    auto i = valid_incident();
    std::string text;
    for (int n = 0; n < 5000; ++n)
        text += "\xC3\xA9";  // é: 2 bytes, 1 character
    i.description = text;
    EXPECT_NO_THROW(validate(i));
    i.description += "x";
    const auto err = rejection(i);
    EXPECT_EQ(err.code, errc::invalid_argument);
    EXPECT_EQ(err.field, "properties.description");
    EXPECT_NE(err.message.find("5000"), std::string::npos);
}

TEST(IncidentValidation, ClosingRequiresClassification) {
    auto i = valid_incident();
    i.status = incident_status::closed;
    const auto err = rejection(i);
    EXPECT_EQ(err.code, errc::missing_field);
    EXPECT_EQ(err.field, "properties.classification");
}

TEST(IncidentValidation, ClassificationsWithReasonsRequireOne) {
    auto i = valid_incident();
    i.status = incident_status::closed;
    for (auto c : {classification::true_positive, classification::benign_positive,
                   classification::false_positive}) {
        i.classification = c;
        i.reason.reset();
        const auto err = rejection(i);
        EXPECT_EQ(err.code, errc::missing_field);
        EXPECT_EQ(err.field, "properties.classificationReason");
    }
}

TEST(IncidentValidation, ReasonMustBelongToClassification) {
    auto i = valid_incident();
    i.status = incident_status::closed;
    i.classification = classification::true_positive;
    i.reason = classification_reason::inaccurate_data;
    const auto err = rejection(i);
    EXPECT_EQ(err.code, errc::invalid_argument);
    EXPECT_NE(err.message.find("SuspiciousActivity"), std::string::npos);
}

TEST(IncidentValidation, EveryDocumentedPairIsAccepted) {
    const std::pair<classification, std::optional<classification_reason>> pairs[] = {
        {classification::true_positive, classification_reason::suspicious_activity},
        {classification::benign_positive, classification_reason::suspicious_but_expected},
        {classification::false_positive, classification_reason::incorrect_alert_logic},
        {classification::false_positive, classification_reason::inaccurate_data},
        {classification::undetermined, std::nullopt},
    };
    for (const auto& [c, r] : pairs) {
        auto i = valid_incident();
        i.status = incident_status::closed;
        i.classification = c;
        i.reason = r;
        EXPECT_NO_THROW(validate(i)) << to_string(c);
    }
}

TEST(IncidentValidation, UndeterminedTakesNoReason) {
    auto i = valid_incident();
    i.status = incident_status::closed;
    i.classification = classification::undetermined;
    i.reason = classification_reason::suspicious_activity;
    EXPECT_EQ(rejection(i).field, "properties.classificationReason");
}

TEST(IncidentValidation, ReopeningClearsTheVerdict) {
    auto i = valid_incident();
    i.status = incident_status::active;
    i.classification = classification::true_positive;
    i.reason = classification_reason::suspicious_activity;
    i.classification_comment = "old";
    normalize(i);
    EXPECT_FALSE(i.classification);
    EXPECT_FALSE(i.reason);
    EXPECT_TRUE(i.classification_comment.empty());
}

TEST(IncidentValidation, LabelsAreTrimmedAndDeduplicatedCaseInsensitively) {
    auto i = valid_incident();
    i.labels = {{" phishing ", label_type::user},
                {"Phishing", label_type::auto_assigned},
                {"vip", label_type::user}};
    normalize(i);
    ASSERT_EQ(i.labels.size(), 2u);
    EXPECT_EQ(i.labels[0].name, "phishing");
    EXPECT_EQ(i.labels[1].name, "vip");
    i.labels.push_back({"  ", label_type::user});
    EXPECT_EQ(rejection(i).field, "properties.labels");
}

TEST(IncidentValidation, ActivityWindowMustBeOrdered) {
    auto i = valid_incident();
    i.first_activity = parse_time("2024-01-02T00:00:00Z");
    i.last_activity = parse_time("2024-01-01T00:00:00Z");
    EXPECT_EQ(rejection(i).field, "properties.lastActivityTimeUtc");
}

TEST(ChildNames, FollowTheApiPattern) {
    EXPECT_TRUE(is_valid_child_name("abc"));
    EXPECT_TRUE(is_valid_child_name("4bb36b7b-26ff-4d1c-9cbe-0d8ab3da0014"));
    EXPECT_FALSE(is_valid_child_name("ab"));
    EXPECT_FALSE(is_valid_child_name(std::string(64, 'a')));
    EXPECT_FALSE(is_valid_child_name("has space"));
    EXPECT_FALSE(is_valid_child_name("under_score"));
    EXPECT_THROW(validate_child_name("x", "relationName"), error);
}

TEST(Enums, ParseCaseInsensitivelyAndPrintApiNames) {
    EXPECT_EQ(parse_enum<severity>("high"), severity::high);
    EXPECT_EQ(parse_enum<classification>("benignpositive"), classification::benign_positive);
    EXPECT_FALSE(parse_enum<severity>("Critical"));
    EXPECT_EQ(to_string(incident_status::closed), "Closed");
    EXPECT_EQ(accepted_names<severity>(), "High, Medium, Low, Informational");
    EXPECT_GT(severity_rank(severity::high), severity_rank(severity::informational));
}

}  // namespace
}  // namespace tocsin::model
