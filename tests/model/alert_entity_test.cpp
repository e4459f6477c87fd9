#include <gtest/gtest.h>

#include "engine/error.hpp"
#include "engine/model/json.hpp"
#include "engine/model/validation.hpp"

namespace tocsin::model {
namespace {

using nlohmann::json;

entity make(entity_kind kind, json properties) {
    entity e;
    e.kind = kind;
    e.properties = std::move(properties);
    assign_identity(e);
    return e;
}

TEST(EntityIdentity, SameEntityFromTwoAlertsHasOneId) {
    const auto a =
        make(entity_kind::host, {{"hostName", "FIN-WS-014"}, {"dnsDomain", "contoso.com"}});
    const auto b =
        make(entity_kind::host,
             {{"hostName", "fin-ws-014 "}, {"dnsDomain", "Contoso.com"}, {"osFamily", "Windows"}});
    EXPECT_EQ(a.identity_key, b.identity_key);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.id.size(), 36u);
    EXPECT_EQ(a.friendly_name, "FIN-WS-014");
}

TEST(EntityIdentity, DifferentKindsNeverCollide) {
    const auto ip = make(entity_kind::ip, {{"address", "10.0.0.5"}});
    const auto dns = make(entity_kind::dns, {{"domainName", "10.0.0.5"}});
    EXPECT_NE(ip.id, dns.id);
}

TEST(EntityIdentity, StrongerIdentifierWins) {
    const auto by_sid =
        make(entity_kind::account, {{"sid", "S-1-5-21-1"}, {"accountName", "alice"}});
    const auto other_name =
        make(entity_kind::account, {{"sid", "S-1-5-21-1"}, {"accountName", "alice2"}});
    EXPECT_EQ(by_sid.id, other_name.id);
}

TEST(EntityIdentity, UrlPathKeepsCaseHostDoesNot) {
    const auto a = make(entity_kind::url, {{"url", "HTTPS://Evil.Example/Payload"}});
    const auto b = make(entity_kind::url, {{"url", "https://evil.example/Payload"}});
    const auto c = make(entity_kind::url, {{"url", "https://evil.example/payload"}});
    EXPECT_EQ(a.id, b.id);
    EXPECT_NE(b.id, c.id);
}

TEST(EntityIdentity, MissingIdentifyingFieldsAreNamed) {
    try {
        make(entity_kind::ip, {{"location", "x"}});
        FAIL() << "expected an error";
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::missing_field);
        EXPECT_EQ(e.field(), "properties.address");
        EXPECT_NE(std::string(e.what()).find("Ip needs address"), std::string::npos);
    }
}

TEST(EntityJson, AcceptsApiAndFlatIngestShapes) {
    const auto api = entity_from_json(
        json{{"kind", "Ip"}, {"properties", {{"address", "1.2.3.4"}, {"friendlyName", "gw"}}}});
    EXPECT_EQ(api.kind, entity_kind::ip);
    EXPECT_EQ(api.friendly_name, "gw");
    const auto flat =
        entity_from_json(json{{"type", "filehash"}, {"algorithm", "SHA256"}, {"hashValue", "ABC"}});
    EXPECT_EQ(flat.kind, entity_kind::file_hash);
    EXPECT_EQ(flat.properties.at("hashValue"), "ABC");
    EXPECT_THROW(entity_from_json(json{{"kind", "Spaceship"}}), error);
}

alert valid_alert() {
    alert a;
    a.display_name = "Malware detected";
    a.entities.push_back(make(entity_kind::host, {{"hostName", "srv1"}}));
    return a;
}

error_info rejection(alert a) {
    try {
        normalize(a);
        validate(a);
    } catch (const error& e) {
        return e.info();
    }
    ADD_FAILURE() << "expected a validation error";
    return {};
}

TEST(AlertValidation, AcceptsValidAlert) {
    auto a = valid_alert();
    a.techniques = {"T1566", "T1566.001"};
    a.tactics = {"InitialAccess"};
    normalize(a);
    EXPECT_NO_THROW(validate(a));
}

TEST(AlertValidation, DisplayNameRequired) {
    auto a = valid_alert();
    a.display_name = " ";
    EXPECT_EQ(rejection(a).field, "properties.alertDisplayName");
}

TEST(AlertValidation, TechniquesMustBeMitreIds) {
    for (const char* bad :
         {"T156", "T15660", "t1566", "T1566.1", "T1566.0001", "X1566", "T1566-001"}) {
        auto a = valid_alert();
        a.techniques = {"T1059", bad};
        const auto err = rejection(a);
        EXPECT_EQ(err.field, "properties.techniques[1]") << bad;
        EXPECT_NE(err.message.find(bad), std::string::npos);
    }
}

TEST(AlertValidation, TacticsMustBeKnown) {
    auto a = valid_alert();
    a.tactics = {"Teleportation"};
    EXPECT_EQ(rejection(a).field, "properties.tactics[0]");
}

TEST(AlertValidation, TimeWindowAndConfidenceChecked) {
    auto a = valid_alert();
    a.start_time = parse_time("2024-01-02T00:00:00Z");
    a.end_time = parse_time("2024-01-01T00:00:00Z");
    EXPECT_EQ(rejection(a).field, "properties.endTimeUtc");
    a = valid_alert();
    a.confidence_score = 1.5;
    EXPECT_EQ(rejection(a).field, "properties.confidenceScore");
}

TEST(AlertValidation, EntityErrorsNameTheirIndex) {
    auto a = valid_alert();
    entity bad;
    bad.kind = entity_kind::url;
    a.entities.push_back(bad);
    EXPECT_EQ(rejection(a).field, "entities[1].properties.url");
}

TEST(AlertJson, RoundTripsTheSentinelShape) {
    const json properties = {
        {"systemAlertId", "a1"},
        {"alertDisplayName", "Suspicious PowerShell"},
        {"severity", "high"},
        {"productName", "Microsoft Defender for Endpoint"},
        {"tactics", {"Execution"}},
        {"techniques", {"T1059.001"}},
        {"startTimeUtc", "2024-03-09T08:12:41Z"},
        {"timeGenerated", "2024-03-09T08:13:00Z"},
        {"confidenceScore", 0.8},
        {"entities", {{{"kind", "Host"}, {"properties", {{"hostName", "fin-ws-014"}}}}}},
    };
    auto a = alert_from_json(properties);
    normalize(a);
    validate(a);
    EXPECT_EQ(a.severity, severity::high);
    ASSERT_EQ(a.entities.size(), 1u);
    const auto out = alert_properties(a);
    EXPECT_EQ(out["severity"], "High");
    EXPECT_EQ(out["techniques"][0], "T1059.001");
    EXPECT_EQ(out["startTimeUtc"], "2024-03-09T08:12:41Z");
    EXPECT_EQ(alert_from_json(out).display_name, "Suspicious PowerShell");
}

TEST(IncidentJson, ReadsWritableFieldsAndIgnoresReadOnlyOnes) {
    const json properties = {
        {"title", "My incident"},
        {"severity", "High"},
        {"status", "Closed"},
        {"classification", "FalsePositive"},
        {"classificationReason", "InaccurateData"},
        {"owner",
         {{"objectId", "2046feea-040d-4a46-9e2b-91c2941bfa70"}, {"assignedTo", "john doe"}}},
        {"labels", {{{"labelName", "vip"}, {"labelType", "User"}}}},
        {"incidentNumber", 3177},
        {"createdTimeUtc", "2019-01-01T13:15:30Z"},
        {"additionalData", {{"alertsCount", 9}}},
        {"providerName", "Azure Sentinel"},
    };
    const auto i = incident_from_json(properties);
    EXPECT_EQ(i.number, 0);  // read-only: ignored
    // Read-only and left empty, so that the store keeps the provider of an imported incident.
    EXPECT_EQ(i.provider_name, "");
    EXPECT_EQ(i.summary.alerts_count, 0);
    EXPECT_EQ(i.classification, classification::false_positive);
    EXPECT_EQ(i.owner.assigned_to, "john doe");
    const auto out = incident_properties(i);
    EXPECT_EQ(out["status"], "Closed");
    EXPECT_EQ(out["labels"][0]["labelName"], "vip");
    EXPECT_EQ(out["owner"]["objectId"], "2046feea-040d-4a46-9e2b-91c2941bfa70");
}

TEST(IncidentJson, BadValuesNameTheField) {
    try {
        incident_from_json(json{{"title", "x"}, {"severity", "Critical"}});
        FAIL();
    } catch (const error& e) {
        EXPECT_EQ(e.field(), "properties.severity");
        EXPECT_NE(std::string(e.what()).find("High, Medium, Low, Informational"),
                  std::string::npos);
    }
    EXPECT_THROW(incident_from_json(json{{"title", 5}}), error);
    EXPECT_THROW(incident_from_json(json{{"title", "x"}, {"firstActivityTimeUtc", "soon"}}), error);
    EXPECT_THROW(incident_from_json(json::array()), error);
}

}  // namespace
}  // namespace tocsin::model
