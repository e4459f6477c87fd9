#pragma once
// What a received message looks like to its playbook:
//
// ctx.trigger = {
//   kind = "email", mailbox = "soc@contoso.com",       -- the recipient the run is for
//   queue_id = "6F3A0C2B9D1E4A57", received_at = "2024-05-01T09:30:00Z",
//   envelope = { from = "alice@fabrikam.com",          -- MAIL FROM ("" for a bounce)
//                to = { "soc@contoso.com" },            -- every accepted RCPT TO
//                helo = "mail.fabrikam.com", remote_address = "203.0.113.7", tls = true },
//   from = { name = "Alice", address = "alice@fabrikam.com" },
//   to = { { name = "SOC", address = "soc@contoso.com" } }, cc = { ... },
//   reply_to = { name = "", address = "x@evil.example" },
//   subject = "Suspicious login", date = "2024-05-01T09:29:58Z", message_id = "id@host",
//   importance = "high",                               -- "high" | "normal" | "low"
//   body = "plain text", body_truncated = false,
//   html = "<html>…", html_truncated = false,
//   attachments = { { name = "invoice.pdf", content_type = "application/pdf",
//                     disposition = "attachment", content_id = "", size = 48213,
//                     sha256 = "…", content = "<base64>", truncated = false,
//                     message = { subject, from, date, message_id } },   -- message/rfc822 only
//                   ... },
//   attachments_truncated = false,
//   headers = { received = { "from …", ... }, ["x-mailer"] = "Outlook", ... },
//   size = 51234, sha256 = "…",                         -- of the message as received
// }
// Absent values are left out (nil in Lua), never JSON null: from, reply_to, date, html, and an
// attachment's content (when over email.attachment_content_limit or the message's budget) and
// message. headers: received, authentication-results, arc-authentication-results, received-spf
// and dkim-signature are always lists (in message order); every other selected field is the
// first occurrence's text.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "triggers/email/email_message.hpp"

namespace tocsin::triggers {

struct smtp_envelope {
    std::string mail_from;                // "" for the null reverse-path
    std::vector<std::string> recipients;  // accepted RCPT TO addresses, in order
    std::string helo;
    std::string remote_address;
    bool tls = false;
    std::string queue_id;
    time_point received_at{};
};

// ctx.trigger without `mailbox` (set per run). `raw` is the message as received.
nlohmann::json email_payload(const email_message& message, const smtp_envelope& envelope,
                             std::string_view raw);

}  // namespace tocsin::triggers
