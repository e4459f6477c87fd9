// Conformance: incident create / replace / update / delete, numbers, etags, activity, summary.

#include "engine/core/uuid.hpp"
#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_P(incident_conformance, create_assigns_name_number_provider_times_and_etag) {
    const auto t0 = clock_.now();
    auto result = s().put_incident(ws(), new_incident("Phishing wave"), as_user());
    EXPECT_TRUE(result.created);
    const auto& i = result.value;
    EXPECT_TRUE(is_uuid(i.name)) << i.name;
    EXPECT_EQ(i.number, 1);
    EXPECT_EQ(i.provider_name, "Tocsin");
    EXPECT_EQ(i.provider_incident_id, "1");
    EXPECT_EQ(i.created, t0);
    EXPECT_EQ(i.last_modified, t0);
    EXPECT_FALSE(i.etag.empty());
    EXPECT_EQ(i.workspace_key, ws().key());

    auto found = s().find_incident(ws(), i.name);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->title, "Phishing wave");
    EXPECT_EQ(found->etag, i.etag);
    EXPECT_EQ(found->number, 1);
}

TEST_P(incident_conformance, put_replaces_writable_fields_and_keeps_read_only_ones) {
    auto created = create("First title", "inc-put-1");
    clock_.advance(std::chrono::seconds(5));
    auto next = new_incident("Second title", "inc-put-1");
    next.severity = model::severity::high;
    next.description = "More detail";
    next.labels = {{"phishing", model::label_type::user}};
    next.number = 999;  // read-only: ignored
    auto replaced = s().put_incident(ws(), next, as_user());
    EXPECT_FALSE(replaced.created);
    const auto& r = replaced.value;
    EXPECT_EQ(r.number, created.number);
    EXPECT_EQ(r.created, created.created);
    EXPECT_EQ(r.last_modified, clock_.now());
    EXPECT_NE(r.etag, created.etag);
    EXPECT_EQ(r.title, "Second title");
    EXPECT_EQ(r.severity, model::severity::high);
    EXPECT_EQ(r.description, "More detail");
    ASSERT_EQ(r.labels.size(), 1u);
    EXPECT_EQ(r.labels[0].name, "phishing");
}

TEST_P(incident_conformance, put_keeps_provider_fields_the_client_left_empty) {
    auto imported = new_incident("Imported", "inc-imported");
    imported.provider_name = "Microsoft Defender XDR";
    imported.provider_incident_id = "XDR-77";
    auto created = s().put_incident(ws(), imported, as_user()).value;
    EXPECT_EQ(created.provider_name, "Microsoft Defender XDR");
    EXPECT_EQ(created.provider_incident_id, "XDR-77");

    auto next = new_incident("Imported, retitled", "inc-imported");
    next.provider_name.clear();
    next.provider_incident_id.clear();
    auto r = s().put_incident(ws(), next, as_user()).value;
    EXPECT_EQ(r.provider_name, "Microsoft Defender XDR");
    EXPECT_EQ(r.provider_incident_id, "XDR-77");
}

TEST_P(incident_conformance, identical_put_writes_nothing) {
    auto created = create("Same", "inc-same");
    clear_events();
    clock_.advance(std::chrono::seconds(1));
    auto again = s().put_incident(ws(), new_incident("Same", "inc-same"), as_user());
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.value.etag, created.etag);
    EXPECT_EQ(again.value.last_modified, created.last_modified);
    EXPECT_THAT(events(), IsEmpty());
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-same").size(), 1u);
}

TEST_P(incident_conformance, names_are_case_insensitive_and_keep_their_spelling) {
    create("Mixed case", "INC-Mixed-1");
    auto found = s().find_incident(ws(), "inc-mixed-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "INC-Mixed-1");
    auto replaced = s().put_incident(ws(), new_incident("Renamed", "inc-MIXED-1"), as_user());
    EXPECT_FALSE(replaced.created);
    EXPECT_EQ(replaced.value.number, 1);
}

TEST_P(incident_conformance, workspaces_are_isolated_and_created_on_first_write) {
    EXPECT_FALSE(s().find_incident(other_ws(), "nothing"));
    EXPECT_THAT(s().list_incidents(other_ws(), {}).items, IsEmpty());
    create("In ws-1", "same-name");
    EXPECT_FALSE(s().find_incident(other_ws(), "same-name"));
    auto other = s().put_incident(other_ws(), new_incident("In ws-2", "same-name"), as_user());
    EXPECT_TRUE(other.created);
    EXPECT_EQ(other.value.number, 1);  // numbers are per workspace
    EXPECT_EQ(s().find_incident(ws(), "same-name")->title, "In ws-1");
    // Workspace names compare case-insensitively, as ARM ids do.
    model::workspace_ref shouted{"SUB-1", "RG-1", "WS-1"};
    EXPECT_EQ(s().find_incident(shouted, "same-name")->title, "In ws-1");
}

TEST_P(incident_conformance, numbers_are_monotonic_and_never_reused_after_delete) {
    EXPECT_EQ(create("one").number, 1);
    EXPECT_EQ(create("two").number, 2);
    auto three = create("three");
    EXPECT_EQ(three.number, 3);
    EXPECT_TRUE(s().delete_incident(ws(), three.name, as_user()));
    EXPECT_EQ(create("four").number, 4);
    reopen();
    EXPECT_EQ(create("five").number, 5);
}

TEST_P(incident_conformance, update_applies_the_mutation_and_records_before_and_after) {
    auto created = create("Old title", "inc-upd");
    clock_.advance(std::chrono::minutes(1));
    auto updated = s().update_incident(
        ws(), "inc-upd",
        [](model::incident& i) {
            i.title = "New title";
            i.severity = model::severity::high;
            i.owner.assigned_to = "Grace";
        },
        as_user("Grace"));
    EXPECT_EQ(updated.title, "New title");
    EXPECT_NE(updated.etag, created.etag);
    EXPECT_EQ(updated.last_modified, clock_.now());

    auto log = s().activity_of_incident(ws(), "inc-upd");
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].action, "incident.created");
    const auto& entry = log[1];
    EXPECT_EQ(entry.action, "incident.updated");
    EXPECT_EQ(entry.actor.type, model::principal::kind::user);
    EXPECT_EQ(entry.actor.name, "Grace");
    EXPECT_EQ(entry.actor.id, "user-Grace");
    EXPECT_EQ(entry.at, clock_.now());
    EXPECT_GT(entry.id, log[0].id);
    ASSERT_EQ(entry.changes.size(), 3u);
    EXPECT_EQ(entry.changes[0].field, "title");
    EXPECT_EQ(entry.changes[0].before, "Old title");
    EXPECT_EQ(entry.changes[0].after, "New title");
    EXPECT_EQ(entry.changes[1].field, "severity");
    EXPECT_EQ(entry.changes[1].before, "Medium");
    EXPECT_EQ(entry.changes[1].after, "High");
    EXPECT_EQ(entry.changes[2].field, "owner");
    EXPECT_EQ(entry.changes[2].after["assignedTo"], "Grace");
}

TEST_P(incident_conformance, update_without_change_keeps_the_etag_and_writes_nothing) {
    auto created = create("Unchanged", "inc-noop");
    clear_events();
    clock_.advance(std::chrono::seconds(3));
    auto same = s().update_incident(
        ws(), "inc-noop", [](model::incident& i) { i.title = "  Unchanged  "; }, as_user());
    EXPECT_EQ(same.etag, created.etag);
    EXPECT_EQ(same.last_modified, created.last_modified);
    EXPECT_THAT(events(), IsEmpty());
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-noop").size(), 1u);
}

TEST_P(incident_conformance, update_of_unknown_incident_is_not_found) {
    expect_error(
        [&] {
            s().update_incident(
                ws(), "nope", [](model::incident&) {}, as_user());
        },
        errc::not_found, "Incident nope doesn't exist.");
    expect_error(
        [&] {
            s().update_incident(
                other_ws(), "nope", [](model::incident&) {}, as_user());
        },
        errc::not_found, "Incident nope doesn't exist.");
}

TEST_P(incident_conformance, a_throwing_mutation_rolls_everything_back) {
    auto created = create("Before", "inc-throw");
    clear_events();
    EXPECT_THROW(s().update_incident(
                     ws(), "inc-throw",
                     [](model::incident& i) {
                         i.title = "During";
                         throw std::runtime_error("rule failed");
                     },
                     as_user()),
                 std::runtime_error);
    auto found = s().find_incident(ws(), "inc-throw");
    EXPECT_EQ(found->title, "Before");
    EXPECT_EQ(found->etag, created.etag);
    EXPECT_THAT(events(), IsEmpty());
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-throw").size(), 1u);
}

TEST_P(incident_conformance, closing_records_incident_closed_and_reopening_clears_the_verdict) {
    create("To close", "inc-close");
    clear_events();
    auto closed = s().update_incident(
        ws(), "inc-close",
        [](model::incident& i) {
            i.status = model::incident_status::closed;
            i.classification = model::classification::true_positive;
            i.reason = model::classification_reason::suspicious_activity;
            i.classification_comment = "Confirmed with the user";
        },
        as_user());
    EXPECT_EQ(closed.status, model::incident_status::closed);
    EXPECT_THAT(event_types(),
                ElementsAre(event_type::incident_updated, event_type::incident_closed));
    for (const auto& e : events()) {
        ASSERT_TRUE(e->incident);
        EXPECT_EQ(e->incident->status, model::incident_status::closed);
        ASSERT_FALSE(e->changes.empty());
        EXPECT_EQ(e->changes[0].field, "status");
    }
    auto log = s().activity_of_incident(ws(), "inc-close");
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[1].action, "incident.closed");
    std::vector<std::string> fields;
    for (const auto& c : log[1].changes)
        fields.push_back(c.field);
    EXPECT_THAT(fields, ElementsAre("status", "classification", "classificationReason",
                                    "classificationComment"));
    EXPECT_EQ(log[1].changes[1].before, nullptr);
    EXPECT_EQ(log[1].changes[1].after, "TruePositive");

    auto reopened = s().update_incident(
        ws(), "inc-close", [](model::incident& i) { i.status = model::incident_status::active; },
        as_user());
    EXPECT_EQ(reopened.status, model::incident_status::active);
    EXPECT_FALSE(reopened.classification);
    EXPECT_FALSE(reopened.reason);
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-close").back().action, "incident.updated");
}

TEST_P(incident_conformance, delete_removes_children_but_keeps_the_activity_log) {
    auto i = create("Doomed", "inc-del");
    create_alert("alert-del-1");
    s().add_relation(ws(), "inc-del", "rel-del-1", "alert-del-1", model::sole_alert_policy::keep,
                     as_user());
    model::comment c;
    c.incident_name = "inc-del";
    c.message = "looking";
    s().put_comment(ws(), c, as_user());
    model::task t;
    t.incident_name = "inc-del";
    t.title = "Reset password";
    s().put_task(ws(), t, as_user());
    clear_events();

    EXPECT_TRUE(s().delete_incident(ws(), "inc-del", as_user()));
    EXPECT_FALSE(s().find_incident(ws(), "inc-del"));
    expect_error([&] { s().list_comments(ws(), "inc-del"); }, errc::not_found,
                 "Incident inc-del doesn't exist.");
    expect_error([&] { s().list_tasks(ws(), "inc-del"); }, errc::not_found,
                 "Incident inc-del doesn't exist.");
    expect_error([&] { s().list_relations(ws(), "inc-del"); }, errc::not_found,
                 "Incident inc-del doesn't exist.");
    EXPECT_TRUE(s().find_alert(ws(), "alert-del-1"));  // alerts outlive incidents
    EXPECT_TRUE(s().incidents_of_alert(ws(), "alert-del-1").empty());

    ASSERT_THAT(event_types(), ElementsAre(event_type::incident_deleted));
    const auto& snapshot = events()[0]->incident;
    ASSERT_TRUE(snapshot);
    EXPECT_EQ(snapshot->name, "inc-del");
    EXPECT_EQ(snapshot->number, i.number);
    EXPECT_EQ(snapshot->summary.alerts_count, 1);
    EXPECT_EQ(snapshot->summary.comments_count, 1);
    EXPECT_EQ(snapshot->summary.tasks_count, 1);

    auto log = s().activity_of_incident(ws(), "inc-del");
    ASSERT_GE(log.size(), 5u);
    EXPECT_EQ(log.front().action, "incident.created");
    EXPECT_EQ(log.back().action, "incident.deleted");
    EXPECT_FALSE(s().delete_incident(ws(), "inc-del", as_user()));
}

TEST_P(incident_conformance, stale_etags_conflict_and_change_nothing) {
    auto created = create("v1", "inc-etag");
    const auto stale = created.etag;
    auto v2 = s().put_incident(ws(), new_incident("v2", "inc-etag"), if_match(created.etag)).value;
    EXPECT_NE(v2.etag, stale);
    clear_events();
    const std::string message = "Newer version of resource inc-etag exists. Data was not saved";
    expect_error([&] { s().put_incident(ws(), new_incident("v3", "inc-etag"), if_match(stale)); },
                 errc::conflict, message);
    expect_error(
        [&] {
            s().update_incident(
                ws(), "inc-etag", [](model::incident& i) { i.title = "v3"; }, if_match(stale));
        },
        errc::conflict, message);
    expect_error([&] { s().delete_incident(ws(), "inc-etag", if_match(stale)); }, errc::conflict,
                 message);
    auto found = s().find_incident(ws(), "inc-etag");
    EXPECT_EQ(found->title, "v2");
    EXPECT_EQ(found->etag, v2.etag);
    EXPECT_THAT(events(), IsEmpty());
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-etag").size(), 2u);

    // "*" matches any existing version; a conditional write to a missing resource conflicts.
    EXPECT_EQ(s().put_incident(ws(), new_incident("v3", "inc-etag"), if_match("*")).value.title,
              "v3");
    expect_error([&] { s().put_incident(ws(), new_incident("x", "inc-missing"), if_match("*")); },
                 errc::conflict,
                 "Newer version of resource inc-missing exists. Data was not saved");
    EXPECT_FALSE(s().find_incident(ws(), "inc-missing"));
}

TEST_P(incident_conformance, summary_counts_and_alert_figures) {
    create("With alerts", "inc-sum");
    auto a1 = new_alert("sum-a1", "Contoso EDR");
    a1.tactics = {"InitialAccess", "Execution"};
    a1.techniques = {"T1566"};
    a1.start_time = time_point{std::chrono::milliseconds{1735000000000}};
    a1.end_time = time_point{std::chrono::milliseconds{1735000100000}};
    auto a2 = new_alert("sum-a2", "Fabrikam Mail");
    a2.tactics = {"Execution", "Persistence"};
    a2.techniques = {"T1566", "T1059.001"};
    a2.time_generated = time_point{std::chrono::milliseconds{1735000500000}};
    auto a3 = new_alert("sum-a3", "contoso edr");  // same product, other spelling
    a3.time_generated = time_point{std::chrono::milliseconds{1735000200000}};
    for (auto& a : {a1, a2, a3}) {
        s().create_alert(ws(), a, as_user());
        s().add_relation(ws(), "inc-sum", "", a.system_alert_id, model::sole_alert_policy::keep,
                         as_user());
    }
    for (int n = 0; n < 2; ++n) {
        model::comment c;
        c.incident_name = "inc-sum";
        c.message = "note " + std::to_string(n);
        s().put_comment(ws(), c, as_user());
    }
    model::task t;
    t.incident_name = "inc-sum";
    t.title = "Isolate host";
    s().put_task(ws(), t, as_user());

    auto i = *s().find_incident(ws(), "inc-sum");
    EXPECT_EQ(i.summary.alerts_count, 3);
    EXPECT_EQ(i.summary.comments_count, 2);
    EXPECT_EQ(i.summary.tasks_count, 1);
    EXPECT_EQ(i.summary.alert_product_names.size(), 2u);
    EXPECT_THAT(i.summary.tactics, ElementsAre("Execution", "InitialAccess", "Persistence"));
    EXPECT_THAT(i.summary.techniques, ElementsAre("T1059.001", "T1566"));
    EXPECT_EQ(i.first_activity, a1.start_time);
    EXPECT_EQ(i.last_activity, a2.time_generated);

    // Without alerts the stored activity times stand.
    auto plain = new_incident("No alerts", "inc-plain");
    plain.first_activity = time_point{std::chrono::milliseconds{1700000000000}};
    plain.last_activity = time_point{std::chrono::milliseconds{1700000600000}};
    auto p = s().put_incident(ws(), plain, as_user()).value;
    EXPECT_EQ(p.first_activity, plain.first_activity);
    EXPECT_EQ(p.last_activity, plain.last_activity);
    EXPECT_EQ(p.summary.alerts_count, 0);
    EXPECT_THAT(p.summary.alert_product_names, IsEmpty());
}

TEST_P(incident_conformance, putting_back_what_a_read_returned_changes_nothing) {
    create("Round trip", "inc-rt");
    create_alert("rt-alert");
    s().add_relation(ws(), "inc-rt", "", "rt-alert", model::sole_alert_policy::keep, as_user());
    auto read = *s().find_incident(ws(), "inc-rt");
    ASSERT_TRUE(read.first_activity);  // derived from the alert
    clear_events();
    auto again = s().put_incident(ws(), read, if_match(read.etag));
    EXPECT_EQ(again.value.etag, read.etag);
    EXPECT_THAT(events(), IsEmpty());
}

TEST_P(incident_conformance, labels_round_trip_without_duplicates) {
    auto value = new_incident("Labelled", "inc-labels");
    value.labels = {{"phishing", model::label_type::user},
                    {"VIP", model::label_type::auto_assigned},
                    {"Phishing", model::label_type::user}};
    auto created = s().put_incident(ws(), value, as_user()).value;
    ASSERT_EQ(created.labels.size(), 2u);
    EXPECT_EQ(created.labels[0].name, "phishing");
    EXPECT_EQ(created.labels[1].name, "VIP");
    EXPECT_EQ(created.labels[1].type, model::label_type::auto_assigned);
    reopen();
    EXPECT_EQ(s().find_incident(ws(), "inc-labels")->labels, created.labels);
}

TEST_P(incident_conformance, data_survives_reopening) {
    auto created = create("Durable", "inc-durable");
    reopen();
    auto found = s().find_incident(ws(), "inc-durable");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->etag, created.etag);
    EXPECT_EQ(found->created, created.created);
}

TEST_P(incident_conformance, calls_after_close_are_unavailable) {
    create("Before close", "inc-closed-store");
    s().close();
    expect_error([&] { s().find_incident(ws(), "inc-closed-store"); }, errc::unavailable,
                 "The store is closed.");
    expect_error([&] { create("After close"); }, errc::unavailable, "The store is closed.");
    expect_error([&] { s().schema_version(); }, errc::unavailable, "The store is closed.");
    s().close();  // idempotent
}

}  // namespace
}  // namespace tocsin::test
