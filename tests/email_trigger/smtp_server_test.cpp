// The SMTP receiver end to end: the real `tocsin serve`, mail sent with curl and with a raw
// socket client, and the runs it started seen through the REST API.

#include <signal.h>

#include <cstdlib>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "tests/email_trigger/email_fixtures.hpp"
#include "tests/email_trigger/smtp_client.hpp"
#include "tests/email_trigger/smtp_server.hpp"
#include "tests/support/documented_trigger.hpp"
#include "tests/support/source_file.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;

const char* triage_playbook = R"lua(
return {
  name = "soc-triage", version = "1.0.0", description = "reports sent to the SOC mailbox",
  triggers = { { kind = "email", options = { mailbox = "soc@contoso.com" } } },
  run = function(ctx)
    local t = ctx.trigger
    local names = {}
    for _, a in ipairs(t.attachments) do names[#names + 1] = a.name end
    return { mailbox = t.mailbox, subject = t.subject, from = t.from and t.from.address,
             attachments = names, envelope_from = t.envelope.from, tls = t.envelope.tls }
  end,
}
)lua";

const char* phishing_box_playbook = R"lua(
return {
  name = "phishing-box", version = "1.0.0", description = "the user-reported phishing mailbox",
  triggers = { { kind = "email", options = { mailbox = "phishing@contoso.com" } } },
  run = function(ctx) return ctx.trigger.mailbox end,
}
)lua";

const char* urgent_playbook = R"lua(
return {
  name = "urgent-watch", version = "1.0.0", description = "urgent mail to any mailbox",
  triggers = { { kind = "email", options = { subject_contains = { "urgent", "dringend" } } } },
  run = function(ctx) return ctx.trigger.mailbox end,
}
)lua";

std::string message(const std::string& subject, const std::string& body = "Hello.") {
    return "From: Alice <alice@fabrikam.com>\r\nTo: soc@contoso.com\r\nSubject: " + subject +
           "\r\nMessage-ID: <" + std::to_string(std::hash<std::string>{}(subject)) +
           "@fabrikam.com>\r\n\r\n" + body + "\r\n";
}

// EHLO, MAIL, RCPT: a client ready for DATA (or for the test's own next command).
void open_transaction(smtp_client& c, const std::string& recipient = "soc@contoso.com",
                      const std::string& helo = "client.test") {
    ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
    ASSERT_EQ(smtp_client::code(c.command("EHLO " + helo)), 250);
    ASSERT_EQ(c.command("MAIL FROM:<alice@fabrikam.com>"), "250 2.1.0 Ok\r\n");
    ASSERT_EQ(c.command("RCPT TO:<" + recipient + ">"), "250 2.1.5 Ok\r\n");
}

class SmtpServer : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tls_dir_ = std::make_unique<temp_dir>();
        const std::string command =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
            "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
            (*tls_dir_ / "key.pem").string() + "' -out '" + (*tls_dir_ / "cert.pem").string() +
            "' >/dev/null 2>&1";
        if (std::system(command.c_str()) != 0)
            return;
        server_ = std::make_unique<smtp_server>(
            std::vector<std::pair<std::string, std::string>>{
                {"triage.lua", triage_playbook},
                {"phishing.lua", phishing_box_playbook},
                {"urgent.lua", urgent_playbook},
                // Quoted by docs/triggers/email.md.
                {"phish-triage.lua", source_file("tests/email_trigger/fixtures/phish-triage.lua")},
                {"reported-invoice.lua",
                 source_file("tests/email_trigger/fixtures/reported-invoice.lua")}},
            std::vector<std::pair<std::string, std::string>>{
                {"TOCSIN_EMAIL_MAILBOXES",
                 "soc@contoso.com,phishing@contoso.com,Unbound@Contoso.com"},
                {"TOCSIN_EMAIL_MAX_MESSAGE_BYTES", "65536"},
                {"TOCSIN_EMAIL_ATTACHMENT_CONTENT_LIMIT", "512"},
                {"TOCSIN_EMAIL_TLS_CERT", (*tls_dir_ / "cert.pem").string()},
                {"TOCSIN_EMAIL_TLS_KEY", (*tls_dir_ / "key.pem").string()}});
    }
    static void TearDownTestSuite() {
        server_.reset();
        tls_dir_.reset();
    }
    void SetUp() override { ASSERT_TRUE(server_) << "openssl could not make a certificate"; }

    static std::uint16_t port() { return server_->smtp_port; }
    static std::string ca_file() { return (*tls_dir_ / "cert.pem").string(); }
    static std::string url() { return "smtp://127.0.0.1:" + std::to_string(port()); }

    // Sends one message over a raw connection; returns the reply to its end of data.
    static std::string deliver(const std::string& text,
                               const std::string& recipient = "soc@contoso.com",
                               const std::string& helo = "client.test") {
        smtp_client c(port());
        open_transaction(c, recipient, helo);
        EXPECT_EQ(smtp_client::code(c.command("DATA")), 354);
        c.send(text + ".\r\n");
        auto reply = c.read_reply();
        EXPECT_EQ(c.command("QUIT"), "221 2.0.0 Bye\r\n");
        return reply;
    }

    static std::unique_ptr<temp_dir> tls_dir_;
    static std::unique_ptr<smtp_server> server_;
};

std::unique_ptr<temp_dir> SmtpServer::tls_dir_;
std::unique_ptr<smtp_server> SmtpServer::server_;

TEST_F(SmtpServer, CurlDeliversAMessageWithAnAttachment) {
    std::string output;
    ASSERT_EQ(server_->curl({url(), "--mail-from", "reporter@fabrikam.com", "--mail-rcpt",
                             "soc@contoso.com", "--upload-file",
                             email_sample_path("encoded-word-in-unquoted-param.eml").string()},
                            &output),
              0)
        << output << server_->process->log();
    const auto run =
        server_->wait_for_run("soc-triage", "Fwd: Signed email causes file attachments");
    ASSERT_FALSE(run.is_null());
    EXPECT_EQ(run["status"], "succeeded") << run.dump(2);
    EXPECT_EQ(run["trigger"]["kind"], "email");
    const auto& t = run["trigger"]["payload"];
    EXPECT_EQ(t["kind"], "email");
    EXPECT_EQ(t["mailbox"], "soc@contoso.com");
    EXPECT_EQ(t["envelope"]["from"], "reporter@fabrikam.com");
    EXPECT_EQ(t["envelope"]["to"], json::array({"soc@contoso.com"}));
    EXPECT_EQ(t["envelope"]["tls"], false);
    EXPECT_EQ(t["from"]["address"], "xxxxxxxxx.xxxxxxx@gmail.com");
    EXPECT_EQ(t["date"], "2005-05-08T19:09:11Z");
    EXPECT_EQ(t["queue_id"].get<std::string>().size(), 16u);
    ASSERT_EQ(t["attachments"].size(), 1u);
    EXPECT_EQ(t["attachments"][0]["name"], "This is a test.pdf");
    EXPECT_EQ(t["attachments"][0]["size"], 399);
    EXPECT_EQ(t["attachments"][0]["sha256"],
              "3edf4dcb7f2569a4d2d29ea442b37ce50ceeb0e6019a81529612752d4768c3ac");
    EXPECT_TRUE(t["attachments"][0]["content"].is_string());
    // What the playbook saw, through the Lua layer.
    EXPECT_EQ(run["result"]["attachments"], json::array({"This is a test.pdf"}));
    EXPECT_EQ(run["result"]["from"], "xxxxxxxxx.xxxxxxx@gmail.com");
    EXPECT_EQ(run["result"]["mailbox"], "soc@contoso.com");
}

// docs/triggers/email.md's playbook and the ctx.trigger it shows, for
// fixtures/user-reported-phishing.eml sent to the phishing mailbox as the page says.
TEST_F(SmtpServer, DocumentedPlaybookAndTriggerAreWhatARunReceives) {
    EXPECT_TRUE(deliver(email_sample("user-reported-phishing.eml"), "phishing@contoso.com",
                        "mail.fabrikam.com")
                    .starts_with("250 2.0.0 Ok: queued as "));

    const std::string subject = "Fwd: Suspicious “urgent” invoice € 1.250";
    const auto triage = server_->wait_for_run("phish-triage", subject);
    ASSERT_FALSE(triage.is_null());
    ASSERT_EQ(triage["status"], "succeeded") << triage.dump(2);
    EXPECT_EQ(triage["result"], json({{"reporter", "alice@fabrikam.com"},
                                      {"reported",
                                       {{{"subject", "Your mailbox is full"},
                                         {"from", "it-support@contoso-helpdesk.example"}}}}}));

    const auto shown = server_->wait_for_run("reported-invoice", subject);
    ASSERT_FALSE(shown.is_null());
    ASSERT_EQ(shown["status"], "succeeded") << shown.dump(2);
    const auto& received = shown["trigger"]["payload"];
    EXPECT_EQ(received["envelope"]["remote_address"], "127.0.0.1");
    EXPECT_EQ(received["queue_id"].get<std::string>().size(), 16u);
    EXPECT_TRUE(received["received_at"].is_string());
    EXPECT_EQ(
        documented_trigger_difference(shown["result"], received,
                                      {"/queue_id", "/received_at", "/envelope/remote_address"}),
        "")
        << "docs/triggers/email.md (tests/email_trigger/fixtures/reported-invoice.lua) shows "
           "another ctx.trigger than the run received:\n"
        << received.dump(2);
}

TEST_F(SmtpServer, Latin1MessageArrivesAsUtf8) {
    ASSERT_EQ(
        server_->curl({url(), "--mail-from", "gmail-noreply@google.com", "--mail-rcpt",
                       "SOC@contoso.com", "--upload-file",
                       email_sample_path("alternative-qp-latin1-encoded-words.eml").string()}),
        0);
    const auto run =
        server_->wait_for_run("soc-triage", "Nicolas Fouché has accepted your invitation to Gmail");
    ASSERT_FALSE(run.is_null());
    const auto& t = run["trigger"]["payload"];
    EXPECT_EQ(t["mailbox"], "soc@contoso.com");
    EXPECT_EQ(t["to"][0]["name"], "Nicolas Fouché");
    EXPECT_TRUE(t["body"].get<std::string>().starts_with("Nicolas Fouché has accepted"));
    EXPECT_TRUE(t["html"].is_string());
    EXPECT_EQ(run["result"]["subject"], "Nicolas Fouché has accepted your invitation to Gmail");
}

TEST_F(SmtpServer, CurlWithStarttls) {
    std::string output;
    ASSERT_EQ(
        server_->curl({url(), "--ssl-reqd", "--cacert", ca_file(), "--mail-from",
                       "alice@fabrikam.com", "--mail-rcpt", "soc@contoso.com", "--upload-file",
                       email_sample_path("plain-text-apple-mail.eml").string()},
                      &output),
        0)
        << output;
    const auto run = server_->wait_for_run("soc-triage", "Testing 123");
    ASSERT_FALSE(run.is_null());
    EXPECT_EQ(run["trigger"]["payload"]["envelope"]["tls"], true);
    EXPECT_EQ(run["result"]["tls"], true);
}

TEST_F(SmtpServer, RawStarttlsSession) {
    smtp_client c(port());
    ASSERT_EQ(c.read_reply(), "220 mx.contoso.test ESMTP Tocsin\r\n");
    const auto ehlo = c.command("EHLO client.test");
    EXPECT_NE(ehlo.find("250-STARTTLS\r\n"), std::string::npos) << ehlo;
    // Commands pipelined behind STARTTLS in clear text are discarded (CVE-2011-0411).
    c.send("STARTTLS\r\nMAIL FROM:<injected@evil.example>\r\n");
    ASSERT_EQ(c.read_reply(), "220 2.0.0 Ready to start TLS\r\n");
    c.start_tls(ca_file());
    EXPECT_EQ(c.command("MAIL FROM:<alice@fabrikam.com>"),
              "503 5.5.1 Error: send HELO/EHLO first\r\n");
    const auto secure_ehlo = c.command("EHLO client.test");
    EXPECT_EQ(secure_ehlo.find("STARTTLS"), std::string::npos) << secure_ehlo;
    EXPECT_EQ(c.command("MAIL FROM:<alice@fabrikam.com>"), "250 2.1.0 Ok\r\n");
    EXPECT_EQ(c.command("RCPT TO:<soc@contoso.com>"), "250 2.1.5 Ok\r\n");
    EXPECT_EQ(smtp_client::code(c.command("DATA")), 354);
    c.send(message("over TLS") + ".\r\n");
    EXPECT_TRUE(c.read_reply().starts_with("250 2.0.0 Ok: queued as "));
    EXPECT_EQ(c.command("QUIT"), "221 2.0.0 Bye\r\n");
    const auto run = server_->wait_for_run("soc-triage", "over TLS");
    ASSERT_FALSE(run.is_null());
    EXPECT_EQ(run["trigger"]["payload"]["envelope"]["tls"], true);
    EXPECT_EQ(run["trigger"]["payload"]["envelope"]["helo"], "client.test");
}

TEST_F(SmtpServer, QueueIdOfTheReplyIsTheRunsQueueId) {
    const auto reply = deliver(message("queue id check"));
    ASSERT_TRUE(reply.starts_with("250 2.0.0 Ok: queued as ")) << reply;
    const auto id = reply.substr(24, reply.size() - 26);
    const auto run = server_->wait_for_run("soc-triage", "queue id check");
    ASSERT_FALSE(run.is_null());
    EXPECT_EQ(run["trigger"]["payload"]["queue_id"], id);
}

TEST_F(SmtpServer, RecipientOutsideTheMailboxesIsRejected) {
    smtp_client c(port());
    ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
    ASSERT_EQ(smtp_client::code(c.command("EHLO client.test")), 250);
    ASSERT_EQ(c.command("MAIL FROM:<alice@fabrikam.com>"), "250 2.1.0 Ok\r\n");
    EXPECT_EQ(c.command("RCPT TO:<ceo@contoso.com>"),
              "550 5.1.1 <ceo@contoso.com>: Recipient address rejected: User unknown in virtual "
              "mailbox table\r\n");
    EXPECT_EQ(c.command("RCPT TO:<unbound@contoso.com>"), "250 2.1.5 Ok\r\n");
    EXPECT_EQ(c.command("VRFY soc"),
              "252 2.0.0 Cannot VRFY user; try RCPT to attempt delivery\r\n");
    EXPECT_EQ(c.command("NOOP"), "250 2.0.0 Ok\r\n");
    EXPECT_EQ(c.command("RSET"), "250 2.0.0 Ok\r\n");
    EXPECT_EQ(c.command("DATA"), "503 5.5.1 Error: need RCPT command\r\n");
}

TEST_F(SmtpServer, MailForAMailboxNoPlaybookTakesIsStillAccepted) {
    const auto reply = deliver(message("nobody handles this"), "unbound@contoso.com");
    EXPECT_TRUE(reply.starts_with("250 2.0.0 Ok: queued as ")) << reply;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server_->process->log().find("no loaded playbook takes it") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_NE(server_->process->log().find("no loaded playbook takes it"), std::string::npos);
}

TEST_F(SmtpServer, SubjectFilterAndAnyMailboxBinding) {
    smtp_client c(port());
    open_transaction(c, "phishing@contoso.com");
    EXPECT_EQ(c.command("RCPT TO:<soc@contoso.com>"), "250 2.1.5 Ok\r\n");
    EXPECT_EQ(smtp_client::code(c.command("DATA")), 354);
    c.send(message("URGENT: wire transfer today") + ".\r\n");
    EXPECT_TRUE(c.read_reply().starts_with("250 "));
    const auto urgent = server_->wait_for_run("urgent-watch", "URGENT: wire transfer today");
    const auto box = server_->wait_for_run("phishing-box", "URGENT: wire transfer today");
    const auto triage = server_->wait_for_run("soc-triage", "URGENT: wire transfer today");
    ASSERT_FALSE(urgent.is_null());
    ASSERT_FALSE(box.is_null());
    ASSERT_FALSE(triage.is_null());
    EXPECT_EQ(urgent["result"], "phishing@contoso.com");  // the first recipient
    EXPECT_EQ(box["result"], "phishing@contoso.com");
    EXPECT_EQ(triage["result"]["mailbox"], "soc@contoso.com");
    EXPECT_EQ(triage["trigger"]["payload"]["envelope"]["to"],
              json::array({"phishing@contoso.com", "soc@contoso.com"}));

    deliver(message("nothing special here"));
    server_->wait_for_run("soc-triage", "nothing special here");
    for (const auto& run : server_->runs("urgent-watch")) {
        const auto record =
            server_->api->get("/api/v1/runs/" + run["id"].get<std::string>()).json();
        EXPECT_NE(record["trigger"]["payload"]["subject"], "nothing special here");
    }
}

TEST_F(SmtpServer, OversizedMessages) {
    smtp_client c(port());
    open_transaction(c);
    c.command("RSET");
    EXPECT_EQ(c.command("MAIL FROM:<alice@fabrikam.com> SIZE=70000"),
              "552 5.3.4 Message size exceeds fixed limit\r\n");
    EXPECT_EQ(c.command("MAIL FROM:<alice@fabrikam.com> SIZE=1000"), "250 2.1.0 Ok\r\n");
    EXPECT_EQ(c.command("RCPT TO:<soc@contoso.com>"), "250 2.1.5 Ok\r\n");
    EXPECT_EQ(smtp_client::code(c.command("DATA")), 354);
    std::string big = message("too big", std::string(80, 'x'));
    for (int i = 0; i < 1000; ++i)
        big += std::string(78, 'y') + "\r\n";  // 80 KB
    c.send(big + ".\r\n");
    EXPECT_EQ(c.read_reply(), "552 5.3.4 Error: message file too big\r\n");
    // The session goes on.
    EXPECT_EQ(c.command("NOOP"), "250 2.0.0 Ok\r\n");
    EXPECT_EQ(c.command("MAIL FROM:<alice@fabrikam.com>"), "250 2.1.0 Ok\r\n");
}

TEST_F(SmtpServer, MalformedMessagesAreRefusedWith554) {
    EXPECT_EQ(deliver("this is not a message at all\r\nno headers here\r\n"),
              "554 5.6.0 Error: malformed message: no RFC 5322 message could be read from the "
              "data\r\n");
    EXPECT_EQ(deliver("\r\n\r\nonly a body\r\n"),
              "554 5.6.0 Error: malformed message: the message has no header fields\r\n");
    EXPECT_EQ(deliver(""),
              "554 5.6.0 Error: malformed message: no RFC 5322 message could be read "
              "from the data\r\n");
}

TEST_F(SmtpServer, PipelinedCommandsAreAnsweredInOrder) {
    smtp_client c(port());
    ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
    c.send(
        "EHLO client.test\r\nMAIL FROM:<alice@fabrikam.com>\r\nRCPT TO:<ceo@contoso.com>\r\n"
        "RCPT TO:<soc@contoso.com>\r\nDATA\r\n");
    EXPECT_EQ(smtp_client::code(c.read_reply()), 250);
    EXPECT_EQ(c.read_reply(), "250 2.1.0 Ok\r\n");
    EXPECT_EQ(smtp_client::code(c.read_reply()), 550);
    EXPECT_EQ(c.read_reply(), "250 2.1.5 Ok\r\n");
    EXPECT_EQ(smtp_client::code(c.read_reply()), 354);
    // The message, its end and the next commands in one write; a bare-LF "." is content.
    c.send(message("pipelined", "line one\n.\nstill the body") +
           ".\r\nMAIL FROM:<>\r\nRCPT TO:<soc@contoso.com>\r\nQUIT\r\n");
    EXPECT_TRUE(c.read_reply().starts_with("250 2.0.0 Ok: queued as "));
    EXPECT_EQ(c.read_reply(), "250 2.1.0 Ok\r\n");
    EXPECT_EQ(c.read_reply(), "250 2.1.5 Ok\r\n");
    EXPECT_EQ(c.read_reply(), "221 2.0.0 Bye\r\n");
    const auto run = server_->wait_for_run("soc-triage", "pipelined");
    ASSERT_FALSE(run.is_null());
    EXPECT_EQ(run["trigger"]["payload"]["body"], "line one\n.\nstill the body\n");
}

TEST_F(SmtpServer, DotStuffedLinesAreUnstuffed) {
    ASSERT_TRUE(deliver(message("dots", "..leading dot\r\n...\r\nend")).starts_with("250 "));
    const auto run = server_->wait_for_run("soc-triage", "dots");
    ASSERT_FALSE(run.is_null());
    EXPECT_EQ(run["trigger"]["payload"]["body"], ".leading dot\n..\nend\n");
}

TEST_F(SmtpServer, GarbageAndHugeLinesDoNotHurtTheListener) {
    {
        smtp_client c(port());
        ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
        c.send(std::string(100000, 'A') + "\r\nNOOP\r\n");
        EXPECT_EQ(c.read_reply(), "500 5.5.2 Error: line too long\r\n");
        EXPECT_EQ(c.read_reply(), "250 2.0.0 Ok\r\n");
    }
    {
        smtp_client c(port());
        ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
        c.send(std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n", 13));
        EXPECT_EQ(c.read_reply(), "221 2.7.0 Error: I can break rules, too. Goodbye.\r\n");
        EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
    }
    {
        smtp_client c(port());
        ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_EQ(smtp_client::code(c.read_reply()), 221);
        EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
    }
    {
        smtp_client c(port());
        ASSERT_EQ(smtp_client::code(c.read_reply()), 220);
        for (int i = 0; i < 20; ++i)
            EXPECT_EQ(c.command("XYZZY"), "502 5.5.2 Error: command not recognized\r\n") << i;
        EXPECT_EQ(c.read_reply(), "421 4.7.0 mx.contoso.test Error: too many errors\r\n");
        EXPECT_TRUE(c.wait_closed(std::chrono::seconds(5)));
    }
    // Early disconnects: mid-command, mid-message.
    {
        smtp_client c(port());
        c.send("EHLO half");
    }
    {
        smtp_client c(port());
        open_transaction(c);
        EXPECT_EQ(smtp_client::code(c.command("DATA")), 354);
        c.send("Subject: cut short\r\n\r\npart of a bo");
    }
    // The listener still serves.
    EXPECT_TRUE(deliver(message("after the garbage")).starts_with("250 "));
    EXPECT_FALSE(server_->wait_for_run("soc-triage", "after the garbage").is_null());
}

// A second server with tight limits: data and command timeouts, the connection limit, shutdown.
TEST(SmtpServerLimits, TimeoutsConnectionLimitAndShutdown) {
    smtp_server server({{"triage.lua", triage_playbook}},
                       {{"TOCSIN_EMAIL_MAX_CONNECTIONS", "2"},
                        {"TOCSIN_EMAIL_COMMAND_TIMEOUT_MS", "1500"},
                        {"TOCSIN_EMAIL_DATA_TIMEOUT_MS", "1500"}});
    {
        smtp_client stalled(server.smtp_port);
        open_transaction(stalled);
        EXPECT_EQ(smtp_client::code(stalled.command("DATA")), 354);
        stalled.send("Subject: half a message\r\n\r\nand then nothing");
        EXPECT_EQ(stalled.read_reply(), "421 4.4.2 mx.contoso.test Error: timeout exceeded\r\n");
        EXPECT_TRUE(stalled.wait_closed(std::chrono::seconds(5)));
    }
    {
        smtp_client idle(server.smtp_port);
        ASSERT_EQ(smtp_client::code(idle.read_reply()), 220);
        // No command: the server gives up on the client.
        EXPECT_EQ(idle.read_reply(), "421 4.4.2 mx.contoso.test Error: timeout exceeded\r\n");
        EXPECT_TRUE(idle.wait_closed(std::chrono::seconds(5)));
    }
    // The timed-out session is gone once its socket is; wait for the count to drop.
    std::unique_ptr<smtp_client> first;
    std::unique_ptr<smtp_client> second;
    std::string third_reply;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
        first = std::make_unique<smtp_client>(server.smtp_port);
        ASSERT_EQ(smtp_client::code(first->read_reply()), 220);
        second = std::make_unique<smtp_client>(server.smtp_port);
        ASSERT_EQ(smtp_client::code(second->read_reply()), 220);
        smtp_client third(server.smtp_port);
        third_reply = third.read_reply();
    } while (smtp_client::code(third_reply) != 421 && std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(third_reply, "421 4.7.0 mx.contoso.test Error: too many connections\r\n");
    // Idle sessions are told when the engine stops.
    EXPECT_EQ(smtp_client::code(first->command("EHLO client.test")), 250);
    ASSERT_EQ(server.process->stop(SIGTERM), 0) << server.process->log();
    EXPECT_EQ(first->read_reply(),
              "421 4.3.2 mx.contoso.test Service shutting down, closing channel\r\n");
}

TEST(SmtpServerConfig, BrokenSettingsStopTheEngineNamingTheKey) {
    temp_dir dir;
    const auto serve = [&](std::vector<std::pair<std::string, std::string>> email) {
        std::vector<std::pair<std::string, std::string>> env{
            {"TOCSIN_PLAYBOOK_DIRS", (dir / "playbooks").string()},
            {"TOCSIN_BOOTSTRAP_TOKEN", std::string(test_admin_token)},
            {"TOCSIN_EMAIL_LISTEN", "127.0.0.1:0"}};
        env.insert(env.end(), email.begin(), email.end());
        return run_tocsin(
            {"serve", "--listen", "127.0.0.1:0", "--data-dir", (dir / "data").string()}, env);
    };
    auto result = serve({{"TOCSIN_EMAIL_TLS_CERT", (dir / "cert.pem").string()}});
    EXPECT_EQ(result.status, 2);
    EXPECT_NE(result.output.find("tocsin: email.tls_cert and email.tls_key go together"),
              std::string::npos)
        << result.output;

    result = serve({{"TOCSIN_EMAIL_TLS_CERT", (dir / "missing.pem").string()},
                    {"TOCSIN_EMAIL_TLS_KEY", (dir / "missing.key").string()}});
    EXPECT_EQ(result.status, 2);
    EXPECT_NE(result.output.find("email.tls_cert / email.tls_key: cannot load the TLS certificate"),
              std::string::npos)
        << result.output;

    result = serve({{"TOCSIN_EMAIL_MAILBOXES", "soc@contoso.com,not-an-address"}});
    EXPECT_EQ(result.status, 2);
    EXPECT_NE(result.output.find("email.mailboxes: 'not-an-address' is not an e-mail address"),
              std::string::npos)
        << result.output;

    result = serve({{"TOCSIN_EMAIL_LISTEN", "nowhere"}});
    EXPECT_EQ(result.status, 2);
    EXPECT_NE(result.output.find("email.listen: "), std::string::npos) << result.output;
}

}  // namespace
}  // namespace tocsin::test
