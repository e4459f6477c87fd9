// GET incidents: paging through nextLink, $top, $filter and $orderby over real HTTP.
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "tests/api/api_fixture.hpp"

namespace tocsin::test {
namespace {

class incident_list : public api_test {
  protected:
    std::vector<std::string> names_of(const http_reply& reply) {
        EXPECT_EQ(reply.status, 200) << reply.body;
        std::vector<std::string> out;
        const auto body = reply.json();
        for (const auto& item : body.value("value", json::array()))
            out.push_back(item["name"].get<std::string>());
        return out;
    }

    std::vector<std::string> filtered(const std::string& filter) {
        return names_of(get("incidents", "$filter=" + encode(filter) + "&$orderby=name%20asc"));
    }

    static std::string encode(std::string_view text) {
        std::string out;
        for (unsigned char c : text) {
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                out += static_cast<char>(c);
            } else {
                char buf[4];
                std::snprintf(buf, sizeof buf, "%%%02X", c);
                out += buf;
            }
        }
        return out;
    }
};

TEST_F(incident_list, pages_of_50_through_next_link_visit_each_incident_once) {
    std::set<std::string> created;
    for (int i = 0; i < 120; ++i) {
        const auto name = "page-" + std::to_string(i);
        put_incident(name, {{"title", "Paged " + std::to_string(i)}, {"severity", "Low"}});
        created.insert(name);
    }
    const std::string host = "tocsin.example:8443";
    std::string target = arm("incidents", "$top=50");
    std::multiset<std::string> seen;
    std::vector<std::size_t> sizes;
    for (int guard = 0; guard < 10 && !target.empty(); ++guard) {
        const auto reply = client().get(target, {{"Host", host}});
        ASSERT_EQ(reply.status, 200) << reply.body;
        const auto body = reply.json();
        sizes.push_back(body["value"].size());
        for (const auto& item : body["value"])
            seen.insert(item["name"].get<std::string>());
        target.clear();
        if (body.contains("nextLink")) {
            const auto next = body["nextLink"].get<std::string>();
            const std::string origin = "http://" + host;
            ASSERT_EQ(next.rfind(origin + "/subscriptions/", 0), 0u) << next;
            EXPECT_NE(next.find("api-version=2025-09-01"), std::string::npos) << next;
            EXPECT_NE(next.find("$top=50"), std::string::npos) << next;
            EXPECT_NE(next.find("$skipToken="), std::string::npos) << next;
            target = next.substr(origin.size());  // requested verbatim on the same connection
        }
    }
    EXPECT_EQ(sizes, (std::vector<std::size_t>{50, 50, 20}));
    EXPECT_EQ(seen.size(), 120u);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);

    // Default page size is Sentinel's 50, and the nextLink carries it.
    const auto first = get("incidents");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.json()["value"].size(), 50u);
    EXPECT_NE(first.json()["nextLink"].get<std::string>().find("$top=50"), std::string::npos);
    // Without a Host header override the link names the address the client connected to.
    EXPECT_EQ(first.json()["nextLink"].get<std::string>().rfind(
                  "http://127.0.0.1:" + std::to_string(port()) + "/", 0),
              0u);
}

TEST_F(incident_list, next_link_keeps_filter_and_orderby) {
    for (int i = 0; i < 5; ++i)
        put_incident("keep-" + std::to_string(i),
                     {{"title", "Keep " + std::to_string(i)}, {"severity", "High"}});
    put_incident("other", {{"title", "Other"}, {"severity", "Low"}});
    std::string target =
        arm("incidents", "$top=2&$filter=" + encode("properties/severity eq 'High'") +
                             "&$orderby=" + encode("properties/title desc"));
    std::vector<std::string> order;
    while (!target.empty()) {
        const auto reply = client().get(target);
        ASSERT_EQ(reply.status, 200) << reply.body;
        const auto body = reply.json();
        for (const auto& item : body["value"])
            order.push_back(item["properties"]["title"].get<std::string>());
        target.clear();
        if (body.contains("nextLink")) {
            const auto next = body["nextLink"].get<std::string>();
            target = next.substr(next.find("/subscriptions/"));
        }
    }
    EXPECT_EQ(order, (std::vector<std::string>{"Keep 4", "Keep 3", "Keep 2", "Keep 1", "Keep 0"}));
}

TEST_F(incident_list, top_out_of_range_is_400_naming_top) {
    for (const auto* top : {"0", "1001", "abc", "-5", "50x", ""}) {
        const auto reply = get("incidents", std::string("$top=") + top);
        EXPECT_EQ(reply.status, 400) << top;
        EXPECT_EQ(reply.json()["error"]["target"], "$top") << reply.body;
        EXPECT_EQ(error_message(reply), std::string("The value of $top ('") + top +
                                            "') must be an integer between 1 and 1000.");
    }
    EXPECT_EQ(get("incidents", "$top=1000").status, 200);
    EXPECT_EQ(get("incidents", "$TOP=1").status, 200);
}

TEST_F(incident_list, a_foreign_skip_token_is_400) {
    auto reply = get("incidents", "$skipToken=garbage");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "$skipToken");
}

TEST_F(incident_list, filters_select_by_status_severity_owner_time_number_text_and_labels) {
    put_incident("f-a", {{"title", "VPN brute force"},
                         {"severity", "High"},
                         {"status", "New"},
                         {"labels", {"vpn", "bruteforce"}},
                         {"owner",
                          {{"objectId", "0b3c9a9e-0000-4000-8000-000000000001"},
                           {"assignedTo", "Alice"},
                           {"email", "alice@contoso.com"}}}});
    put_incident("f-b", {{"title", "Phishing mail"},
                         {"severity", "Medium"},
                         {"status", "Active"},
                         {"labels", {"phishing"}},
                         {"description", "It's a lure"}});
    // Creation times have millisecond resolution: keep f-c clearly after f-b.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    put_incident("f-c", {{"title", "Malware on host"},
                         {"severity", "Low"},
                         {"status", "Closed"},
                         {"classification", "TruePositive"},
                         {"classificationReason", "SuspiciousActivity"}});
    put_incident("f-d", {{"title", "vpn anomaly"}, {"severity", "Informational"}});
    const auto numbers = [&] {
        std::map<std::string, int> out;
        const auto body = get("incidents").json();
        for (const auto& item : body["value"])
            out[item["name"]] = item["properties"]["incidentNumber"];
        return out;
    }();
    const auto created_c =
        get("incidents/f-c").json()["properties"]["createdTimeUtc"].get<std::string>();

    using v = std::vector<std::string>;
    EXPECT_EQ(filtered("properties/status eq 'New'"), (v{"f-a", "f-d"}));
    EXPECT_EQ(filtered("properties/status ne 'Closed'"), (v{"f-a", "f-b", "f-d"}));
    EXPECT_EQ(filtered("properties/severity eq 'high'"), (v{"f-a"}));
    EXPECT_EQ(filtered("properties/severity ge 'Medium'"), (v{"f-a", "f-b"}));
    EXPECT_EQ(filtered("properties/owner/assignedTo eq 'Alice'"), (v{"f-a"}));
    EXPECT_EQ(filtered("properties/owner/email eq 'alice@contoso.com'"), (v{"f-a"}));
    EXPECT_EQ(filtered("properties/owner/objectId eq '0b3c9a9e-0000-4000-8000-000000000001'"),
              (v{"f-a"}));
    EXPECT_EQ(filtered("properties/owner/objectId eq null"), (v{"f-b", "f-c", "f-d"}));
    EXPECT_EQ(filtered("properties/incidentNumber eq " + std::to_string(numbers.at("f-b"))),
              (v{"f-b"}));
    EXPECT_EQ(filtered("properties/incidentNumber gt " + std::to_string(numbers.at("f-b"))),
              (v{"f-c", "f-d"}));
    EXPECT_EQ(filtered("properties/createdTimeUtc ge " + created_c), (v{"f-c", "f-d"}));
    EXPECT_EQ(filtered("properties/createdTimeUtc lt 2000-01-01T00:00:00Z"), (v{}));
    EXPECT_EQ(filtered("properties/createdTimeUtc gt datetime'2000-01-01T00:00:00Z'").size(), 4u);
    EXPECT_EQ(filtered("contains(properties/title,'vpn')"), (v{"f-a", "f-d"}));
    EXPECT_EQ(filtered("startswith(properties/title,'Phish')"), (v{"f-b"}));
    EXPECT_EQ(filtered("endswith(properties/title,'host')"), (v{"f-c"}));
    EXPECT_EQ(filtered("properties/description eq 'It''s a lure'"), (v{"f-b"}));
    EXPECT_EQ(filtered("properties/classification eq 'TruePositive'"), (v{"f-c"}));
    EXPECT_EQ(filtered("properties/labels/any(l: l/labelName eq 'phishing')"), (v{"f-b"}));
    EXPECT_EQ(
        filtered("properties/labels/any(l: l/labelName eq 'vpn' or l/labelName eq 'phishing')"),
        (v{"f-a", "f-b"}));
    EXPECT_EQ(filtered("not properties/labels/any()"), (v{"f-c", "f-d"}));
    EXPECT_EQ(filtered("contains(properties/title,'vpn') and properties/severity eq 'High'"),
              (v{"f-a"}));
    EXPECT_EQ(filtered("properties/status eq 'Closed' or properties/severity eq 'Medium'"),
              (v{"f-b", "f-c"}));
    EXPECT_EQ(filtered("not (properties/status eq 'New' or properties/status eq 'Active')"),
              (v{"f-c"}));
    EXPECT_EQ(filtered("name eq 'f-d'"), (v{"f-d"}));
}

TEST_F(incident_list, orderby_sorts_by_the_named_properties) {
    put_incident("o-1", {{"title", "b"}, {"severity", "Low"}});
    put_incident("o-2", {{"title", "c"}, {"severity", "High"}});
    put_incident("o-3", {{"title", "a"}, {"severity", "Medium"}});
    using v = std::vector<std::string>;
    EXPECT_EQ(names_of(get("incidents", "$orderby=properties/incidentNumber%20asc")),
              (v{"o-1", "o-2", "o-3"}));
    EXPECT_EQ(names_of(get("incidents", "$orderby=properties/incidentNumber%20desc")),
              (v{"o-3", "o-2", "o-1"}));
    EXPECT_EQ(names_of(get("incidents", "$orderby=properties/severity%20desc")),
              (v{"o-2", "o-3", "o-1"}));
    EXPECT_EQ(names_of(get("incidents", "$orderby=properties/title")), (v{"o-3", "o-1", "o-2"}));
    // The default is newest first.
    EXPECT_EQ(names_of(get("incidents")), (v{"o-3", "o-2", "o-1"}));
}

TEST_F(incident_list, invalid_filter_and_orderby_are_400_with_position) {
    auto reply = get("incidents", "$filter=" + encode("properties/colour eq 'red'"));
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "$filter");
    EXPECT_EQ(error_message(reply),
              "Invalid $filter: unknown property 'properties/colour' at position 0.");
    reply = get("incidents", "$filter=" + encode("properties/status eq 'New' and"));
    EXPECT_EQ(reply.status, 400);
    EXPECT_NE(error_message(reply).find("at position 30"), std::string::npos) << reply.body;
    reply = get("incidents", "$orderby=" + encode("properties/title up"));
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.json()["error"]["target"], "$orderby");
}

}  // namespace
}  // namespace tocsin::test
