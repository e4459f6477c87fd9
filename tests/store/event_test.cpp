// Conformance: domain events reach the bus after the commit, in commit order, and never for a
// write that rolled back.

#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_P(event_conformance, events_follow_the_commit_and_carry_the_new_state) {
    // An inline subscriber that reads through the store sees the committed data: it runs after
    // COMMIT, on another connection.
    std::optional<model::incident> seen_by_subscriber;
    auto id = bus_.subscribe({event_type::incident_created},
                             [&](const std::shared_ptr<const domain_event>& e) {
                                 seen_by_subscriber = s().find_incident(ws(), e->incident_name);
                             });
    auto created = create("Visible", "inc-visible");
    bus_.unsubscribe(id);
    ASSERT_TRUE(seen_by_subscriber);
    EXPECT_EQ(seen_by_subscriber->etag, created.etag);

    ASSERT_THAT(event_types(), ElementsAre(event_type::incident_created));
    const auto& e = *events()[0];
    EXPECT_EQ(e.workspace_key, ws().key());
    EXPECT_EQ(e.incident_name, "inc-visible");
    EXPECT_EQ(e.actor.name, "Ada Analyst");
    EXPECT_EQ(e.at, clock_.now());
    ASSERT_TRUE(e.incident);
    EXPECT_EQ(e.incident->etag, created.etag);
    ASSERT_FALSE(e.changes.empty());
    EXPECT_EQ(e.changes[0].field, "title");
    EXPECT_EQ(e.changes[0].before, nullptr);
    EXPECT_EQ(e.changes[0].after, "Visible");
}

TEST_P(event_conformance, updates_list_their_changes_in_api_names) {
    create("Before", "inc-changes");
    clear_events();
    s().update_incident(
        ws(), "inc-changes",
        [](model::incident& i) {
            i.title = "After";
            i.status = model::incident_status::active;
            i.labels = {{"vip", model::label_type::user}};
            i.owner.email = "grace@contoso.com";
        },
        as_user());
    ASSERT_THAT(event_types(), ElementsAre(event_type::incident_updated));
    std::vector<std::string> fields;
    for (const auto& c : events()[0]->changes)
        fields.push_back(c.field);
    EXPECT_THAT(fields, ElementsAre("title", "status", "owner", "labels"));
    EXPECT_EQ(events()[0]->changes[1].before, "New");
    EXPECT_EQ(events()[0]->changes[1].after, "Active");
    EXPECT_EQ(events()[0]->changes[3].after[0]["labelName"], "vip");
}

TEST_P(event_conformance, nothing_is_published_for_rolled_back_writes) {
    create("Stable", "inc-stable");
    create_alert("alert-stable");
    clear_events();
    // A mutation that throws.
    EXPECT_ANY_THROW(s().update_incident(
        ws(), "inc-stable", [](model::incident&) { throw error(errc::internal, "boom"); },
        as_user()));
    // A validation failure.
    EXPECT_ANY_THROW(s().update_incident(
        ws(), "inc-stable", [](model::incident& i) { i.title.clear(); }, as_user()));
    // An etag conflict.
    EXPECT_ANY_THROW(
        s().put_incident(ws(), new_incident("Changed", "inc-stable"), if_match("stale")));
    // A relation rule.
    EXPECT_ANY_THROW(s().add_relation(ws(), "inc-stable", "", "alert-missing",
                                      model::sole_alert_policy::keep, as_user()));
    EXPECT_THAT(events(), IsEmpty());
    EXPECT_EQ(bus_.published_count(), 2u);  // the create and the alert, before clear_events()
}

TEST_P(event_conformance, a_subscriber_may_write_to_the_store) {
    // Automation reacts to incident_created by writing a comment: its write must neither
    // deadlock nor overtake the event that caused it.
    auto id = bus_.subscribe({event_type::incident_created},
                             [&](const std::shared_ptr<const domain_event>& e) {
                                 model::comment c;
                                 c.incident_name = e->incident_name;
                                 c.message = "auto-triaged";
                                 s().put_comment(ws(), c, as_user("rule"));
                             });
    create("Triggers automation", "inc-auto");
    bus_.unsubscribe(id);
    EXPECT_THAT(event_types(),
                ElementsAre(event_type::incident_created, event_type::comment_added));
    EXPECT_EQ(s().list_comments(ws(), "inc-auto").size(), 1u);
}

TEST_P(event_conformance, a_throwing_subscriber_does_not_undo_the_write) {
    auto id = bus_.subscribe({event_type::incident_created},
                             [](const std::shared_ptr<const domain_event>&) {
                                 throw std::runtime_error("subscriber bug");
                             });
    EXPECT_NO_THROW(create("Committed anyway", "inc-committed"));
    bus_.unsubscribe(id);
    EXPECT_TRUE(s().find_incident(ws(), "inc-committed"));
}

}  // namespace
}  // namespace tocsin::test
