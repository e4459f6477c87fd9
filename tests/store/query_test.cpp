// store/query.hpp field names and the shared paging-token helpers.

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/store/page_token.hpp"
#include "engine/store/query.hpp"

namespace tocsin::test {
namespace {

using store::incident_field;

TEST(incident_field_test, every_field_round_trips_through_its_api_name) {
    for (int f = 0; f <= static_cast<int>(incident_field::last_activity_time); ++f) {
        const auto field = static_cast<incident_field>(f);
        const auto name = store::to_string(field);
        EXPECT_EQ(store::parse_incident_field(name), field) << name;
    }
    EXPECT_EQ(store::to_string(incident_field::owner_assigned_to), "owner/assignedTo");
    EXPECT_EQ(store::to_string(incident_field::created_time), "createdTimeUtc");
}

TEST(incident_field_test, parsing_accepts_the_properties_prefix_and_any_case) {
    EXPECT_EQ(store::parse_incident_field("properties/title"), incident_field::title);
    EXPECT_EQ(store::parse_incident_field("Properties/Owner/Email"), incident_field::owner_email);
    EXPECT_EQ(store::parse_incident_field("INCIDENTNUMBER"), incident_field::incident_number);
    EXPECT_FALSE(store::parse_incident_field("properties/"));
    EXPECT_FALSE(store::parse_incident_field("owner"));
    EXPECT_FALSE(store::parse_incident_field(""));
    EXPECT_FALSE(store::parse_incident_field("title; DROP"));
}

TEST(page_token_test, tokens_round_trip_and_garbage_is_refused) {
    const nlohmann::json state = {{"k", {1, "two", -3}}, {"i", 9}, {"f", 18446744073709551615ull}};
    const auto token = store::encode_page_token(state);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_EQ(store::decode_page_token(token), state);
    for (const std::string& bad :
         std::vector<std::string>{"", "!", "a", "W10", std::string(5000, 'A')}) {
        try {
            store::decode_page_token(bad);
            FAIL() << bad;
        } catch (const error& e) {
            EXPECT_EQ(e.code(), errc::invalid_argument);
            EXPECT_EQ(e.field(), "$skipToken");
        }
    }
}

TEST(page_token_test, top_must_be_between_1_and_1000) {
    EXPECT_NO_THROW(store::check_top(1));
    EXPECT_NO_THROW(store::check_top(1000));
    EXPECT_THROW(store::check_top(0), error);
    EXPECT_THROW(store::check_top(1001), error);
}

}  // namespace
}  // namespace tocsin::test
