// GET /api/v1/…/workspaces/{ws}/alerts and …/alerts/{id}: reading alerts on their own.
#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class AlertRead : public api_test {
  protected:
    std::string own(std::string_view suffix) const {
        return "/api/v1/subscriptions/" + std::string(test_subscription) + "/resourceGroups/" +
               std::string(test_resource_group) + "/workspaces/" + workspace_ + "/" +
               std::string(suffix);
    }
};

TEST_F(AlertRead, ShowsOneAlertWithItsEntitiesAndIncidents) {
    ingest_alert("read-a", json::array({{{"kind", "Ip"}, {"address", "203.0.113.7"}}}));
    put_incident("7a0d2a4e-1c3b-4b5a-9e8f-7a6b5c4d3e2f", {{"title", "Holds the alert"}});
    ASSERT_EQ(relate("7a0d2a4e-1c3b-4b5a-9e8f-7a6b5c4d3e2f", "rel-read-a", "read-a").status, 201);

    const auto reply = client().get(own("alerts/read-a"));
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto alert = reply.json();
    EXPECT_EQ(alert["name"], "read-a");
    EXPECT_EQ(alert["kind"], "SecurityAlert");
    EXPECT_EQ(alert["properties"]["alertDisplayName"], "Alert read-a");
    ASSERT_EQ(alert["entities"].size(), 1u);
    EXPECT_EQ(alert["entities"][0]["kind"], "Ip");
    EXPECT_EQ(alert["entities"][0]["properties"]["address"], "203.0.113.7");
    ASSERT_EQ(alert["incidents"].size(), 1u);
    EXPECT_EQ(alert["incidents"][0]["name"], "7a0d2a4e-1c3b-4b5a-9e8f-7a6b5c4d3e2f");
    EXPECT_EQ(alert["incidents"][0]["title"], "Holds the alert");
    EXPECT_EQ(alert["incidents"][0]["status"], "New");
}

TEST_F(AlertRead, UnknownAlertIs404) {
    const auto reply = client().get(own("alerts/never-sent"));
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(error_code(reply), "NotFound");
    EXPECT_EQ(error_message(reply), "Alert never-sent doesn't exist.");
}

TEST_F(AlertRead, ListsNewestFirstInPagesFilteredByProduct) {
    for (int i = 0; i < 5; ++i)
        ingest_alert("page-" + std::to_string(i), json::array(), i % 2 == 0 ? "EDR" : "Mail");
    std::vector<std::string> names;
    std::string target = own("alerts?top=2&product=EDR");
    while (!target.empty()) {
        const auto reply = client().get(target);
        ASSERT_EQ(reply.status, 200) << reply.body;
        const auto body = reply.json();
        EXPECT_LE(body["value"].size(), 2u);
        for (const auto& a : body["value"])
            names.push_back(a["name"].get<std::string>());
        target.clear();
        if (body.contains("nextLink")) {
            const auto link = body["nextLink"].get<std::string>();
            // Absolute, on the host the request came to.
            ASSERT_TRUE(link.starts_with("http://127.0.0.1:" + std::to_string(port()) + "/"))
                << link;
            target = link.substr(link.find('/', std::string("http://").size()));
        }
    }
    EXPECT_EQ(names, (std::vector<std::string>{"page-4", "page-2", "page-0"}));
}

TEST_F(AlertRead, BadQueryNamesTheParameter) {
    auto reply = client().get(own("alerts?top=0"));
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "top");
    reply = client().get(own("alerts?since=yesterday"));
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "since");
}

}  // namespace
}  // namespace tocsin::test
