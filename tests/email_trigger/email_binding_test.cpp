// Which playbooks take which mail (email_binding.hpp) and what their ctx.trigger holds
// (email_payload.hpp).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"
#include "engine/lua/playbook.hpp"
#include "tests/email_trigger/email_fixtures.hpp"
#include "triggers/email/email_binding.hpp"
#include "triggers/email/email_payload.hpp"
#include "triggers/email/mime_parser.hpp"

namespace tocsin::test {
namespace {

using nlohmann::json;
using triggers::binding_mailbox;
using triggers::email_binding;

runner::definition_ptr playbook_with(const std::string& trigger) {
    const std::string source = "return { name = 'triage', version = '1.0.0', triggers = { " +
                               trigger + " }, run = function(ctx) end }";
    return std::make_shared<const lua::playbook_definition>(
        lua::load_playbook_source(source, "triage.lua", lua::load_options{}));
}

email_binding binding_of(const std::string& trigger) {
    const auto def = playbook_with(trigger);
    return triggers::parse_email_binding(def, def->triggers.at(0).options);
}

std::string refusal(const std::string& trigger) {
    try {
        binding_of(trigger);
    } catch (const error& e) {
        EXPECT_EQ(e.code(), errc::invalid_argument);
        return e.field() + ": " + e.what();
    }
    return "(accepted)";
}

TEST(EmailBinding, Options) {
    auto b = binding_of("{ kind = 'email', options = { mailbox = 'SOC@Contoso.com' } }");
    EXPECT_EQ(b.mailbox, "soc@contoso.com");
    EXPECT_TRUE(b.subject_contains.empty());

    b = binding_of("'email'");
    EXPECT_EQ(b.mailbox, "");

    b = binding_of(
        "{ kind = 'email', options = { subject_contains = { 'PHISH', 'Verdächtig' } } }");
    EXPECT_EQ(b.subject_contains, (std::vector<std::string>{"phish", "verdächtig"}));
}

TEST(EmailBinding, BadOptionsAreRefusedByName) {
    EXPECT_EQ(refusal("{ kind = 'email', options = { mailbox = 'not-an-address' } }"),
              "triggers.options.mailbox: 'mailbox' must be an e-mail address such as "
              "\"soc@contoso.com\".");
    EXPECT_EQ(refusal("{ kind = 'email', options = { mailbx = 'soc@contoso.com' } }"),
              "triggers.options.mailbx: 'mailbx' is not an option of the e-mail trigger "
              "(mailbox, subject_contains).");
    EXPECT_EQ(refusal("{ kind = 'email', options = { subject_contains = {} } }"),
              "triggers.options.subject_contains: 'subject_contains' must be a non-empty string "
              "or a list of them.");
    EXPECT_EQ(refusal("{ kind = 'email', options = { subject_contains = 5 } }"),
              "triggers.options.subject_contains: 'subject_contains' must be a non-empty string "
              "or a list of them.");
}

TEST(EmailBinding, MailboxAndSubjectMatching) {
    const std::vector<std::string> recipients{"phishing@contoso.com", "soc@contoso.com"};
    const auto soc = binding_of("{ kind = 'email', options = { mailbox = 'soc@contoso.com' } }");
    EXPECT_EQ(binding_mailbox(soc, recipients, "anything"), "soc@contoso.com");
    EXPECT_EQ(binding_mailbox(soc, {"phishing@contoso.com"}, "anything"), std::nullopt);

    const auto any = binding_of("'email'");
    EXPECT_EQ(binding_mailbox(any, recipients, "x"), "phishing@contoso.com");  // the first
    EXPECT_EQ(binding_mailbox(any, {}, "x"), std::nullopt);

    const auto filtered = binding_of(
        "{ kind = 'email', options = { mailbox = 'soc@contoso.com', subject_contains = "
        "{ 'phish', 'VERDÄCHTIG' } } }");
    EXPECT_EQ(binding_mailbox(filtered, recipients, "Re: PHISHING attempt"), "soc@contoso.com");
    EXPECT_EQ(binding_mailbox(filtered, recipients, "Verdächtige Mail"), "soc@contoso.com");
    EXPECT_EQ(binding_mailbox(filtered, recipients, "Lunch?"), std::nullopt);
}

TEST(EmailBinding, TheDocumentedPlaybookLoads) {
    std::ifstream in(std::filesystem::path(TOCSIN_SOURCE_DIR) / "docs/triggers/email.md");
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = text.str();
    const auto start = doc.find("```lua\nreturn {");
    ASSERT_NE(start, std::string::npos);
    const auto end = doc.find("```", start + 6);
    const auto source = doc.substr(start + 7, end - start - 7);
    const auto def = std::make_shared<const lua::playbook_definition>(
        lua::load_playbook_source(source, "email.md", lua::load_options{}));
    const auto b = triggers::parse_email_binding(def, def->triggers.at(0).options);
    EXPECT_EQ(b.mailbox, "phishing@contoso.com");
    EXPECT_EQ(b.subject_contains, (std::vector<std::string>{"phish", "suspicious"}));
}

TEST(EmailPayload, ShapeOfTheTrigger) {
    const auto raw = email_sample("encoded-word-in-unquoted-param.eml");
    const auto message = triggers::parse_email(raw);
    triggers::smtp_envelope envelope;
    envelope.mail_from = "sender@fabrikam.com";
    envelope.recipients = {"SOC@contoso.com"};
    envelope.helo = "mail.fabrikam.com";
    envelope.remote_address = "192.0.2.7";
    envelope.tls = true;
    envelope.queue_id = "ABCDEF0123456789";
    envelope.received_at = time_point(std::chrono::milliseconds(1714555800000));
    const json p = triggers::email_payload(message, envelope, raw);
    EXPECT_EQ(p["kind"], "email");
    EXPECT_FALSE(p.contains("mailbox"));  // set per run
    EXPECT_EQ(p["queue_id"], "ABCDEF0123456789");
    EXPECT_EQ(p["received_at"], "2024-05-01T09:30:00Z");
    EXPECT_EQ(p["envelope"], json({{"from", "sender@fabrikam.com"},
                                   {"to", {"SOC@contoso.com"}},
                                   {"helo", "mail.fabrikam.com"},
                                   {"remote_address", "192.0.2.7"},
                                   {"tls", true}}));
    EXPECT_EQ(p["from"],
              json({{"name", "xxxxxxxxx xxxxxxx"}, {"address", "xxxxxxxxx.xxxxxxx@gmail.com"}}));
    EXPECT_EQ(p["to"], json::array({{{"name", "xxxxx xxxx"}, {"address", "xxxxx@xxxxxxxxx.com"}}}));
    EXPECT_EQ(p["cc"], json::array());
    EXPECT_EQ(p["reply_to"]["address"], "xxxxxxxxx.xxxxxxx@gmail.com");
    EXPECT_EQ(p["subject"], "Fwd: Signed email causes file attachments");
    EXPECT_EQ(p["date"], "2005-05-08T19:09:11Z");
    EXPECT_EQ(p["message_id"], "e85734b90505081209eaaa17b@mail.gmail.com");
    EXPECT_EQ(p["importance"], "normal");
    EXPECT_FALSE(p.contains("html"));  // absent, not null
    EXPECT_EQ(p["body_truncated"], false);
    EXPECT_EQ(p["size"], raw.size());
    EXPECT_EQ(p["sha256"].get<std::string>().size(), 64u);
    ASSERT_EQ(p["attachments"].size(), 1u);
    const auto& pdf = p["attachments"][0];
    EXPECT_EQ(pdf["name"], "This is a test.pdf");
    EXPECT_EQ(pdf["size"], 399);
    EXPECT_EQ(pdf["sha256"], "3edf4dcb7f2569a4d2d29ea442b37ce50ceeb0e6019a81529612752d4768c3ac");
    // The fixture's "PDF" is the start of a PKCS#7 blob (fixtures/README.md): DER 30 80 06 09.
    EXPECT_EQ(pdf["content"].get<std::string>().substr(0, 8), "MIAGCSqG");
    EXPECT_EQ(pdf["truncated"], false);
    EXPECT_FALSE(pdf.contains("message"));
    EXPECT_EQ(p["headers"]["return-path"], "<xxxxxxxxx.xxxxxxx@gmail.com>");
    EXPECT_FALSE(p["headers"].contains("received"));
}

TEST(EmailPayload, RepeatedTraceHeadersAreLists) {
    const auto raw = email_sample("plain-text-apple-mail.eml");
    const json p = triggers::email_payload(triggers::parse_email(raw), {}, raw);
    const auto& headers = p["headers"];
    ASSERT_TRUE(headers["received"].is_array());
    EXPECT_EQ(headers["received"].size(), 4u);
    EXPECT_TRUE(headers["received"][0].get<std::string>().starts_with("by 10.140.178.13"));
    ASSERT_TRUE(headers["authentication-results"].is_array());
    EXPECT_EQ(headers["x-mailer"], "Apple Mail (2.929.2)");
    EXPECT_EQ(headers["return-path"], "<test@lindsaar.net>");
}

TEST(EmailPayload, LargeAttachmentsCarryNoContent) {
    const auto raw = email_sample("signed-nested-mixed-base64-attachments.eml");
    triggers::email_limits limits;
    limits.attachment_content_limit = 1000;
    const auto p = triggers::email_payload(triggers::parse_email(raw, limits), {}, raw);
    ASSERT_EQ(p["attachments"].size(), 2u);
    EXPECT_FALSE(p["attachments"][0].contains("content"));  // 1902 bytes
    EXPECT_EQ(p["attachments"][0]["truncated"], true);
    EXPECT_TRUE(p["attachments"][1].contains("content"));  // 939 bytes
    EXPECT_EQ(p["attachments"][1]["truncated"], false);
}

TEST(EmailPayload, ForwardedMessageHeadline) {
    const auto raw = email_sample("rfc822-attachment-forwarded-with-pdf.eml");
    const auto p = triggers::email_payload(triggers::parse_email(raw), {}, raw);
    const auto& forwarded = p["attachments"][0];
    EXPECT_EQ(forwarded["content_type"], "message/rfc822");
    EXPECT_EQ(forwarded["message"]["subject"], "Another PDF");
}

}  // namespace
}  // namespace tocsin::test
