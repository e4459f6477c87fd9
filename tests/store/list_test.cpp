// Conformance: list_incidents filters, ordering and paging.

#include <set>

#include "tests/store/conformance.hpp"

namespace tocsin::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using op = store::predicate::op;
using store::incident_field;
using store::predicate;

}  // namespace

void list_conformance::seed() {
    add("Phishing: CEO mailbox", model::severity::high, {"phishing", "VIP"}, "Grace");
    add("Malware on fin-ws-014", model::severity::medium, {"malware"}, "ada");
    add("100% CPU on db-01", model::severity::low, {}, "");
    add("Password spray_attempt", model::severity::informational, {"identity"}, "Ada");
    add("phishing follow-up", model::severity::high, {"Phishing"}, "");
    close_incident("inc-3");
}

void list_conformance::add(std::string title, model::severity severity,
                           std::vector<std::string> labels, std::string owner) {
    const auto n = ++count_;
    auto i = new_incident(std::move(title), "inc-" + std::to_string(n));
    i.severity = severity;
    for (auto& l : labels)
        i.labels.push_back({std::move(l), model::label_type::user});
    i.owner.assigned_to = std::move(owner);
    s().put_incident(ws(), i, as_user());
    clock_.advance(std::chrono::minutes(1));
}

std::vector<std::int64_t> list_conformance::numbers(std::optional<store::predicate> where,
                                                    std::vector<store::order_term> order) {
    store::incident_query q;
    q.where = std::move(where);
    q.order_by = std::move(order);
    q.top = 1000;
    std::vector<std::int64_t> out;
    for (const auto& i : s().list_incidents(ws(), q).items)
        out.push_back(i.number);
    return out;
}

namespace {

TEST_P(list_conformance, default_order_is_newest_first) {
    seed();
    EXPECT_THAT(numbers(std::nullopt), ElementsAre(5, 4, 3, 2, 1));
    auto page = s().list_incidents(ws(), {});
    ASSERT_EQ(page.items.size(), 5u);
    EXPECT_TRUE(page.next_token.empty());
    EXPECT_EQ(page.items[0].labels.size(), 1u);  // items are complete incidents
}

TEST_P(list_conformance, equality_and_text_operators_ignore_case) {
    seed();
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::status, "closed")),
                ElementsAre(3));
    EXPECT_THAT(numbers(predicate::compare(op::ne, incident_field::status, "Closed")),
                ElementsAre(5, 4, 2, 1));
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::owner_assigned_to, "ADA")),
                ElementsAre(4, 2));
    EXPECT_THAT(numbers(predicate::compare(op::contains, incident_field::title, "PHISHING")),
                ElementsAre(5, 1));
    EXPECT_THAT(numbers(predicate::compare(op::startswith, incident_field::title, "malware")),
                ElementsAre(2));
    EXPECT_THAT(numbers(predicate::compare(op::endswith, incident_field::title, "DB-01")),
                ElementsAre(3));
    // LIKE wildcards in values are literal.
    EXPECT_THAT(numbers(predicate::compare(op::contains, incident_field::title, "100%")),
                ElementsAre(3));
    EXPECT_THAT(numbers(predicate::compare(op::contains, incident_field::title, "y_a")),
                ElementsAre(4));
    EXPECT_THAT(numbers(predicate::compare(op::contains, incident_field::title, "%")),
                ElementsAre(3));
    EXPECT_THAT(numbers(predicate::compare(op::contains, incident_field::title, "_")),
                ElementsAre(4));
    // Values never become SQL.
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::title, "x' OR '1'='1")),
                IsEmpty());
}

TEST_P(list_conformance, severity_compares_by_rank) {
    seed();
    EXPECT_THAT(numbers(predicate::compare(op::gt, incident_field::severity, "Low")),
                ElementsAre(5, 2, 1));
    EXPECT_THAT(numbers(predicate::compare(op::le, incident_field::severity, "low")),
                ElementsAre(4, 3));
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::severity, "High")),
                ElementsAre(5, 1));
    EXPECT_THAT(numbers(std::nullopt, {{incident_field::severity, true},
                                       {incident_field::incident_number, false}}),
                ElementsAre(1, 5, 2, 3, 4));
    expect_field_error(
        [&] { numbers(predicate::compare(op::eq, incident_field::severity, "Critical")); },
        errc::invalid_argument, "$filter");
}

TEST_P(list_conformance, labels_match_any_label) {
    seed();
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::labels, "phishing")),
                ElementsAre(5, 1));
    EXPECT_THAT(numbers(predicate::compare(op::contains, incident_field::labels, "ip")),
                ElementsAre(1));
    EXPECT_THAT(numbers(predicate::compare(op::ne, incident_field::labels, "phishing")),
                ElementsAre(4, 3, 2));
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::labels, nullptr)),
                ElementsAre(3));
    expect_field_error(
        [&] {
            numbers(std::nullopt, {{incident_field::labels, false}});
        },
        errc::invalid_argument, "$orderby");
}

TEST_P(list_conformance, numbers_times_and_nulls) {
    seed();
    EXPECT_THAT(numbers(predicate::compare(op::gt, incident_field::incident_number, 3)),
                ElementsAre(5, 4));
    // Incident 1 was created at the clock's start, one minute apart after that.
    const auto third = format_time(time_point{std::chrono::milliseconds{1735689600000 + 120000}});
    EXPECT_THAT(numbers(predicate::compare(op::ge, incident_field::created_time, third)),
                ElementsAre(5, 4, 3));
    EXPECT_THAT(numbers(predicate::compare(op::lt, incident_field::created_time,
                                           "2025-01-01T00:01:00+00:00")),
                ElementsAre(1));
    // Incident 3 was closed later, so only its modification time is recent.
    EXPECT_THAT(numbers(predicate::compare(op::gt, incident_field::last_modified_time,
                                           "2025-01-01T00:04:30Z")),
                ElementsAre(3));
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::classification, nullptr)),
                ElementsAre(5, 4, 2, 1));
    EXPECT_THAT(numbers(predicate::compare(op::ne, incident_field::classification, "TruePositive")),
                ElementsAre(5, 4, 3, 2, 1));
    EXPECT_THAT(numbers(predicate::compare(op::eq, incident_field::first_activity_time, nullptr)),
                ElementsAre(5, 4, 3, 2, 1));
    expect_field_error(
        [&] { numbers(predicate::compare(op::gt, incident_field::created_time, "yesterday")); },
        errc::invalid_argument, "$filter");
    expect_field_error(
        [&] { numbers(predicate::compare(op::eq, incident_field::incident_number, "three")); },
        errc::invalid_argument, "$filter");
    expect_field_error(
        [&] { numbers(predicate::compare(op::contains, incident_field::incident_number, 3)); },
        errc::invalid_argument, "$filter");
    expect_field_error([&] { numbers(predicate::compare(op::eq, incident_field::title, 42)); },
                       errc::invalid_argument, "$filter");
}

TEST_P(list_conformance, activity_times_follow_the_alerts) {
    seed();
    auto a = new_alert("list-alert");
    a.start_time = time_point{std::chrono::milliseconds{1600000000000}};
    a.end_time = time_point{std::chrono::milliseconds{1600000100000}};
    s().create_alert(ws(), a, as_user());
    s().add_relation(ws(), "inc-2", "", "list-alert", model::sole_alert_policy::keep, as_user());
    EXPECT_THAT(numbers(predicate::compare(op::lt, incident_field::first_activity_time,
                                           "2021-01-01T00:00:00Z")),
                ElementsAre(2));
    EXPECT_THAT(numbers(predicate::compare(op::ne, incident_field::last_activity_time, nullptr)),
                ElementsAre(2));
}

TEST_P(list_conformance, boolean_combinations) {
    seed();
    auto high = predicate::compare(op::eq, incident_field::severity, "High");
    auto ada = predicate::compare(op::eq, incident_field::owner_assigned_to, "ada");
    auto closed = predicate::compare(op::eq, incident_field::status, "Closed");
    EXPECT_THAT(numbers(predicate::any_of({high, ada})), ElementsAre(5, 4, 2, 1));
    EXPECT_THAT(numbers(predicate::all_of({predicate::negate(high), predicate::negate(closed)})),
                ElementsAre(4, 2));
    EXPECT_THAT(numbers(predicate::all_of(
                    {predicate::any_of({high, closed}),
                     predicate::compare(op::contains, incident_field::title, "follow")})),
                ElementsAre(5));
    expect_field_error([&] { numbers(predicate::all_of({})); }, errc::invalid_argument, "$filter");
}

TEST_P(list_conformance, order_by_text_ignores_case) {
    seed();
    EXPECT_THAT(numbers(std::nullopt, {{incident_field::title, false}}),
                ElementsAre(3, 2, 4, 5, 1));
    EXPECT_THAT(numbers(std::nullopt, {{incident_field::owner_assigned_to, true}}),
                ElementsAre(1, 4, 2, 5, 3));
}

TEST_P(list_conformance, paging_yields_every_incident_exactly_once) {
    // 250 incidents; every second pair shares its creation millisecond, so the tiebreaker
    // decides part of the order.
    for (int n = 0; n < 250; ++n) {
        create("Incident " + std::to_string(n));
        if (n % 2 == 1)
            clock_.advance(std::chrono::milliseconds(1));
    }
    for (const auto& order : std::vector<std::vector<store::order_term>>{
             {}, {{incident_field::title, false}}, {{incident_field::severity, true}}}) {
        store::incident_query q;
        q.top = 100;
        q.order_by = order;
        std::vector<std::int64_t> seen;
        std::vector<std::size_t> sizes;
        for (;;) {
            auto p = s().list_incidents(ws(), q);
            sizes.push_back(p.items.size());
            for (const auto& i : p.items)
                seen.push_back(i.number);
            if (p.next_token.empty())
                break;
            q.skip_token = p.next_token;
        }
        EXPECT_THAT(sizes, ElementsAre(100, 100, 50));
        EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 250u);
        if (order.empty()) {
            EXPECT_EQ(seen.front(), 250);
            EXPECT_EQ(seen.back(), 1);
        }
    }
}

TEST_P(list_conformance, pages_stay_stable_while_incidents_are_added) {
    for (int n = 0; n < 30; ++n) {
        create("Early " + std::to_string(n));
        clock_.advance(std::chrono::milliseconds(10));
    }
    store::incident_query q;
    q.top = 10;
    auto first = s().list_incidents(ws(), q);
    for (int n = 0; n < 5; ++n)
        create("Late " + std::to_string(n));  // newer: sort before page 1
    std::vector<std::int64_t> seen;
    for (const auto& i : first.items)
        seen.push_back(i.number);
    q.skip_token = first.next_token;
    for (;;) {
        auto p = s().list_incidents(ws(), q);
        for (const auto& i : p.items)
            seen.push_back(i.number);
        if (p.next_token.empty())
            break;
        q.skip_token = p.next_token;
    }
    ASSERT_EQ(seen.size(), 30u);
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 30u);
    EXPECT_EQ(seen.front(), 30);
    EXPECT_EQ(seen.back(), 1);
}

TEST_P(list_conformance, bad_paging_arguments_are_invalid) {
    create("One");
    create("Two");
    store::incident_query q;
    q.top = 0;
    expect_error([&] { s().list_incidents(ws(), q); }, errc::invalid_argument,
                 "The value of $top (0) must be between 1 and 1000.");
    q.top = 1001;
    expect_field_error([&] { s().list_incidents(ws(), q); }, errc::invalid_argument, "$top");
    q.top = 1;
    for (std::string token : {"%%%", "e30", "bm90IGpzb24", "eyJmIjoxLCJrIjpbXSwiaSI6MX0"}) {
        q.skip_token = token;
        expect_field_error([&] { s().list_incidents(ws(), q); }, errc::invalid_argument,
                           "$skipToken");
    }
    // A token continues only the query it came from.
    q.skip_token.clear();
    auto first = s().list_incidents(ws(), q);
    ASSERT_FALSE(first.next_token.empty());
    q.skip_token = first.next_token;
    q.order_by = {{incident_field::title, false}};
    expect_field_error([&] { s().list_incidents(ws(), q); }, errc::invalid_argument, "$skipToken");
    // The same token is fine for its own query, and invalid arguments fail even for an
    // unknown workspace.
    q.order_by.clear();
    EXPECT_EQ(s().list_incidents(ws(), q).items.size(), 1u);
    q.top = 0;
    expect_field_error([&] { s().list_incidents(other_ws(), q); }, errc::invalid_argument, "$top");
}

}  // namespace
}  // namespace tocsin::test
