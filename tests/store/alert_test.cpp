// Conformance: alerts (idempotent create, batches, listing) and entity de-duplication.

#include <cctype>

#include "engine/core/uuid.hpp"
#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_P(alert_conformance, create_generates_an_id_and_keeps_every_field) {
    auto value = new_alert("");
    value.alert_type = "ImpossibleTravel";
    value.description = "Two countries in an hour";
    value.product_component_name = "Identity";
    value.product_version = "2.1";
    value.vendor_name = "Contoso";
    value.provider_alert_id = "prov-9";
    value.detection_source = "Manual";
    value.category = "CredentialAccess";
    value.compromised_entity = "ada@contoso.com";
    value.alert_link = "https://portal/alert/9";
    value.tactics = {"CredentialAccess"};
    value.techniques = {"T1110.003"};
    value.remediation_steps = {"Reset the password", "Revoke sessions"};
    value.confidence_score = 0.75;
    value.confidence_level = "High";
    value.start_time = time_point{std::chrono::milliseconds{1735689000000}};
    value.end_time = time_point{std::chrono::milliseconds{1735689500000}};
    value.processing_end_time = time_point{std::chrono::milliseconds{1735689600500}};
    value.additional_data = {{"country", "NZ"}, {"attempts", 12}};
    value.entities = {host("fin-ws-014"), ip("10.0.0.5")};

    auto result = s().create_alert(ws(), value, as_user());
    EXPECT_TRUE(result.created);
    const auto& a = result.value;
    EXPECT_TRUE(is_uuid(a.system_alert_id));
    EXPECT_EQ(a.created, clock_.now());
    EXPECT_EQ(a.workspace_key, ws().key());

    auto found = s().find_alert(ws(), a.system_alert_id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->display_name, value.display_name);
    EXPECT_EQ(found->alert_type, value.alert_type);
    EXPECT_EQ(found->description, value.description);
    EXPECT_EQ(found->severity, value.severity);
    EXPECT_EQ(found->status, value.status);
    EXPECT_EQ(found->product_name, value.product_name);
    EXPECT_EQ(found->product_component_name, value.product_component_name);
    EXPECT_EQ(found->product_version, value.product_version);
    EXPECT_EQ(found->vendor_name, value.vendor_name);
    EXPECT_EQ(found->provider_alert_id, value.provider_alert_id);
    EXPECT_EQ(found->detection_source, value.detection_source);
    EXPECT_EQ(found->category, value.category);
    EXPECT_EQ(found->compromised_entity, value.compromised_entity);
    EXPECT_EQ(found->alert_link, value.alert_link);
    EXPECT_EQ(found->tactics, value.tactics);
    EXPECT_EQ(found->techniques, value.techniques);
    EXPECT_EQ(found->remediation_steps, value.remediation_steps);
    EXPECT_EQ(found->confidence_score, value.confidence_score);
    EXPECT_EQ(found->confidence_level, value.confidence_level);
    EXPECT_EQ(found->start_time, value.start_time);
    EXPECT_EQ(found->end_time, value.end_time);
    EXPECT_EQ(found->time_generated, value.time_generated);
    EXPECT_EQ(found->processing_end_time, value.processing_end_time);
    EXPECT_EQ(found->additional_data, value.additional_data);
    ASSERT_EQ(found->entities.size(), 2u);
    EXPECT_EQ(found->entities[0].kind, model::entity_kind::host);
    EXPECT_EQ(found->entities[1].kind, model::entity_kind::ip);
    EXPECT_TRUE(is_uuid(found->entities[0].id));
    EXPECT_FALSE(found->entities[0].identity_key.empty());
}

TEST_P(alert_conformance, create_is_idempotent_on_the_system_alert_id) {
    auto first = s().create_alert(ws(), new_alert("alert-idem"), as_user());
    EXPECT_TRUE(first.created);
    auto changed = new_alert("alert-idem");
    changed.display_name = "Different name";
    auto second = s().create_alert(ws(), changed, as_user());
    EXPECT_FALSE(second.created);
    EXPECT_EQ(second.value.display_name, "Suspicious sign-in");
    EXPECT_THAT(event_types(), ElementsAre(event_type::alert_created));
    EXPECT_EQ(events()[0]->alert_id, "alert-idem");
    ASSERT_TRUE(events()[0]->alert);
    // Same id in another workspace is another alert.
    EXPECT_TRUE(s().create_alert(other_ws(), new_alert("alert-idem"), as_user()).created);
}

TEST_P(alert_conformance, the_same_entity_in_two_alerts_is_one_entity) {
    auto a = new_alert("alert-e1");
    a.entities = {host("FIN-WS-014"), ip("10.0.0.5")};
    auto b = new_alert("alert-e2");
    b.entities = {host("fin-ws-014"), ip("10.0.0.9"), host("fin-ws-014")};
    s().create_alert(ws(), a, as_user());
    s().create_alert(ws(), b, as_user());

    auto of_a = s().entities_of_alert(ws(), "alert-e1");
    auto of_b = s().entities_of_alert(ws(), "alert-e2");
    ASSERT_EQ(of_a.size(), 2u);
    ASSERT_EQ(of_b.size(), 2u);  // the repeated host is linked once
    EXPECT_EQ(of_a[0].id, of_b[0].id);
    EXPECT_EQ(of_a[0].identity_key, of_b[0].identity_key);
    EXPECT_NE(of_a[1].id, of_b[1].id);

    create("Two alerts", "inc-entities");
    for (auto id : {"alert-e1", "alert-e2"})
        s().add_relation(ws(), "inc-entities", "", id, model::sole_alert_policy::keep, as_user());
    auto of_incident = s().entities_of_incident(ws(), "inc-entities");
    EXPECT_EQ(of_incident.size(), 3u);
    expect_error([&] { s().entities_of_incident(ws(), "inc-none"); }, errc::not_found,
                 "Incident inc-none doesn't exist.");
    EXPECT_THAT(s().entities_of_alert(ws(), "alert-none"), IsEmpty());
}

TEST_P(alert_conformance, a_later_alert_enriches_a_known_entity) {
    auto a = new_alert("alert-rich-1");
    a.entities = {host("db-01")};
    auto b = new_alert("alert-rich-2");
    auto richer = host("db-01");
    richer.properties["osFamily"] = "Linux";
    b.entities = {richer};
    s().create_alert(ws(), a, as_user());
    s().create_alert(ws(), b, as_user());
    auto of_a = s().entities_of_alert(ws(), "alert-rich-1");
    ASSERT_EQ(of_a.size(), 1u);
    EXPECT_EQ(of_a[0].properties.value("osFamily", ""), "Linux");
}

TEST_P(alert_conformance, an_entity_is_found_by_its_id_in_its_workspace_only) {
    auto a = new_alert("alert-find-entity");
    a.entities = {host("mail-gw-01"), ip("198.51.100.23")};
    s().create_alert(ws(), a, as_user());
    const auto stored = s().entities_of_alert(ws(), "alert-find-entity");
    ASSERT_EQ(stored.size(), 2u);

    const auto found = s().find_entity(ws(), stored[1].id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->kind, stored[1].kind);
    EXPECT_EQ(found->identity_key, stored[1].identity_key);
    EXPECT_EQ(found->properties, stored[1].properties);
    // Ids are UUIDs; clients send them in either case.
    std::string upper = stored[0].id;
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ASSERT_TRUE(s().find_entity(ws(), upper).has_value());
    EXPECT_EQ(s().find_entity(ws(), upper)->id, stored[0].id);

    EXPECT_FALSE(s().find_entity(ws(), "00000000-0000-4000-8000-000000000000").has_value());
    EXPECT_FALSE(s().find_entity(other_ws(), stored[0].id).has_value());
}

TEST_P(alert_conformance, batch_writes_valid_items_and_reports_invalid_ones) {
    auto good = new_alert("batch-1");
    auto bad = new_alert("batch-2");
    bad.display_name.clear();
    auto bad_entity = new_alert("batch-3");
    model::entity nameless;
    nameless.kind = model::entity_kind::host;  // no identifying field
    bad_entity.entities = {nameless};
    auto repeat = new_alert("batch-1");
    auto generated = new_alert("");

    auto results = s().create_alerts(ws(), {good, bad, bad_entity, repeat, generated}, as_user());
    ASSERT_EQ(results.size(), 5u);
    ASSERT_TRUE(results[0]);
    EXPECT_TRUE(results[0]->created);
    ASSERT_FALSE(results[1]);
    EXPECT_EQ(results[1].error().code, errc::missing_field);
    EXPECT_EQ(results[1].error().field, "properties.alertDisplayName");
    ASSERT_FALSE(results[2]);
    // entity.hpp documents invalid_argument, the model answers missing_field: either is a 400.
    EXPECT_THAT(results[2].error().code,
                ::testing::AnyOf(errc::invalid_argument, errc::missing_field));
    EXPECT_THAT(results[2].error().field, ::testing::StartsWith("entities[0]."));
    ASSERT_TRUE(results[3]);
    EXPECT_FALSE(results[3]->created);
    ASSERT_TRUE(results[4]);
    EXPECT_TRUE(results[4]->created);

    EXPECT_TRUE(s().find_alert(ws(), "batch-1"));
    EXPECT_FALSE(s().find_alert(ws(), "batch-2"));
    EXPECT_FALSE(s().find_alert(ws(), "batch-3"));
    EXPECT_THAT(event_types(), ElementsAre(event_type::alert_created, event_type::alert_created));
}

TEST_P(alert_conformance, list_filters_and_pages_newest_first) {
    for (int n = 0; n < 25; ++n) {
        auto a = new_alert("list-" + std::to_string(n), n % 2 == 0 ? "Even EDR" : "Odd Mail");
        // Pairs share a generation time: the row id breaks the tie.
        a.time_generated = time_point{std::chrono::milliseconds{1735000000000 + (n / 2) * 1000}};
        s().create_alert(ws(), a, as_user());
    }
    std::vector<std::string> seen;
    store::alert_query q;
    q.top = 10;
    int pages = 0;
    for (;;) {
        auto p = s().list_alerts(ws(), q);
        ++pages;
        for (const auto& a : p.items)
            seen.push_back(a.system_alert_id);
        if (p.next_token.empty())
            break;
        q.skip_token = p.next_token;
    }
    EXPECT_EQ(pages, 3);
    ASSERT_EQ(seen.size(), 25u);
    EXPECT_EQ(seen.front(), "list-24");
    EXPECT_EQ(seen.back(), "list-0");
    std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), 25u);

    store::alert_query by_product;
    by_product.product_name = "odd mail";
    by_product.top = 100;
    auto odd = s().list_alerts(ws(), by_product);
    EXPECT_EQ(odd.items.size(), 12u);
    EXPECT_TRUE(odd.next_token.empty());

    store::alert_query recent;
    recent.generated_after = time_point{std::chrono::milliseconds{1735000010000}};
    EXPECT_EQ(s().list_alerts(ws(), recent).items.size(), 3u);  // times 11 s and 12 s

    store::alert_query bad;
    bad.top = 0;
    expect_field_error([&] { s().list_alerts(ws(), bad); }, errc::invalid_argument, "$top");
    bad.top = 10;
    bad.skip_token = "not a token";
    expect_field_error([&] { s().list_alerts(ws(), bad); }, errc::invalid_argument, "$skipToken");
    // A token of one query does not continue another.
    q.skip_token.clear();
    auto first = s().list_alerts(ws(), q);
    by_product.top = 10;
    by_product.skip_token = first.next_token;
    expect_field_error([&] { s().list_alerts(ws(), by_product); }, errc::invalid_argument,
                       "$skipToken");
    EXPECT_THAT(s().list_alerts(other_ws(), {}).items, IsEmpty());
}

TEST_P(alert_conformance, alerts_and_incidents_of_each_other) {
    create("Alpha", "inc-alpha");
    create("Beta", "inc-beta");
    create_alert("shared-alert");
    create_alert("alpha-only");
    s().add_relation(ws(), "inc-alpha", "", "shared-alert", model::sole_alert_policy::keep,
                     as_user());
    s().add_relation(ws(), "inc-alpha", "", "alpha-only", model::sole_alert_policy::keep,
                     as_user());
    s().add_relation(ws(), "inc-beta", "", "shared-alert", model::sole_alert_policy::keep,
                     as_user());
    auto alerts = s().alerts_of_incident(ws(), "inc-alpha");
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[0].system_alert_id, "shared-alert");
    EXPECT_EQ(alerts[1].system_alert_id, "alpha-only");
    auto incidents = s().incidents_of_alert(ws(), "shared-alert");
    ASSERT_EQ(incidents.size(), 2u);
    EXPECT_EQ(incidents[0].name, "inc-alpha");
    EXPECT_EQ(incidents[1].name, "inc-beta");
    EXPECT_EQ(incidents[0].summary.alerts_count, 2);
    EXPECT_THAT(s().incidents_of_alert(ws(), "unknown-alert"), IsEmpty());
    expect_error([&] { s().alerts_of_incident(ws(), "inc-gamma"); }, errc::not_found,
                 "Incident inc-gamma doesn't exist.");
}

}  // namespace
}  // namespace tocsin::test
