// Conformance: relations between incidents and alerts, with Sentinel's rules and messages.

#include "engine/model/relation.hpp"
#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr auto keep = model::sole_alert_policy::keep;
constexpr auto close_other = model::sole_alert_policy::close_other;

std::vector<std::string> actions(const std::vector<model::activity_entry>& log) {
    std::vector<std::string> out;
    for (const auto& e : log)
        out.push_back(e.action);
    return out;
}

TEST_P(relation_conformance, add_creates_a_relation_with_activity_and_event) {
    create("Incident", "inc-rel");
    create_alert("alert-rel");
    clear_events();
    auto r = s().add_relation(ws(), "inc-rel", "rel-1", "alert-rel", keep, as_user());
    EXPECT_TRUE(r.created);
    EXPECT_FALSE(r.closed_incident);
    EXPECT_EQ(r.relation.name, "rel-1");
    EXPECT_EQ(r.relation.incident_name, "inc-rel");
    EXPECT_EQ(r.relation.alert_id, "alert-rel");
    EXPECT_FALSE(r.relation.etag.empty());
    EXPECT_EQ(r.relation.created, clock_.now());

    auto found = s().find_relation(ws(), "inc-rel", "REL-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->alert_id, "alert-rel");
    EXPECT_EQ(found->etag, r.relation.etag);
    EXPECT_EQ(s().list_relations(ws(), "inc-rel").size(), 1u);

    ASSERT_THAT(event_types(), ElementsAre(event_type::alert_related));
    const auto& e = *events()[0];
    EXPECT_EQ(e.incident_name, "inc-rel");
    EXPECT_EQ(e.alert_id, "alert-rel");
    EXPECT_EQ(e.relation_name, "rel-1");
    ASSERT_TRUE(e.incident);
    EXPECT_EQ(e.incident->summary.alerts_count, 1);
    ASSERT_TRUE(e.alert);

    auto log = s().activity_of_incident(ws(), "inc-rel");
    EXPECT_THAT(actions(log), ElementsAre("incident.created", "relation.added"));
    EXPECT_EQ(log[1].detail["alertId"], "alert-rel");
    EXPECT_EQ(log[1].detail["relationName"], "rel-1");
}

TEST_P(relation_conformance, an_empty_relation_name_is_generated) {
    create("Incident", "inc-gen");
    create_alert("alert-gen");
    auto r = s().add_relation(ws(), "inc-gen", "", "alert-gen", keep, as_user());
    EXPECT_TRUE(r.created);
    EXPECT_FALSE(r.relation.name.empty());
    EXPECT_TRUE(s().find_relation(ws(), "inc-gen", r.relation.name));
}

TEST_P(relation_conformance, identical_re_add_is_a_no_op) {
    create("Incident", "inc-again");
    create_alert("alert-again");
    auto first = s().add_relation(ws(), "inc-again", "rel-again", "alert-again", keep, as_user());
    clear_events();
    auto second = s().add_relation(ws(), "inc-again", "rel-again", "alert-again", keep, as_user());
    EXPECT_FALSE(second.created);
    EXPECT_EQ(second.relation.etag, first.relation.etag);
    EXPECT_THAT(events(), IsEmpty());
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-again").size(), 2u);
}

TEST_P(relation_conformance, the_same_alert_twice_is_already_exists) {
    create("Incident", "inc-dup");
    create_alert("alert-dup");
    s().add_relation(ws(), "inc-dup", "rel-dup-1", "alert-dup", keep, as_user());
    expect_error(
        [&] { s().add_relation(ws(), "inc-dup", "rel-dup-2", "alert-dup", keep, as_user()); },
        errc::already_exists,
        "Failed to create relation. Alert alert-dup already exists in incident inc-dup.");
}

TEST_P(relation_conformance, a_relation_name_of_another_alert_is_a_conflict) {
    create("Incident", "inc-name");
    create_alert("alert-name-1");
    create_alert("alert-name-2");
    s().add_relation(ws(), "inc-name", "rel-taken", "alert-name-1", keep, as_user());
    expect_error(
        [&] { s().add_relation(ws(), "inc-name", "rel-taken", "alert-name-2", keep, as_user()); },
        errc::conflict,
        "Failed to create relation. Relation name rel-taken is already used for a different "
        "resource.");
    EXPECT_EQ(s().list_relations(ws(), "inc-name").size(), 1u);
}

TEST_P(relation_conformance, unknown_incident_or_alert_is_not_found) {
    create("Incident", "inc-known");
    create_alert("alert-known");
    expect_error(
        [&] { s().add_relation(ws(), "inc-unknown", "rel-x", "alert-known", keep, as_user()); },
        errc::not_found, "Incident inc-unknown doesn't exist.");
    expect_error(
        [&] { s().add_relation(ws(), "inc-known", "rel-x", "alert-unknown", keep, as_user()); },
        errc::not_found, "Resource alert-unknown does not exist.");
    expect_error(
        [&] { s().add_relation(other_ws(), "inc-known", "rel-x", "alert-known", keep, as_user()); },
        errc::not_found, "Incident inc-known doesn't exist.");
}

TEST_P(relation_conformance, an_alert_of_another_workspace_is_refused) {
    create("Incident", "inc-ws");
    s().create_alert(other_ws(), new_alert("alert-elsewhere"), as_user());
    expect_error(
        [&] { s().add_relation(ws(), "inc-ws", "rel-ws", "alert-elsewhere", keep, as_user()); },
        errc::precondition_failed,
        "Failed to create relation. Alert alert-elsewhere and incident inc-ws must be in the "
        "same workspace.");
}

TEST_P(relation_conformance, an_incident_takes_at_most_150_alerts) {
    auto incident = create("Busy", "inc-cap");
    std::vector<model::alert> batch;
    for (int n = 0; n <= 150; ++n)
        batch.push_back(new_alert("cap-" + std::to_string(n)));
    for (const auto& r : s().create_alerts(ws(), batch, as_user()))
        ASSERT_TRUE(r);
    for (int n = 0; n < 150; ++n)
        s().add_relation(ws(), "inc-cap", "", "cap-" + std::to_string(n), keep, as_user());
    clear_events();
    expect_error([&] { s().add_relation(ws(), "inc-cap", "", "cap-150", keep, as_user()); },
                 errc::limit_exceeded,
                 "Failed to create relation. Incident " + std::to_string(incident.number) +
                     " has reached the maximum of 150 alerts.");
    EXPECT_EQ(s().find_incident(ws(), "inc-cap")->summary.alerts_count, 150);
    EXPECT_THAT(events(), IsEmpty());
}

TEST_P(relation_conformance, alerts_of_the_incident_provider_cannot_be_added_or_removed) {
    const std::string provider = "Microsoft Defender XDR";
    const std::string message = "Alerts of " + provider + " cannot be added to or removed from " +
                                provider + " incidents; change them in " + provider + ".";
    auto imported = new_incident("Imported", "inc-xdr");
    imported.provider_name = provider;
    imported.provider_incident_id = "77";
    s().put_incident(ws(), imported, as_user());
    create_alert("xdr-alert", "microsoft defender xdr");
    create_alert("edr-alert", "Contoso EDR");
    expect_error([&] { s().add_relation(ws(), "inc-xdr", "", "xdr-alert", keep, as_user()); },
                 errc::precondition_failed, message);
    // Other products' alerts may join the imported incident.
    EXPECT_TRUE(s().add_relation(ws(), "inc-xdr", "", "edr-alert", keep, as_user()).created);

    // An own incident may hold the provider's alert; once it belongs to the provider, the
    // relation can no longer be removed here.
    create("Own", "inc-own");
    s().add_relation(ws(), "inc-own", "rel-own", "xdr-alert", keep, as_user());
    auto handed_over = new_incident("Own", "inc-own");
    handed_over.provider_name = provider;
    s().put_incident(ws(), handed_over, as_user());
    expect_error([&] { s().remove_relation(ws(), "inc-own", "rel-own", as_user()); },
                 errc::precondition_failed, message);
    EXPECT_TRUE(s().find_relation(ws(), "inc-own", "rel-own"));
}

TEST_P(relation_conformance, sole_alert_keep_leaves_the_other_incident_alone) {
    auto first = create("First", "inc-first");
    create("Second", "inc-second");
    create_alert("moving-alert");
    s().add_relation(ws(), "inc-first", "", "moving-alert", keep, as_user());
    auto before = *s().find_incident(ws(), "inc-first");
    auto r = s().add_relation(ws(), "inc-second", "", "moving-alert", keep, as_user());
    EXPECT_TRUE(r.created);
    EXPECT_FALSE(r.closed_incident);
    auto after = *s().find_incident(ws(), "inc-first");
    EXPECT_EQ(after.status, model::incident_status::new_);
    EXPECT_EQ(after.etag, before.etag);
    EXPECT_EQ(after.summary.comments_count, 0);
    (void)first;
}

TEST_P(relation_conformance, sole_alert_close_other_closes_it_with_a_comment) {
    create("First", "inc-old");
    auto target = create("Merged campaign", "inc-new");
    create_alert("sole-alert");
    s().add_relation(ws(), "inc-old", "", "sole-alert", keep, as_user());
    clear_events();

    auto r = s().add_relation(ws(), "inc-new", "", "sole-alert", close_other, as_user("Rule"));
    EXPECT_TRUE(r.created);
    ASSERT_TRUE(r.closed_incident);
    EXPECT_EQ(*r.closed_incident, "inc-old");

    auto old = *s().find_incident(ws(), "inc-old");
    EXPECT_EQ(old.status, model::incident_status::closed);
    EXPECT_EQ(old.classification, model::classification::undetermined);
    EXPECT_FALSE(old.reason);
    const std::string text = std::string(model::moved_alert_comment) + ": #" +
                             std::to_string(target.number) + " Merged campaign";
    auto comments = s().list_comments(ws(), "inc-old");
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_EQ(comments[0].message, text);
    EXPECT_EQ(comments[0].author.name, "Rule");
    EXPECT_EQ(old.summary.alerts_count, 1);  // the relation itself stays

    EXPECT_THAT(
        actions(s().activity_of_incident(ws(), "inc-old")),
        ElementsAre("incident.created", "relation.added", "incident.closed", "comment.added"));
    auto new_log = s().activity_of_incident(ws(), "inc-new");
    EXPECT_THAT(actions(new_log), ElementsAre("incident.created", "relation.added"));
    EXPECT_EQ(new_log[1].detail["closedIncident"], "inc-old");

    EXPECT_THAT(event_types(), ElementsAre(event_type::alert_related, event_type::incident_updated,
                                           event_type::incident_closed, event_type::comment_added));
    EXPECT_EQ(events()[1]->incident_name, "inc-old");
    EXPECT_EQ(events()[2]->incident_name, "inc-old");
}

TEST_P(relation_conformance, close_other_spares_incidents_with_more_alerts_or_already_closed) {
    create("Two alerts", "inc-two");
    create("Closed", "inc-closed");
    create("Target", "inc-target");
    create_alert("spare-a");
    create_alert("spare-b");
    create_alert("spare-c");
    s().add_relation(ws(), "inc-two", "", "spare-a", keep, as_user());
    s().add_relation(ws(), "inc-two", "", "spare-b", keep, as_user());
    s().add_relation(ws(), "inc-closed", "", "spare-c", keep, as_user());
    close_incident("inc-closed");
    auto closed_before = *s().find_incident(ws(), "inc-closed");

    auto r1 = s().add_relation(ws(), "inc-target", "", "spare-a", close_other, as_user());
    EXPECT_FALSE(r1.closed_incident);
    auto r2 = s().add_relation(ws(), "inc-target", "", "spare-c", close_other, as_user());
    EXPECT_FALSE(r2.closed_incident);
    EXPECT_EQ(s().find_incident(ws(), "inc-two")->status, model::incident_status::new_);
    EXPECT_EQ(s().find_incident(ws(), "inc-closed")->etag, closed_before.etag);
}

TEST_P(relation_conformance, remove_deletes_the_relation_with_activity_and_event) {
    create("Incident", "inc-rm");
    create_alert("alert-rm");
    auto added = s().add_relation(ws(), "inc-rm", "rel-rm", "alert-rm", keep, as_user());
    clear_events();
    expect_error([&] { s().remove_relation(ws(), "inc-rm", "rel-rm", if_match("stale")); },
                 errc::conflict, "Newer version of resource rel-rm exists. Data was not saved");
    EXPECT_TRUE(s().remove_relation(ws(), "inc-rm", "rel-rm", if_match(added.relation.etag)));
    EXPECT_FALSE(s().find_relation(ws(), "inc-rm", "rel-rm"));
    EXPECT_FALSE(s().remove_relation(ws(), "inc-rm", "rel-rm", as_user()));
    EXPECT_THAT(event_types(), ElementsAre(event_type::alert_unrelated));
    EXPECT_EQ(events()[0]->alert_id, "alert-rm");
    EXPECT_EQ(events()[0]->incident->summary.alerts_count, 0);
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-rm").back().action, "relation.removed");
    expect_error([&] { s().remove_relation(ws(), "inc-none", "rel-rm", as_user()); },
                 errc::not_found, "Incident inc-none doesn't exist.");
    EXPECT_THAT(s().alerts_of_incident(ws(), "inc-rm"), IsEmpty());
    // The alert may join again afterwards.
    EXPECT_TRUE(s().add_relation(ws(), "inc-rm", "rel-rm", "alert-rm", keep, as_user()).created);
}

}  // namespace
}  // namespace tocsin::test
