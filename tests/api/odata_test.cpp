// The OData $filter / $orderby subset, table-driven: each accepted filter against the predicate
// tree it compiles to, each refused one against its message and position.
#include <gtest/gtest.h>

#include "engine/api/odata.hpp"
#include "engine/error.hpp"

namespace tocsin::api {
namespace {

using store::incident_field;
using store::predicate;

std::string describe(const predicate& p) {
    static constexpr const char* ops[] = {"eq",       "ne",         "gt",       "ge",  "lt", "le",
                                          "contains", "startswith", "endswith", "and", "or", "not"};
    std::string out = ops[static_cast<int>(p.kind)];
    out += "(";
    if (p.kind == predicate::op::and_ || p.kind == predicate::op::or_ ||
        p.kind == predicate::op::not_) {
        for (std::size_t i = 0; i < p.children.size(); ++i) {
            if (i > 0)
                out += ",";
            out += describe(p.children[i]);
        }
    } else {
        out += std::string(store::to_string(p.field)) + "," + p.value.dump();
    }
    return out + ")";
}

struct filter_case {
    const char* filter;
    const char* expected;
};

class accepted_filter : public ::testing::TestWithParam<filter_case> {};

TEST_P(accepted_filter, compiles_to_the_expected_predicate) {
    const auto& c = GetParam();
    EXPECT_EQ(describe(odata::parse_filter(c.filter)), c.expected) << c.filter;
}

INSTANTIATE_TEST_SUITE_P(
    odata, accepted_filter,
    ::testing::Values(
        filter_case{"properties/status eq 'New'", R"(eq(status,"New"))"},
        filter_case{"properties/status eq 'active'", R"(eq(status,"Active"))"},
        filter_case{"status ne 'Closed'", R"(ne(status,"Closed"))"},
        filter_case{"Properties/Severity EQ 'high'", R"(eq(severity,"High"))"},
        filter_case{"properties/severity gt 'Low'", R"(gt(severity,"Low"))"},
        filter_case{"properties/title eq 'It''s here'", R"(eq(title,"It's here"))"},
        filter_case{"properties/title eq ''''", R"(eq(title,"'"))"},
        filter_case{"properties/title eq ''", R"(eq(title,""))"},
        filter_case{"properties/description ne null", "ne(description,null)"},
        filter_case{"properties/owner/assignedTo eq 'john doe'",
                    R"(eq(owner/assignedTo,"john doe"))"},
        filter_case{"properties/owner/email eq 'a@b.c'", R"(eq(owner/email,"a@b.c"))"},
        filter_case{"properties/owner/objectId eq '2046feea-040d-4a46-9e2b-91c2941bfa70'",
                    R"(eq(owner/objectId,"2046feea-040d-4a46-9e2b-91c2941bfa70"))"},
        filter_case{"properties/owner/userPrincipalName eq 'j@c.com'",
                    R"(eq(owner/userPrincipalName,"j@c.com"))"},
        filter_case{"properties/owner/objectId eq null", "eq(owner/objectId,null)"},
        filter_case{"properties/incidentNumber eq 42", "eq(incidentNumber,42)"},
        filter_case{"properties/incidentNumber ge -3", "ge(incidentNumber,-3)"},
        filter_case{"properties/createdTimeUtc ge 2024-05-01T10:00:00Z",
                    R"(ge(createdTimeUtc,"2024-05-01T10:00:00Z"))"},
        filter_case{"properties/createdTimeUtc lt 2024-05-01T10:00:00.250+02:00",
                    R"(lt(createdTimeUtc,"2024-05-01T08:00:00.250Z"))"},
        filter_case{"properties/lastModifiedTimeUtc le datetime'2024-05-01T10:00:00Z'",
                    R"(le(lastModifiedTimeUtc,"2024-05-01T10:00:00Z"))"},
        filter_case{"properties/firstActivityTimeUtc gt 2024-05-01",
                    R"(gt(firstActivityTimeUtc,"2024-05-01T00:00:00Z"))"},
        filter_case{"properties/lastActivityTimeUtc gt '2024-05-01T00:00:00Z'",
                    R"(gt(lastActivityTimeUtc,"2024-05-01T00:00:00Z"))"},
        filter_case{"properties/lastActivityTimeUtc eq null", "eq(lastActivityTimeUtc,null)"},
        filter_case{"properties/classification eq 'truepositive'",
                    R"(eq(classification,"TruePositive"))"},
        filter_case{"properties/classification eq null", "eq(classification,null)"},
        filter_case{"properties/classificationReason ne 'InaccurateData'",
                    R"(ne(classificationReason,"InaccurateData"))"},
        filter_case{"properties/providerName eq 'Azure Sentinel'",
                    R"(eq(providerName,"Azure Sentinel"))"},
        filter_case{"name eq '73e01a99-5cd7-4139-a149-9f2736ff2ab5'",
                    R"(eq(name,"73e01a99-5cd7-4139-a149-9f2736ff2ab5"))"},
        filter_case{"properties/labels eq 'phishing'", R"(eq(labels,"phishing"))"},
        filter_case{"contains(properties/title,'VPN')", R"(contains(title,"VPN"))"},
        filter_case{"startswith(properties/title, 'Sus')", R"(startswith(title,"Sus"))"},
        filter_case{"endswith(properties/owner/email,'@contoso.com')",
                    R"(endswith(owner/email,"@contoso.com"))"},
        filter_case{"contains(properties/title,'x') eq true", R"(contains(title,"x"))"},
        filter_case{"contains(properties/title,'x') eq false", R"(not(contains(title,"x")))"},
        filter_case{"contains(properties/title,'x') ne true", R"(not(contains(title,"x")))"},
        filter_case{"contains(properties/labels,'phish')", R"(contains(labels,"phish"))"},
        filter_case{"properties/status eq 'New' and properties/severity eq 'High'",
                    R"(and(eq(status,"New"),eq(severity,"High")))"},
        filter_case{"properties/status eq 'New' or properties/status eq 'Active'",
                    R"(or(eq(status,"New"),eq(status,"Active")))"},
        // and binds tighter than or.
        filter_case{"status eq 'New' or status eq 'Active' and severity eq 'High'",
                    R"(or(eq(status,"New"),and(eq(status,"Active"),eq(severity,"High"))))"},
        filter_case{"(status eq 'New' or status eq 'Active') and severity eq 'High'",
                    R"(and(or(eq(status,"New"),eq(status,"Active")),eq(severity,"High")))"},
        filter_case{"title eq 'a' and title eq 'b' and title eq 'c'",
                    R"(and(eq(title,"a"),eq(title,"b"),eq(title,"c")))"},
        filter_case{"not properties/status eq 'Closed'", R"(not(eq(status,"Closed")))"},
        filter_case{"not (status eq 'Closed' or status eq 'Active')",
                    R"(not(or(eq(status,"Closed"),eq(status,"Active"))))"},
        filter_case{"not not status eq 'New'", R"(not(not(eq(status,"New"))))"},
        filter_case{"  ( ( status eq 'New' ) )  ", R"(eq(status,"New"))"},
        filter_case{"properties/labels/any(l: l/labelName eq 'phishing')",
                    R"(eq(labels,"phishing"))"},
        filter_case{"properties/labels/any(x:x/labelName eq 'a' or x/labelName eq 'b')",
                    R"(or(eq(labels,"a"),eq(labels,"b")))"},
        filter_case{"properties/labels/any(l: contains(l/labelName, 'phish'))",
                    R"(contains(labels,"phish"))"},
        filter_case{"properties/labels/any(l: (l/labelName eq 'a'))", R"(eq(labels,"a"))"},
        filter_case{"properties/labels/any()", "ne(labels,null)"},
        filter_case{"not properties/labels/any()", "not(ne(labels,null))"},
        filter_case{"properties/title eq 'Ünïcode ✓'", R"(eq(title,"Ünïcode ✓"))"}));

struct rejected_case {
    const char* filter;
    const char* message;  // the full message
};

class rejected_filter : public ::testing::TestWithParam<rejected_case> {};

TEST_P(rejected_filter, names_the_problem_and_its_position) {
    const auto& c = GetParam();
    try {
        odata::parse_filter(c.filter);
        FAIL() << "accepted: " << c.filter;
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::invalid_argument);
        EXPECT_EQ(e.field(), "$filter");
        EXPECT_EQ(std::string(e.what()), c.message) << c.filter;
    }
}

INSTANTIATE_TEST_SUITE_P(
    odata, rejected_filter,
    ::testing::Values(
        rejected_case{"",
                      "Invalid $filter: expected a property, a function or '(' but the "
                      "filter ended at position 0."},
        rejected_case{"properties/foo eq 'x'",
                      "Invalid $filter: unknown property 'properties/foo' at position 0."},
        rejected_case{"properties/status eqq 'New'",
                      "Invalid $filter: expected a comparison operator (eq, ne, gt, ge, lt, le) "
                      "after 'properties/status' but found 'eqq' at position 18."},
        rejected_case{"properties/status eq 'Open'",
                      "Invalid $filter: unknown status 'Open' (expected one of New, Active, "
                      "Closed) at position 21."},
        rejected_case{"properties/severity eq 'Critical'",
                      "Invalid $filter: unknown severity 'Critical' (expected one of High, "
                      "Medium, Low, Informational) at position 23."},
        rejected_case{"properties/status gt 'New'",
                      "Invalid $filter: 'properties/status' only compares with eq or ne at "
                      "position 21."},
        rejected_case{"properties/title eq 'open",
                      "Invalid $filter: unterminated string at position 20."},
        rejected_case{"properties/title eq 5",
                      "Invalid $filter: 'properties/title' compares with a quoted string at "
                      "position 20."},
        rejected_case{"properties/incidentNumber eq '5'",
                      "Invalid $filter: 'properties/incidentNumber' compares with an integer at "
                      "position 29."},
        rejected_case{"properties/incidentNumber eq 99999999999999999999",
                      "Invalid $filter: 'properties/incidentNumber' compares with an integer at "
                      "position 29."},
        rejected_case{"properties/createdTimeUtc gt 'yesterday'",
                      "Invalid $filter: 'properties/createdTimeUtc' compares with a datetime "
                      "such as 2024-05-01T00:00:00Z at position 29."},
        rejected_case{"properties/createdTimeUtc gt 2024-13-45T99:00:00Z",
                      "Invalid $filter: malformed literal '2024-13-45T99:00:00Z' at position "
                      "29."},
        rejected_case{"properties/createdTimeUtc gt datetime'soon'",
                      "Invalid $filter: malformed datetime literal at position 37."},
        rejected_case{"properties/title gt null",
                      "Invalid $filter: null only compares with eq or ne at position 20."},
        rejected_case{"properties/status eq null",
                      "Invalid $filter: 'properties/status' is never null at position 21."},
        rejected_case{"properties/labels gt 'a'",
                      "Invalid $filter: labels only compare with eq or ne at position 21."},
        rejected_case{"status eq 'New' and",
                      "Invalid $filter: expected a property, a function or '(' but the filter "
                      "ended at position 19."},
        rejected_case{"status eq 'New' xor status eq 'Active'",
                      "Invalid $filter: unexpected 'xor' at position 16."},
        rejected_case{"(status eq 'New'",
                      "Invalid $filter: expected ')' but the filter ended at position 16."},
        rejected_case{"status eq 'New')", "Invalid $filter: unexpected ')' at position 15."},
        rejected_case{"substringof('x', properties/title)",
                      "Invalid $filter: unsupported function 'substringof' at position 0."},
        rejected_case{"contains(properties/incidentNumber,'1')",
                      "Invalid $filter: contains() does not apply to 'properties/incidentNumber' "
                      "at position 9."},
        rejected_case{"contains(properties/title,5)",
                      "Invalid $filter: expected a quoted string but found '5' at position 26."},
        rejected_case{"contains(properties/title,'x') gt true",
                      "Invalid $filter: a function result only compares with eq or ne at "
                      "position 31."},
        rejected_case{"contains(properties/title,'x') eq maybe",
                      "Invalid $filter: expected true or false at position 34."},
        rejected_case{"properties/labels/any(l: l/labelName ne 'a')",
                      "Invalid $filter: only eq compares a label name inside any() at position "
                      "37."},
        rejected_case{"properties/labels/any(l: l/labelName eq 'a' and l/labelName eq 'b')",
                      "Invalid $filter: only 'or' combines tests inside any() at position 44."},
        rejected_case{"properties/labels/any(l: l/labelType eq 'User')",
                      "Invalid $filter: only 'l/labelName' can be tested inside any() at "
                      "position 25."},
        rejected_case{"properties/status eq 'New' # comment",
                      "Invalid $filter: unexpected character '#' at position 27."},
        rejected_case{"status eq true",
                      "Invalid $filter: 'status' compares with a quoted name at position 10."}));

TEST(odata, deep_nesting_is_refused_before_it_can_exhaust_the_stack) {
    std::string filter(10000, '(');
    filter += "status eq 'New'";
    filter += std::string(10000, ')');
    try {
        odata::parse_filter(filter);
        FAIL();
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("nesting deeper than 64 levels"), std::string::npos)
            << e.what();
    }
    std::string nots;
    for (int i = 0; i < 1000; ++i)
        nots += "not ";
    EXPECT_THROW(odata::parse_filter(nots + "status eq 'New'"), error);
}

struct orderby_case {
    const char* orderby;
    std::vector<std::pair<incident_field, bool>> expected;
};

class accepted_orderby : public ::testing::TestWithParam<orderby_case> {};

TEST_P(accepted_orderby, lists_the_terms) {
    const auto& c = GetParam();
    const auto terms = odata::parse_orderby(c.orderby);
    ASSERT_EQ(terms.size(), c.expected.size()) << c.orderby;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        EXPECT_EQ(terms[i].field, c.expected[i].first) << c.orderby;
        EXPECT_EQ(terms[i].descending, c.expected[i].second) << c.orderby;
    }
}

INSTANTIATE_TEST_SUITE_P(
    odata, accepted_orderby,
    ::testing::Values(
        orderby_case{"properties/createdTimeUtc desc", {{incident_field::created_time, true}}},
        orderby_case{"properties/createdTimeUtc", {{incident_field::created_time, false}}},
        orderby_case{"properties/severity ASC", {{incident_field::severity, false}}},
        orderby_case{"properties/severity desc,properties/incidentNumber asc",
                     {{incident_field::severity, true}, {incident_field::incident_number, false}}},
        orderby_case{"  properties/title  desc ,  name ",
                     {{incident_field::title, true}, {incident_field::name, false}}},
        orderby_case{"properties/owner/assignedTo desc",
                     {{incident_field::owner_assigned_to, true}}}));

struct rejected_orderby_case {
    const char* orderby;
    const char* message;
};

class rejected_orderby : public ::testing::TestWithParam<rejected_orderby_case> {};

TEST_P(rejected_orderby, names_the_problem) {
    const auto& c = GetParam();
    try {
        odata::parse_orderby(c.orderby);
        FAIL() << "accepted: " << c.orderby;
    } catch (const error& e) {
        EXPECT_EQ(e.field(), "$orderby");
        EXPECT_EQ(std::string(e.what()), c.message);
    }
}

INSTANTIATE_TEST_SUITE_P(
    odata, rejected_orderby,
    ::testing::Values(
        rejected_orderby_case{"properties/colour desc",
                              "Invalid $orderby: unknown property 'properties/colour' at position "
                              "0."},
        rejected_orderby_case{"properties/title sideways",
                              "Invalid $orderby: expected asc or desc but found 'sideways' at "
                              "position 17."},
        rejected_orderby_case{"properties/title,",
                              "Invalid $orderby: expected a property at position 17."},
        rejected_orderby_case{"properties/title desc extra",
                              "Invalid $orderby: expected ',' at position 22."},
        rejected_orderby_case{"properties/labels",
                              "Invalid $orderby: incidents cannot be ordered by labels at position "
                              "0."}));

}  // namespace
}  // namespace tocsin::api
