// The alert's correlation flag (a Tocsin extension) in the ingest JSON: optional, true unless
// the client says false, a boolean or a field-named error, and never part of the SecurityAlert
// shape the API returns.

#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/model/json.hpp"

namespace tocsin::model {
namespace {

using nlohmann::json;

json minimal() {
    return {{"alertDisplayName", "Suspicious sign-in"}};
}

TEST(AlertCorrelationFlag, AbsentOrNullMeansCorrelate) {
    EXPECT_TRUE(alert_from_json(minimal()).correlation);
    auto body = minimal();
    body["correlation"] = nullptr;
    EXPECT_TRUE(alert_from_json(body).correlation);
}

TEST(AlertCorrelationFlag, ABooleanIsTaken) {
    auto body = minimal();
    body["correlation"] = false;
    EXPECT_FALSE(alert_from_json(body).correlation);
    body["correlation"] = true;
    EXPECT_TRUE(alert_from_json(body).correlation);
}

TEST(AlertCorrelationFlag, AnythingElseIsAFieldNamedError) {
    for (const json& wrong : {json("false"), json(0), json::object()}) {
        auto body = minimal();
        body["correlation"] = wrong;
        try {
            alert_from_json(body, "alerts[2].properties");
            ADD_FAILURE() << "accepted " << wrong.dump();
        } catch (const error& e) {
            EXPECT_EQ(e.code(), errc::invalid_argument);
            EXPECT_EQ(e.field(), "alerts[2].properties.correlation");
            EXPECT_EQ(std::string(e.what()),
                      "'alerts[2].properties.correlation' must be a boolean.");
        }
    }
}

TEST(AlertCorrelationFlag, TheOutputShapeLeavesItOut) {
    auto body = minimal();
    body["correlation"] = false;
    const auto out = alert_properties(alert_from_json(body));
    EXPECT_FALSE(out.contains("correlation"));
}

}  // namespace
}  // namespace tocsin::model
