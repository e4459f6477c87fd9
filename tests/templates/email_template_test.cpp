// create-incident-from-email end to end: a message over SMTP to the engine's e-mail trigger
// becomes an incident (or is refused), and the reply arrives over SMTP at the test's sink.

#include <chrono>
#include <thread>

#include "tests/email_trigger/smtp_client.hpp"
#include "tests/plugins/smtp_sink.hpp"
#include "tests/templates/template_engine.hpp"

namespace tocsin::test {
namespace {

json mail_config(const smtp_sink& sink) {
    return {{"email", {{"mailboxes", {"soc@contoso.test"}}}},
            {"plugins",
             {{"instances",
               {{"notify",
                 {{"host", "127.0.0.1"},
                  {"port", sink.port()},
                  {"from", "soc@contoso.test"},
                  {"starttls", "none"}}}}}}}};
}

// Sends one message from alice@fabrikam.test to soc@contoso.test; asserts every reply.
void send_mail(std::uint16_t port, const std::string& subject, const std::string& body) {
    smtp_client c(port);
    ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
    ASSERT_EQ(smtp_client::code(c.command("EHLO mail.fabrikam.test")), 250);
    ASSERT_EQ(smtp_client::code(c.command("MAIL FROM:<alice@fabrikam.test>")), 250);
    ASSERT_EQ(smtp_client::code(c.command("RCPT TO:<soc@contoso.test>")), 250);
    ASSERT_EQ(smtp_client::code(c.command("DATA")), 354);
    c.send("From: Alice <alice@fabrikam.test>\r\nTo: soc@contoso.test\r\nSubject: " + subject +
           "\r\nMessage-ID: <" + std::to_string(std::hash<std::string>{}(subject)) +
           "@fabrikam.test>\r\nDate: Wed, 01 May 2024 09:30:00 +0000\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
           body + "\r\n.\r\n");
    ASSERT_EQ(smtp_client::code(c.read_reply()), 250);
    c.command("QUIT");
}

// The sink's sessions once there are `count` (replies are sent by the run, after the 250).
std::vector<smtp_session_record> replies(const smtp_sink& sink, std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (sink.sessions().size() < count && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return sink.sessions();
}

TEST(EmailTemplate, MailBecomesAnIncidentAndTheSenderGetsItsNumber) {
    smtp_sink sink({});
    template_engine engine(
        {.templates = {{"create-incident-from-email"}}, .config = mail_config(sink), .smtp = true});
    send_mail(engine.smtp_port(), "New incident: odd VPN login",
              "Hello SOC,\r\n\r\nINCIDENT TITLE:  Odd login on vpn-gw \r\n"
              "description: Alice saw a login from Brazil\r\nat 03:00.\r\n"
              "Severity: high\r\nTag: vpn, travel\r\nAssign incident to: bob@contoso.test\r\n");

    const auto runs = engine.ended_runs("create-incident-from-email", 1);
    ASSERT_EQ(runs.size(), 1u);
    ASSERT_EQ(runs[0]["status"], "succeeded") << runs[0].dump(2);
    const auto result = runs[0]["result"];
    ASSERT_EQ(result["created"], true) << result.dump();
    EXPECT_EQ(result["replied"], true);

    const auto incident = engine.incident(result["name"].get<std::string>());
    const auto& p = incident["properties"];
    EXPECT_EQ(p["title"], "Odd login on vpn-gw");
    EXPECT_EQ(p["description"], "Alice saw a login from Brazil\nat 03:00.");
    EXPECT_EQ(p["severity"], "High");
    EXPECT_EQ(p["owner"]["email"], "bob@contoso.test");
    EXPECT_EQ(p["labels"].size(), 3u) << p["labels"].dump();

    const auto sessions = replies(sink, 1);
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].mail_from, "<soc@contoso.test>");
    EXPECT_EQ(sessions[0].recipients, std::vector<std::string>{"<alice@fabrikam.test>"});
    EXPECT_NE(sessions[0].data.find("Subject: Re: New incident: odd VPN login"), std::string::npos)
        << sessions[0].data;
    EXPECT_NE(sessions[0].data.find("Your report is incident #" +
                                    std::to_string(p["incidentNumber"].get<int>())),
              std::string::npos)
        << sessions[0].data;
}

TEST(EmailTemplate, AnUnknownSeverityIsReportedToTheSenderAndNothingIsCreated) {
    smtp_sink sink({});
    template_engine engine(
        {.templates = {{"create-incident-from-email"}}, .config = mail_config(sink), .smtp = true});
    send_mail(engine.smtp_port(), "Incident: printer", "Severity: Critical\r\nprinter on fire\r\n");
    // Mail without the keyword starts a run that does nothing.
    send_mail(engine.smtp_port(), "Lunch on Friday?", "Severity: High\r\n");

    const auto runs = engine.ended_runs("create-incident-from-email", 2);
    ASSERT_EQ(runs.size(), 2u);
    for (const auto& r : runs) {
        EXPECT_EQ(r["status"], "succeeded") << r.dump(2);
        if (r["result"].contains("skipped"))
            EXPECT_EQ(r["result"]["skipped"], "subject");
        else
            EXPECT_EQ(r["result"]["created"], false);
    }
    const auto sessions = replies(sink, 1);
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_NE(sessions[0].data.find("Severity 'Critical' is not one of Informational, Low, Medium, "
                                    "High"),
              std::string::npos)
        << sessions[0].data;
    const auto incidents = engine.api().get(template_engine::arm("incidents"));
    ASSERT_EQ(incidents.status, 200);
    EXPECT_TRUE(incidents.json()["value"].empty()) << incidents.body;
}

}  // namespace
}  // namespace tocsin::test
