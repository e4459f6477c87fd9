// close-with-reason-on-watchlist end to end: a watchlist of known scanners uploaded through the
// ARM API, alerts ingested with routing on, and incidents closed (or not) by the template.

#include "tests/templates/template_engine.hpp"

namespace tocsin::test {
namespace {

json alert(const std::string& id, json entities) {
    return {{"systemAlertId", id},
            {"alertDisplayName", "Port scan " + id},
            {"severity", "Low"},
            {"productName", "Contoso NDR"},
            {"timeGenerated", "2024-05-01T10:00:00Z"},
            {"entities", std::move(entities)}};
}

json ip(const std::string& address) {
    return {{"kind", "Ip"}, {"address", address}};
}

void upload_scanners(template_engine& engine) {
    const json body = {
        {"properties",
         {{"displayName", "Known scanners"},
          {"provider", "SOC"},
          {"itemsSearchKey", "ip"},
          {"contentType", "text/csv"},
          {"rawContent", "ip,owner\n198.51.100.10,Qualys\n198.51.100.11,Tenable\n"}}}};
    const auto reply =
        engine.api().send_json("PUT", template_engine::arm("watchlists/known-scanners"), body);
    ASSERT_TRUE(reply.status == 200 || reply.status == 201) << reply.status << " " << reply.body;
}

TEST(CloseWithReasonOnWatchlist, AnIncidentFromKnownScannersIsClosedAsExpected) {
    template_engine engine({.templates = {{"close-with-reason-on-watchlist"}},
                            .config = {{"correlation", {{"enabled", false}}}},
                            .route_alerts = true});
    upload_scanners(engine);
    engine.ingest(alert("scan-1", {ip("198.51.100.10"), ip("198.51.100.11")}));
    engine.ingest(alert("scan-2", {ip("198.51.100.10"), ip("203.0.113.66")}));
    const auto runs = engine.ended_runs("close-with-reason-on-watchlist", 2);
    ASSERT_EQ(runs.size(), 2u);
    int closed = 0;
    for (const auto& r : runs) {
        ASSERT_EQ(r["status"], "succeeded") << r.dump(2);
        const auto name = r["trigger"]["payload"]["incident"]["name"].get<std::string>();
        const auto props = engine.incident(name)["properties"];
        if (r["result"]["closed"] == true) {
            ++closed;
            EXPECT_EQ(props["status"], "Closed");
            EXPECT_EQ(props["classification"], "BenignPositive");
            EXPECT_EQ(props["classificationReason"], "SuspiciousButExpected");
            EXPECT_NE(props["classificationComment"].get<std::string>().find(
                          "is on the watchlist 'known-scanners'"),
                      std::string::npos);
        } else {
            EXPECT_EQ(props["status"], "New");
            EXPECT_EQ(r["result"]["missing"], json::array({"203.0.113.66"})) << r.dump(2);
        }
    }
    EXPECT_EQ(closed, 1);
}

TEST(CloseWithReasonOnWatchlist, AMissingWatchlistLeavesTheIncidentOpen) {
    template_engine engine({.templates = {{"close-with-reason-on-watchlist"}},
                            .config = {{"correlation", {{"enabled", false}}}},
                            .route_alerts = true});
    engine.ingest(alert("scan-1", {ip("198.51.100.10")}));
    const auto runs = engine.ended_runs("close-with-reason-on-watchlist", 1);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0]["result"]["error"], "not_found") << runs[0].dump(2);
    const auto name = runs[0]["trigger"]["payload"]["incident"]["name"].get<std::string>();
    EXPECT_EQ(engine.incident(name)["properties"]["status"], "New");
}

}  // namespace
}  // namespace tocsin::test
