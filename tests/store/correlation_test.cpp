// Conformance: what alert correlation stands on — the candidate lookup, an incident created with
// its alerts in one transaction, the merge of two incidents, the caller's reasons in the
// activity log, and the alert's correlation flag.

#include "tests/store/conformance.hpp"

namespace tocsin::test {

model::alert correlation_conformance::alert_with(std::string id,
                                                 std::vector<model::entity> entities, time_point at,
                                                 const model::workspace_ref& in) {
    auto a = new_alert(std::move(id));
    a.entities = std::move(entities);
    a.time_generated = at;
    return s().create_alert(in, std::move(a), as_user()).value;
}

model::incident correlation_conformance::incident_with(std::string name,
                                                       const std::vector<std::string>& alerts,
                                                       const model::workspace_ref& in) {
    auto value = new_incident("Incident " + name, name);
    return s().create_incident_with_alerts(in, std::move(value), alerts, as_user()).value;
}

std::string correlation_conformance::key_of(const std::string& alert_id, std::size_t index) {
    return s().find_alert(ws(), alert_id)->entities.at(index).identity_key;
}

store::write_context correlation_conformance::because(nlohmann::json detail) {
    auto ctx = as_user("Correlator");
    ctx.detail = std::move(detail);
    return ctx;
}

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using namespace std::chrono_literals;

const time_point t0{std::chrono::milliseconds{1735689600000}};  // new_alert's timeGenerated

std::vector<std::string> actions(const std::vector<model::activity_entry>& log) {
    std::vector<std::string> out;
    for (const auto& e : log)
        out.push_back(e.action);
    return out;
}

std::vector<std::string> names(const std::vector<store::correlation_candidate>& found) {
    std::vector<std::string> out;
    for (const auto& c : found)
        out.push_back(c.incident_name);
    return out;
}

std::vector<std::string> alert_ids(const std::vector<model::alert>& alerts) {
    std::vector<std::string> out;
    for (const auto& a : alerts)
        out.push_back(a.system_alert_id);
    return out;
}

// ---- correlation_candidates ----

TEST_P(correlation_conformance, an_open_incident_sharing_an_entity_is_a_candidate) {
    auto earlier = alert_with("alert-1", {host("fin-ws-014"), ip("10.0.0.5")});
    auto incident = incident_with("inc-1", {"alert-1"});
    alert_with("alert-2", {host("FIN-WS-014")});

    auto found = s().correlation_candidates(ws(), {key_of("alert-2")}, t0 - 24h, "alert-2");
    ASSERT_EQ(found.size(), 1u);
    const auto& c = found[0];
    EXPECT_EQ(c.incident_name, "inc-1");
    EXPECT_EQ(c.incident_number, incident.number);
    EXPECT_EQ(c.incident_created, incident.created);
    EXPECT_EQ(c.alerts_count, 1);
    EXPECT_EQ(c.identity_key, earlier.entities[0].identity_key);
    EXPECT_EQ(c.entity_kind, model::entity_kind::host);
    EXPECT_EQ(c.entity_friendly_name, earlier.entities[0].friendly_name);
    EXPECT_EQ(c.alert_id, "alert-1");
}

TEST_P(correlation_conformance, closed_incidents_are_not_candidates) {
    alert_with("alert-c1", {host("db-01")});
    incident_with("inc-closed", {"alert-c1"});
    close_incident("inc-closed");
    alert_with("alert-c2", {host("db-01")});
    EXPECT_THAT(s().correlation_candidates(ws(), {key_of("alert-c2")}, t0 - 1h, "alert-c2"),
                IsEmpty());
}

TEST_P(correlation_conformance, alerts_before_the_window_are_no_reason) {
    alert_with("alert-old", {host("web-01")}, t0 - 25h);
    incident_with("inc-old", {"alert-old"});
    const auto key = key_of("alert-old");
    EXPECT_THAT(s().correlation_candidates(ws(), {key}, t0 - 24h, ""), IsEmpty());
    // The window's start is inclusive.
    EXPECT_THAT(names(s().correlation_candidates(ws(), {key}, t0 - 25h, "")),
                ElementsAre("inc-old"));
}

TEST_P(correlation_conformance, the_excluded_alert_is_no_reason) {
    alert_with("alert-self", {ip("192.0.2.7")});
    incident_with("inc-self", {"alert-self"});
    const auto key = key_of("alert-self");
    EXPECT_THAT(s().correlation_candidates(ws(), {key}, t0 - 1h, "alert-self"), IsEmpty());
    EXPECT_THAT(s().correlation_candidates(ws(), {key}, t0 - 1h, "ALERT-SELF"), IsEmpty());
    EXPECT_THAT(names(s().correlation_candidates(ws(), {key}, t0 - 1h, "alert-other")),
                ElementsAre("inc-self"));
}

TEST_P(correlation_conformance, candidates_come_oldest_first_one_row_each) {
    alert_with("alert-z1", {host("ws-77")});
    alert_with("alert-z2", {host("ws-77"), ip("10.1.1.1")});
    incident_with("zz-older", {"alert-z1", "alert-z2"});
    clock_.advance(5min);
    alert_with("alert-a1", {host("ws-77")});
    incident_with("aa-newer", {"alert-a1"});

    auto found = s().correlation_candidates(ws(), {key_of("alert-z1")}, t0 - 1h, "");
    EXPECT_THAT(names(found), ElementsAre("zz-older", "aa-newer"));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].alerts_count, 2);
    EXPECT_EQ(found[1].alerts_count, 1);
}

TEST_P(correlation_conformance, the_reason_is_the_earliest_key_then_the_newest_alert) {
    alert_with("alert-r1", {host("srv-9"), ip("10.9.9.9")}, t0 - 2h);
    alert_with("alert-r2", {ip("10.9.9.9")}, t0 - 1h);
    incident_with("inc-reason", {"alert-r1", "alert-r2"});
    const auto host_key = key_of("alert-r1", 0);
    const auto ip_key = key_of("alert-r1", 1);

    auto by_ip = s().correlation_candidates(ws(), {ip_key, host_key}, t0 - 24h, "");
    ASSERT_EQ(by_ip.size(), 1u);
    EXPECT_EQ(by_ip[0].identity_key, ip_key);
    EXPECT_EQ(by_ip[0].entity_kind, model::entity_kind::ip);
    EXPECT_EQ(by_ip[0].alert_id, "alert-r2");

    auto by_host = s().correlation_candidates(ws(), {host_key, ip_key}, t0 - 24h, "");
    ASSERT_EQ(by_host.size(), 1u);
    EXPECT_EQ(by_host[0].identity_key, host_key);
    EXPECT_EQ(by_host[0].alert_id, "alert-r1");
}

TEST_P(correlation_conformance, other_workspaces_are_invisible) {
    alert_with("alert-w1", {host("shared-host")}, t0, other_ws());
    incident_with("inc-other", {"alert-w1"}, other_ws());
    alert_with("alert-w2", {host("shared-host")});
    incident_with("inc-here", {"alert-w2"});
    const auto key = key_of("alert-w2");
    EXPECT_THAT(names(s().correlation_candidates(ws(), {key}, t0 - 1h, "")),
                ElementsAre("inc-here"));
    EXPECT_THAT(s().correlation_candidates({"sub-1", "rg-1", "ws-unknown"}, {key}, t0 - 1h, ""),
                IsEmpty());
    EXPECT_THAT(s().correlation_candidates(ws(), {}, t0 - 1h, ""), IsEmpty());
}

TEST_P(correlation_conformance, a_standalone_alert_is_no_reason) {
    auto lone = new_alert("alert-lone");
    lone.entities = {host("kiosk-3")};
    lone.correlation = false;
    s().create_alert(ws(), lone, as_user());
    incident_with("inc-lone", {"alert-lone"});
    EXPECT_THAT(s().correlation_candidates(ws(), {key_of("alert-lone")}, t0 - 1h, ""), IsEmpty());
}

// ---- create_incident_with_alerts ----

TEST_P(correlation_conformance, an_incident_is_created_with_its_alerts) {
    alert_with("alert-n1", {host("h1")});
    alert_with("alert-n2", {host("h2")});
    clear_events();
    auto r = s().create_incident_with_alerts(ws(), new_incident("New campaign", "inc-new"),
                                             {"alert-n1", "alert-n2"}, as_user());
    EXPECT_TRUE(r.created);
    EXPECT_EQ(r.value.name, "inc-new");
    EXPECT_EQ(r.value.summary.alerts_count, 2);
    EXPECT_THAT(alert_ids(s().alerts_of_incident(ws(), "inc-new")),
                ElementsAre("alert-n1", "alert-n2"));
    EXPECT_THAT(actions(s().activity_of_incident(ws(), "inc-new")),
                ElementsAre("incident.created", "relation.added", "relation.added"));
    EXPECT_THAT(event_types(), ElementsAre(event_type::incident_created, event_type::alert_related,
                                           event_type::alert_related));
    EXPECT_EQ(events()[2]->alert_id, "alert-n2");

    // An empty name is generated.
    auto generated =
        s().create_incident_with_alerts(ws(), new_incident("Generated"), {"alert-n1"}, as_user());
    EXPECT_FALSE(generated.value.name.empty());
    EXPECT_EQ(generated.value.summary.alerts_count, 1);
}

TEST_P(correlation_conformance, an_unknown_alert_leaves_no_incident) {
    alert_with("alert-real", {host("h3")});
    clear_events();
    expect_error(
        [&] {
            s().create_incident_with_alerts(ws(), new_incident("Half", "inc-half"),
                                            {"alert-real", "alert-ghost"}, as_user());
        },
        errc::not_found, "Resource alert-ghost does not exist.");
    EXPECT_FALSE(s().find_incident(ws(), "inc-half"));
    EXPECT_THAT(s().incidents_of_alert(ws(), "alert-real"), IsEmpty());
    EXPECT_THAT(s().activity_of_incident(ws(), "inc-half"), IsEmpty());
    EXPECT_THAT(events(), IsEmpty());
    // The number was not taken either.
    EXPECT_EQ(create("Next").number, 1);
}

TEST_P(correlation_conformance, creating_with_alerts_keeps_the_single_call_rules) {
    alert_with("alert-rule", {host("h4")});
    expect_field_error(
        [&] { s().create_incident_with_alerts(ws(), new_incident("None"), {}, as_user()); },
        errc::invalid_argument, "alertIds");
    expect_error(
        [&] {
            s().create_incident_with_alerts(ws(), new_incident("Twice", "inc-twice"),
                                            {"alert-rule", "ALERT-RULE"}, as_user());
        },
        errc::already_exists,
        "Failed to create relation. Alert alert-rule already exists in incident inc-twice.");
    EXPECT_FALSE(s().find_incident(ws(), "inc-twice"));
    expect_field_error(
        [&] { s().create_incident_with_alerts(ws(), new_incident(""), {"alert-rule"}, as_user()); },
        errc::missing_field, "properties.title");
    create("Taken", "inc-taken");
    expect_error(
        [&] {
            s().create_incident_with_alerts(ws(), new_incident("Again", "INC-TAKEN"),
                                            {"alert-rule"}, as_user());
        },
        errc::already_exists, "Incident INC-TAKEN already exists.");
    EXPECT_THAT(s().list_relations(ws(), "inc-taken"), IsEmpty());
}

// ---- merge_incidents ----

TEST_P(correlation_conformance, a_merge_moves_alerts_and_closes_the_absorbed_incident) {
    for (const auto* id : {"m-shared", "m-2", "m-3"})
        alert_with(id, {host(std::string("host-") + id)});
    auto survivor = incident_with("inc-survivor", {"m-shared"});
    auto absorbed = incident_with("inc-absorbed", {"m-2", "m-shared", "m-3"});
    clear_events();

    auto r = s().merge_incidents(ws(), "inc-survivor", "inc-absorbed", as_user("Merger"));
    EXPECT_THAT(r.moved_alert_ids, ElementsAre("m-2", "m-3"));
    EXPECT_EQ(r.survivor.summary.alerts_count, 3);
    EXPECT_THAT(alert_ids(s().alerts_of_incident(ws(), "inc-survivor")),
                ElementsAre("m-shared", "m-2", "m-3"));
    // The alert both held stays on the absorbed incident too.
    EXPECT_THAT(alert_ids(s().alerts_of_incident(ws(), "inc-absorbed")), ElementsAre("m-shared"));

    const std::string text =
        "Merged into incident #" + std::to_string(survivor.number) + " (inc-survivor).";
    EXPECT_EQ(r.absorbed.status, model::incident_status::closed);
    EXPECT_EQ(r.absorbed.classification, model::classification::undetermined);
    EXPECT_FALSE(r.absorbed.reason);
    EXPECT_EQ(r.absorbed.classification_comment, text);
    EXPECT_EQ(s().find_incident(ws(), "inc-absorbed")->etag, r.absorbed.etag);
    auto comments = s().list_comments(ws(), "inc-absorbed");
    ASSERT_EQ(comments.size(), 1u);
    EXPECT_EQ(comments[0].message, text);

    auto kept_log = s().activity_of_incident(ws(), "inc-survivor");
    EXPECT_THAT(actions(kept_log),
                ElementsAre("incident.created", "relation.added", "relation.added",
                            "relation.added", "incident.merged"));
    EXPECT_EQ(kept_log[2].detail["mergedIncident"], "inc-absorbed");
    EXPECT_EQ(kept_log[2].detail["alertId"], "m-2");
    const auto& merged = kept_log.back().detail;
    EXPECT_EQ(merged["mergedIncident"], "inc-absorbed");
    EXPECT_EQ(merged["mergedIncidentNumber"], absorbed.number);
    EXPECT_EQ(merged["movedAlerts"], nlohmann::json({"m-2", "m-3"}));

    auto gone_log = s().activity_of_incident(ws(), "inc-absorbed");
    EXPECT_THAT(
        actions(gone_log),
        ElementsAre("incident.created", "relation.added", "relation.added", "relation.added",
                    "relation.removed", "relation.removed", "incident.closed", "comment.added"));
    for (std::size_t i = 4; i < gone_log.size(); ++i) {
        EXPECT_EQ(gone_log[i].detail["mergedInto"], "inc-survivor") << gone_log[i].action;
        EXPECT_EQ(gone_log[i].detail["mergedIntoNumber"], survivor.number) << gone_log[i].action;
        EXPECT_EQ(gone_log[i].actor.name, "Merger");
    }

    EXPECT_THAT(event_types(), ElementsAre(event_type::alert_unrelated, event_type::alert_related,
                                           event_type::alert_unrelated, event_type::alert_related,
                                           event_type::incident_updated,
                                           event_type::incident_closed, event_type::comment_added));
    EXPECT_EQ(events()[0]->incident_name, "inc-absorbed");
    EXPECT_EQ(events()[1]->incident_name, "inc-survivor");
    EXPECT_EQ(events()[1]->alert_id, "m-2");
}

TEST_P(correlation_conformance, a_merge_past_the_cap_writes_nothing) {
    std::vector<model::alert> batch;
    std::vector<std::string> first, second;
    for (int n = 0; n < 151; ++n) {
        const auto id = "cap-" + std::to_string(n);
        batch.push_back(new_alert(id));
        (n < 149 ? first : second).push_back(id);
    }
    s().create_alerts(ws(), batch, as_user());
    incident_with("inc-big", first);
    auto absorbed = incident_with("inc-small", second);
    clear_events();

    expect_error([&] { s().merge_incidents(ws(), "inc-big", "inc-small", as_user()); },
                 errc::limit_exceeded,
                 "Failed to merge incident #" + std::to_string(absorbed.number) +
                     " into incident #1: it would hold 151 alerts, more than the maximum of 150.");
    EXPECT_EQ(s().find_incident(ws(), "inc-big")->summary.alerts_count, 149);
    auto small = s().find_incident(ws(), "inc-small");
    EXPECT_EQ(small->summary.alerts_count, 2);
    EXPECT_EQ(small->status, model::incident_status::new_);
    EXPECT_EQ(small->etag, absorbed.etag);
    EXPECT_THAT(events(), IsEmpty());
}

TEST_P(correlation_conformance, only_two_different_open_incidents_merge) {
    alert_with("alert-o1", {host("o1")});
    alert_with("alert-o2", {host("o2")});
    auto open = incident_with("inc-open", {"alert-o1"});
    auto shut = incident_with("inc-shut", {"alert-o2"});
    close_incident("inc-shut");
    const std::string closed_message = "Incident #" + std::to_string(shut.number) +
                                       " (inc-shut) is closed; only open incidents can be merged.";
    expect_error([&] { s().merge_incidents(ws(), "inc-open", "inc-shut", as_user()); },
                 errc::precondition_failed, closed_message);
    expect_error([&] { s().merge_incidents(ws(), "inc-shut", "inc-open", as_user()); },
                 errc::precondition_failed, closed_message);
    expect_field_error([&] { s().merge_incidents(ws(), "inc-open", "INC-OPEN", as_user()); },
                       errc::invalid_argument, "absorbed");
    expect_error([&] { s().merge_incidents(ws(), "inc-open", "inc-none", as_user()); },
                 errc::not_found, "Incident inc-none doesn't exist.");
    expect_error([&] { s().merge_incidents(ws(), "inc-open", "inc-shut", if_match("stale-etag")); },
                 errc::conflict, "Newer version of resource inc-open exists. Data was not saved");
    EXPECT_EQ(s().find_incident(ws(), "inc-open")->etag, open.etag);
    EXPECT_THAT(alert_ids(s().alerts_of_incident(ws(), "inc-shut")), ElementsAre("alert-o2"));
}

// ---- write_context::detail ----

TEST_P(correlation_conformance, the_callers_detail_reaches_every_entry_below_the_stores_own) {
    alert_with("alert-d1", {host("d1")});
    alert_with("alert-d2", {host("d1")});
    const nlohmann::json why = {{"reason", "correlation"},
                                {"entity", "host|d1"},
                                {"alertId", "alert-d2"},
                                {"window", "PT24H"},
                                {"incidentNumber", 999}};
    auto created = s().create_incident_with_alerts(ws(), new_incident("Correlated", "inc-d1"),
                                                   {"alert-d1"}, because(why));
    auto log = s().activity_of_incident(ws(), "inc-d1");
    ASSERT_EQ(log.size(), 2u);
    for (const auto& entry : log) {
        EXPECT_EQ(entry.detail["reason"], "correlation") << entry.action;
        EXPECT_EQ(entry.detail["window"], "PT24H") << entry.action;
        EXPECT_EQ(entry.detail["entity"], "host|d1") << entry.action;
    }
    // Keys the store sets itself win.
    EXPECT_EQ(log[0].detail["incidentNumber"], created.value.number);
    EXPECT_EQ(log[1].detail["alertId"], "alert-d1");

    incident_with("inc-d2", {"alert-d2"});
    s().merge_incidents(ws(), "inc-d1", "inc-d2",
                        because({{"reason", "correlation"}, {"mergedInto", "elsewhere"}}));
    for (const auto& entry : s().activity_of_incident(ws(), "inc-d2")) {
        if (entry.action == "incident.created" || entry.action == "relation.added")
            continue;
        EXPECT_EQ(entry.detail["reason"], "correlation") << entry.action;
        EXPECT_EQ(entry.detail["mergedInto"], "inc-d1") << entry.action;
    }
    EXPECT_EQ(s().activity_of_incident(ws(), "inc-d1").back().detail["reason"], "correlation");
}

TEST_P(correlation_conformance, a_detail_that_is_not_an_object_writes_nothing) {
    auto ctx = as_user();
    ctx.detail = nlohmann::json::array({"why"});
    expect_field_error([&] { s().put_incident(ws(), new_incident("Bad", "inc-bad"), ctx); },
                       errc::invalid_argument, "detail");
    EXPECT_FALSE(s().find_incident(ws(), "inc-bad"));
}

// ---- the alert's correlation flag ----

TEST_P(correlation_conformance, the_correlation_flag_round_trips) {
    auto lone = new_alert("alert-flag-off");
    lone.correlation = false;
    clear_events();
    EXPECT_FALSE(s().create_alert(ws(), lone, as_user()).value.correlation);
    create_alert("alert-flag-on");

    ASSERT_EQ(events().size(), 2u);
    ASSERT_TRUE(events()[0]->alert);
    EXPECT_FALSE(events()[0]->alert->correlation);
    EXPECT_TRUE(events()[1]->alert->correlation);

    EXPECT_FALSE(s().find_alert(ws(), "alert-flag-off")->correlation);
    EXPECT_TRUE(s().find_alert(ws(), "alert-flag-on")->correlation);
    for (const auto& a : s().list_alerts(ws(), {}).items)
        EXPECT_EQ(a.correlation, a.system_alert_id == "alert-flag-on") << a.system_alert_id;
    reopen();
    EXPECT_FALSE(s().find_alert(ws(), "alert-flag-off")->correlation);
    // Resending the id returns the stored alert, flag included.
    lone.correlation = true;
    EXPECT_FALSE(s().create_alert(ws(), lone, as_user()).value.correlation);
}

}  // namespace
}  // namespace tocsin::test
