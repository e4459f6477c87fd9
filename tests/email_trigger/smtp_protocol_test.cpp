// The SMTP dialogue without sockets: replies and enhanced status codes as Postfix gives them.

#include <gtest/gtest.h>

#include "triggers/email/smtp_address.hpp"
#include "triggers/email/smtp_protocol.hpp"

namespace tocsin::test {
namespace {

using triggers::smtp_action;
using triggers::smtp_path_argument;
using triggers::smtp_policy;
using triggers::smtp_protocol;

smtp_policy test_policy(bool tls = false) {
    smtp_policy p;
    p.hostname = "mx.contoso.com";
    p.max_message_bytes = 1000;
    p.max_recipients = 3;
    p.tls_available = tls;
    p.accepts_recipient = [](std::string_view address) {
        return address == "soc@contoso.com" || address == "SOC@Contoso.com" ||
               address.starts_with("r");
    };
    return p;
}

// The reply's first line, without CRLF.
std::string first_line(const std::string& reply) {
    return reply.substr(0, reply.find("\r\n"));
}

std::string say(smtp_protocol& p, std::string_view line) {
    return first_line(p.command(line).reply);
}

smtp_protocol greeted(bool tls = false) {
    smtp_protocol p(test_policy(tls));
    p.command("EHLO client.example");
    return p;
}

TEST(SmtpProtocol, GreetingAndEhloAdvertiseTheExtensions) {
    smtp_protocol p(test_policy(true));
    EXPECT_EQ(p.greeting(), "220 mx.contoso.com ESMTP Tocsin\r\n");
    const auto step = p.command("EHLO client.example");
    EXPECT_EQ(step.action, smtp_action::reply);
    EXPECT_EQ(step.reply,
              "250-mx.contoso.com\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-STARTTLS\r\n"
              "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
    EXPECT_EQ(p.helo(), "client.example");
    EXPECT_EQ(say(p, "HELO other.example"), "250 mx.contoso.com");
    EXPECT_EQ(say(p, "EHLO"), "501 5.5.4 Syntax: EHLO hostname");
    EXPECT_EQ(say(p, "helo"), "501 5.5.4 Syntax: HELO hostname");
}

TEST(SmtpProtocol, WithoutTlsThereIsNoStarttls) {
    smtp_protocol p(test_policy(false));
    EXPECT_EQ(p.command("EHLO x").reply.find("STARTTLS"), std::string::npos);
    EXPECT_EQ(say(p, "STARTTLS"), "502 5.5.1 Error: command not implemented");
}

TEST(SmtpProtocol, OneTransaction) {
    auto p = greeted();
    EXPECT_EQ(say(p, "MAIL FROM:<alice@fabrikam.com> SIZE=500 BODY=8BITMIME"), "250 2.1.0 Ok");
    EXPECT_EQ(say(p, "RCPT TO:<soc@contoso.com>"), "250 2.1.5 Ok");
    EXPECT_EQ(say(p, "rcpt to:<SOC@Contoso.com>"), "250 2.1.5 Ok");  // a repeat, kept once
    const auto data = p.command("DATA");
    EXPECT_EQ(data.reply, "354 End data with <CR><LF>.<CR><LF>\r\n");
    EXPECT_EQ(data.action, smtp_action::read_data);
    EXPECT_EQ(p.transaction().mail_from, "alice@fabrikam.com");
    EXPECT_EQ(p.transaction().recipients, std::vector<std::string>{"soc@contoso.com"});
    p.end_transaction();
    EXPECT_EQ(say(p, "RCPT TO:<soc@contoso.com>"), "503 5.5.1 Error: need MAIL command");
    EXPECT_EQ(say(p, "MAIL FROM:<>"), "250 2.1.0 Ok");  // a bounce
    EXPECT_EQ(p.transaction().mail_from, "");
}

TEST(SmtpProtocol, CommandsOutOfOrder) {
    smtp_protocol p(test_policy());
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example>"), "503 5.5.1 Error: send HELO/EHLO first");
    p.command("EHLO x");
    EXPECT_EQ(say(p, "RCPT TO:<soc@contoso.com>"), "503 5.5.1 Error: need MAIL command");
    EXPECT_EQ(say(p, "DATA"), "503 5.5.1 Error: need RCPT command");
    p.command("MAIL FROM:<a@b.example>");
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example>"), "503 5.5.1 Error: nested MAIL command");
    EXPECT_EQ(say(p, "DATA"), "554 5.5.1 Error: no valid recipients");
    EXPECT_EQ(say(p, "RSET"), "250 2.0.0 Ok");
    EXPECT_EQ(say(p, "DATA"), "503 5.5.1 Error: need RCPT command");
}

TEST(SmtpProtocol, RecipientsOutsideTheAllowListAreRejected) {
    auto p = greeted();
    p.command("MAIL FROM:<a@b.example>");
    EXPECT_EQ(say(p, "RCPT TO:<ceo@contoso.com>"),
              "550 5.1.1 <ceo@contoso.com>: Recipient address rejected: User unknown in virtual "
              "mailbox table");
    EXPECT_EQ(say(p, "RCPT TO:<r1@x.example>"), "250 2.1.5 Ok");
    EXPECT_EQ(say(p, "RCPT TO:<r2@x.example>"), "250 2.1.5 Ok");
    EXPECT_EQ(say(p, "RCPT TO:<r3@x.example>"), "250 2.1.5 Ok");
    EXPECT_EQ(say(p, "RCPT TO:<r4@x.example>"), "452 4.5.3 Error: too many recipients");
    EXPECT_EQ(p.transaction().recipients.size(), 3u);
}

TEST(SmtpProtocol, MailParameters) {
    auto p = greeted();
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example> SIZE=1001"),
              "552 5.3.4 Message size exceeds fixed limit");
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example> SIZE=99999999999999999999999"),
              "552 5.3.4 Message size exceeds fixed limit");
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example> SIZE=ten"), "501 5.5.4 Bad message size syntax");
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example> BODY=BINARYMIME"), "501 5.5.4 Bad BODY parameter");
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example> AUTH=<>"), "555 5.5.4 Unsupported option: AUTH");
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example> SMTPUTF8 BODY=7BIT SIZE=1000"), "250 2.1.0 Ok");
    EXPECT_EQ(say(p, "RCPT TO:<soc@contoso.com> NOTIFY=NEVER"),
              "555 5.5.4 Unsupported option: NOTIFY");
}

TEST(SmtpProtocol, AddressSyntax) {
    auto p = greeted();
    EXPECT_EQ(say(p, "MAIL alice@fabrikam.com"), "501 5.5.4 Syntax: MAIL FROM:<address>");
    EXPECT_EQ(say(p, "MAIL FROM:<not an address>"), "501 5.1.7 Bad sender address syntax");
    EXPECT_EQ(say(p, "MAIL FROM:<unterminated@x.example"), "501 5.5.4 Syntax: MAIL FROM:<address>");
    EXPECT_EQ(say(p, "MAIL FROM: <alice@fabrikam.com>"), "250 2.1.0 Ok");  // space after ':'
    EXPECT_EQ(say(p, "RCPT TO:<>"), "501 5.1.3 Bad recipient address syntax");
    EXPECT_EQ(say(p, "RCPT TO:<soc@>"), "501 5.1.3 Bad recipient address syntax");
    EXPECT_EQ(say(p, "RCPT soc@contoso.com"), "501 5.5.4 Syntax: RCPT TO:<address>");
    EXPECT_EQ(say(p, "RCPT TO:soc@contoso.com"), "250 2.1.5 Ok");  // no brackets, tolerated
}

TEST(SmtpProtocol, SmallCommands) {
    auto p = greeted();
    EXPECT_EQ(say(p, "NOOP"), "250 2.0.0 Ok");
    EXPECT_EQ(say(p, "noop anything"), "250 2.0.0 Ok");
    EXPECT_EQ(say(p, "VRFY soc"), "252 2.0.0 Cannot VRFY user; try RCPT to attempt delivery");
    EXPECT_EQ(say(p, "VRFY"), "501 5.5.4 Syntax: VRFY address");
    EXPECT_EQ(say(p, "RSET now"), "501 5.5.4 Syntax: RSET");
    EXPECT_EQ(say(p, "AUTH PLAIN AAAA"), "503 5.5.1 Error: authentication not enabled");
    EXPECT_EQ(say(p, "EXPN staff"), "502 5.5.1 Error: command not implemented");
    EXPECT_EQ(say(p, "BDAT 10 LAST"), "502 5.5.2 Error: command not recognized");
    EXPECT_EQ(say(p, ""), "500 5.5.2 Error: bad syntax");
    EXPECT_EQ(say(p, "DATA now"), "501 5.5.4 Syntax: DATA");
    const auto quit = p.command("QUIT");
    EXPECT_EQ(quit.reply, "221 2.0.0 Bye\r\n");
    EXPECT_EQ(quit.action, smtp_action::close);
}

TEST(SmtpProtocol, NonSmtpClientsAreDisconnected) {
    for (const auto* line : {"GET / HTTP/1.1", "POST /x HTTP/1.0", "CONNECT a:25 HTTP/1.1",
                             "\x16\x03\x01\x02", "<html>"}) {
        smtp_protocol p(test_policy());
        const auto step = p.command(line);
        EXPECT_EQ(step.reply, "221 2.7.0 Error: I can break rules, too. Goodbye.\r\n") << line;
        EXPECT_EQ(step.action, smtp_action::close);
    }
}

TEST(SmtpProtocol, TooManyErrorsEndTheSession) {
    smtp_protocol p(test_policy());
    for (int i = 1; i < 20; ++i)
        EXPECT_EQ(p.command("XYZZY").action, smtp_action::reply) << i;
    const auto last = p.command("XYZZY");
    EXPECT_EQ(last.action, smtp_action::close);
    EXPECT_EQ(last.reply,
              "502 5.5.2 Error: command not recognized\r\n"
              "421 4.7.0 mx.contoso.com Error: too many errors\r\n");
}

TEST(SmtpProtocol, StarttlsResetsTheSession) {
    auto p = greeted(true);
    p.command("MAIL FROM:<a@b.example>");
    EXPECT_EQ(say(p, "STARTTLS"), "503 5.5.1 Error: MAIL transaction in progress");
    p.command("RSET");
    EXPECT_EQ(say(p, "STARTTLS now"), "501 5.5.4 Syntax: STARTTLS");
    const auto step = p.command("STARTTLS");
    EXPECT_EQ(step.reply, "220 2.0.0 Ready to start TLS\r\n");
    EXPECT_EQ(step.action, smtp_action::start_tls);
    p.tls_started();
    EXPECT_TRUE(p.tls_active());
    EXPECT_EQ(say(p, "MAIL FROM:<a@b.example>"), "503 5.5.1 Error: send HELO/EHLO first");
    EXPECT_EQ(p.command("EHLO x").reply.find("STARTTLS"), std::string::npos);
    EXPECT_EQ(say(p, "STARTTLS"), "554 5.5.1 Error: TLS already active");
}

TEST(SmtpProtocol, RepliesTheSessionWritesItself) {
    smtp_protocol p(test_policy());
    EXPECT_EQ(p.timed_out(), "421 4.4.2 mx.contoso.com Error: timeout exceeded\r\n");
    EXPECT_EQ(p.too_many_connections(), "421 4.7.0 mx.contoso.com Error: too many connections\r\n");
    EXPECT_EQ(smtp_protocol::message_too_big(), "552 5.3.4 Error: message file too big\r\n");
    EXPECT_EQ(first_line(p.line_too_long().reply), "500 5.5.2 Error: line too long");
}

TEST(SmtpAddress, Paths) {
    using status = smtp_path_argument::status;
    auto a =
        triggers::parse_path_argument("FROM:<alice@fabrikam.com> SIZE=10 BODY=8BITMIME", "FROM");
    EXPECT_EQ(a.result, status::ok);
    EXPECT_EQ(a.address, "alice@fabrikam.com");
    ASSERT_EQ(a.parameters.size(), 2u);
    EXPECT_EQ(a.parameters[0], (std::pair<std::string, std::string>{"SIZE", "10"}));
    EXPECT_EQ(a.parameters[1].second, "8BITMIME");

    a = triggers::parse_path_argument("to:<@relay.example,@r2.example:soc@contoso.com>", "TO");
    EXPECT_EQ(a.result, status::ok);
    EXPECT_EQ(a.address, "soc@contoso.com");

    a = triggers::parse_path_argument("TO:<\"odd > name\"@contoso.com>", "TO");
    EXPECT_EQ(a.result, status::ok);
    EXPECT_EQ(a.address, "\"odd > name\"@contoso.com");

    EXPECT_EQ(triggers::parse_path_argument("FROM:<a@b.example>x", "FROM").result, status::syntax);
    EXPECT_EQ(triggers::parse_path_argument("FROM:", "FROM").result, status::syntax);
    EXPECT_EQ(triggers::parse_path_argument("TO:<a@b.example>", "FROM").result, status::syntax);
}

TEST(SmtpAddress, Mailboxes) {
    EXPECT_TRUE(triggers::valid_mailbox("soc@contoso.com"));
    EXPECT_TRUE(triggers::valid_mailbox("first.last+tag@sub.contoso.com"));
    EXPECT_TRUE(triggers::valid_mailbox("user@[192.0.2.1]"));
    EXPECT_TRUE(triggers::valid_mailbox("\"john doe\"@contoso.com"));
    EXPECT_TRUE(triggers::valid_mailbox("josé@bücher.example"));  // SMTPUTF8
    EXPECT_FALSE(triggers::valid_mailbox("no-at-sign"));
    EXPECT_FALSE(triggers::valid_mailbox("@contoso.com"));
    EXPECT_FALSE(triggers::valid_mailbox("a..b@contoso.com"));
    EXPECT_FALSE(triggers::valid_mailbox("a@contoso..com"));
    EXPECT_FALSE(triggers::valid_mailbox("a b@contoso.com"));
    EXPECT_FALSE(triggers::valid_mailbox("a@b@contoso.com"));
    EXPECT_FALSE(triggers::valid_mailbox("a\r@contoso.com"));
    EXPECT_FALSE(triggers::valid_mailbox(std::string(250, 'a') + "@contoso.com"));
}

}  // namespace
}  // namespace tocsin::test
