#pragma once
// Reads an Internet message (RFC 5322 with MIME) with GMime into an email_message.
//
// - subject, names in addresses and filenames are decoded (RFC 2047 words, RFC 2231 parameters,
//   raw 8-bit headers as UTF-8 or else Windows-1252) and cleaned (text_charset.hpp);
// - from is the first From mailbox; to and cc list every mailbox, group members in their place;
//   reply_to is the first Reply-To mailbox;
// - date is the Date header in UTC, absent when missing or impossible;
// - importance: Importance (high/normal/low), else X-Priority (1-2 high, 3 normal, 4-5 low), else
//   X-MSMail-Priority, else Priority (urgent/non-urgent); "normal" when none says;
// - body is the first text/plain part that is not an attachment; without one, the first
//   text/html part converted to text (html_text.hpp); html is that HTML part, decoded. Both have
//   "\n" line ends;
// - attachments are the other leaf parts, in message order, except inline text parts without a
//   filename (the other half of an alternative, a list footer): files, inline images, signatures,
//   delivery-status reports, and message/rfc822 parts, which carry the attached message's
//   headline too and are never read as the body. Nested messages are not opened further;
// - headers: the fields a SOC playbook checks (trace and authentication results, client,
//   threading, list and bulk markers, spam verdicts), each as often as it occurs:
//   return-path, received, authentication-results, arc-authentication-results, received-spf,
//   dkim-signature, sender, delivered-to, x-original-to, x-originating-ip, x-sender-ip, x-mailer,
//   user-agent, in-reply-to, references, list-id, list-unsubscribe, auto-submitted, precedence,
//   importance, priority, x-priority, x-msmail-priority, x-spam-status, x-spam-flag,
//   x-spam-score, x-ms-exchange-organization-scl, x-microsoft-antispam,
//   x-forefront-antispam-report, x-ms-exchange-organization-authas, thread-topic.
// Limits (email_limits): body and html are cut at text_limit bytes (flagged); attachment contents
// are kept up to attachment_content_limit each and attachment_content_budget in all (in message
// order), beyond which only name, type, size and SHA-256 remain (truncated = true).
//
// GMime is lenient, as a receiving system must be: broken boundaries, bogus transfer encodings,
// unknown charsets and impossible dates are read as well as they can be. What is refused is what
// is not a message at all.
// Thread-safety: may be called from several threads at once.

#include <string_view>

#include "triggers/email/email_message.hpp"

namespace tocsin::triggers {

// Throws tocsin::error(errc::invalid_argument) saying why when `raw` is not a message: GMime finds
// none in it, or it has no header fields.
email_message parse_email(std::string_view raw, const email_limits& limits = {});

}  // namespace tocsin::triggers
