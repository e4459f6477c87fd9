// Conformance: the model's validation rules surface through every incident write path, and a
// rejected write leaves nothing behind (no row, no number used, no activity, no event).

#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::IsEmpty;

// The incident states each rule rejects, applied to a valid incident.
struct invalid_case {
    std::string label;
    std::function<void(model::incident&)> spoil;
    errc code;
    std::string field;
};

std::vector<invalid_case> invalid_cases() {
    using model::classification;
    using model::classification_reason;
    using model::incident_status;
    auto closing = [](std::optional<classification> c, std::optional<classification_reason> r) {
        return [c, r](model::incident& i) {
            i.status = incident_status::closed;
            i.classification = c;
            i.reason = r;
        };
    };
    return {
        {"empty title", [](model::incident& i) { i.title.clear(); }, errc::missing_field,
         "properties.title"},
        {"whitespace title", [](model::incident& i) { i.title = " \t\r\n "; }, errc::missing_field,
         "properties.title"},
        {"description over 5000",
         [](model::incident& i) { i.description = std::string(5001, 'd'); }, errc::invalid_argument,
         "properties.description"},
        {"close without classification", closing(std::nullopt, std::nullopt), errc::missing_field,
         "properties.classification"},
        {"TruePositive without reason", closing(classification::true_positive, std::nullopt),
         errc::missing_field, "properties.classificationReason"},
        {"reason of another classification",
         closing(classification::true_positive, classification_reason::incorrect_alert_logic),
         errc::invalid_argument, "properties.classificationReason"},
        {"Undetermined with a reason",
         closing(classification::undetermined, classification_reason::suspicious_activity),
         errc::invalid_argument, "properties.classificationReason"},
    };
}

TEST_P(validation_conformance, rejected_creates_leave_nothing_behind) {
    for (const auto& c : invalid_cases()) {
        SCOPED_TRACE(c.label);
        auto value = new_incident("Valid title", "inc-invalid");
        c.spoil(value);
        expect_field_error([&] { s().put_incident(ws(), value, as_user()); }, c.code, c.field);
        EXPECT_FALSE(s().find_incident(ws(), "inc-invalid"));
        EXPECT_THAT(s().activity_of_incident(ws(), "inc-invalid"), IsEmpty());
    }
    EXPECT_THAT(events(), IsEmpty());
    // No number was consumed by the rejected writes.
    EXPECT_EQ(create("First valid").number, 1);
}

TEST_P(validation_conformance, rejected_replacements_and_updates_change_nothing) {
    auto created = create("Valid title", "inc-guarded");
    clear_events();
    for (const auto& c : invalid_cases()) {
        SCOPED_TRACE(c.label);
        auto value = new_incident("Valid title", "inc-guarded");
        c.spoil(value);
        expect_field_error([&] { s().put_incident(ws(), value, as_user()); }, c.code, c.field);
        expect_field_error([&] { s().update_incident(ws(), "inc-guarded", c.spoil, as_user()); },
                           c.code, c.field);
    }
    auto found = s().find_incident(ws(), "inc-guarded");
    EXPECT_EQ(found->etag, created.etag);
    EXPECT_EQ(found->title, "Valid title");
    EXPECT_EQ(found->status, model::incident_status::new_);
    EXPECT_THAT(events(), IsEmpty());
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-guarded").size(), 1u);
}

TEST_P(validation_conformance, limits_are_inclusive) {
    auto value = new_incident("Long description", "inc-5000");
    value.description = std::string(5000, 'd');
    EXPECT_TRUE(s().put_incident(ws(), value, as_user()).created);
}

TEST_P(validation_conformance, valid_closures_pass) {
    create("Closable", "inc-closable");
    auto closed = s().update_incident(
        ws(), "inc-closable",
        [](model::incident& i) {
            i.status = model::incident_status::closed;
            i.classification = model::classification::undetermined;
        },
        as_user());
    EXPECT_EQ(closed.status, model::incident_status::closed);
    EXPECT_EQ(closed.classification, model::classification::undetermined);
}

TEST_P(validation_conformance, invalid_alerts_comments_tasks_and_names_are_rejected) {
    auto alert = new_alert("alert-invalid");
    alert.display_name = "  ";
    expect_field_error([&] { s().create_alert(ws(), alert, as_user()); }, errc::missing_field,
                       "properties.alertDisplayName");
    EXPECT_FALSE(s().find_alert(ws(), "alert-invalid"));

    create("Parent", "inc-parent");
    model::comment comment;
    comment.incident_name = "inc-parent";
    comment.message = " ";
    expect_field_error([&] { s().put_comment(ws(), comment, as_user()); }, errc::missing_field,
                       "properties.message");
    comment.message = "fine";
    comment.name = "x";  // names are ^[a-zA-Z0-9-]{3,63}$
    expect_field_error([&] { s().put_comment(ws(), comment, as_user()); }, errc::invalid_argument,
                       "name");

    model::task task;
    task.incident_name = "inc-parent";
    expect_field_error([&] { s().put_task(ws(), task, as_user()); }, errc::missing_field,
                       "properties.title");

    create_alert("alert-valid");
    expect_field_error(
        [&] {
            s().add_relation(ws(), "inc-parent", "bad name!", "alert-valid",
                             model::sole_alert_policy::keep, as_user());
        },
        errc::invalid_argument, "name");
    EXPECT_EQ(s().find_incident(ws(), "inc-parent")->summary.comments_count, 0);
}

}  // namespace
}  // namespace tocsin::test
