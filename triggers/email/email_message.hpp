#pragma once
// What the e-mail trigger reads out of a message: plain C++ values, every string valid UTF-8,
// decoded from whatever the message used (RFC 2047 words, RFC 2231 parameters, transfer
// encodings, charsets). Produced by parse_email (mime_parser.hpp); turned into ctx.trigger by
// email_payload.hpp.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/time.hpp"

namespace tocsin::triggers {

struct email_address {
    std::string name;     // display name, decoded; "" when none
    std::string address;  // addr-spec as written ("user@example.com")

    friend bool operator==(const email_address&, const email_address&) = default;
};

// The headline of a message/rfc822 attachment (a forwarded mail, a reported phish).
struct embedded_message {
    std::string subject;
    std::optional<email_address> from;
    std::optional<time_point> date;
    std::string message_id;
};

struct email_attachment {
    std::string name;          // filename (RFC 2231 / 2047 decoded); "" when the part has none
    std::string content_type;  // "application/pdf", lower-case
    std::string disposition;   // "attachment", "inline" or ""
    std::string content_id;    // without <>; "" when none
    std::size_t size = 0;      // decoded bytes
    std::string sha256;        // lower-case hex of the decoded bytes
    // The decoded bytes, when within the limits (email_limits); otherwise withheld.
    std::optional<std::string> content;
    bool truncated = false;                   // content withheld because of a limit
    std::optional<embedded_message> message;  // for message/rfc822 parts
};

struct email_message {
    std::string subject;
    std::optional<email_address> from;
    std::vector<email_address> to;
    std::vector<email_address> cc;
    std::optional<email_address> reply_to;  // the first Reply-To address
    std::optional<time_point> date;         // absent when missing or impossible
    std::string message_id;                 // without <>
    std::string importance = "normal";      // "high", "normal" or "low"
    std::string body;                       // plain text (from the HTML part when no text part)
    bool body_truncated = false;
    std::optional<std::string> html;  // the HTML part, when there is one
    bool html_truncated = false;
    std::vector<email_attachment> attachments;
    bool attachments_truncated = false;  // more attachments than email_limits::max_attachments
    // Selected header fields (mime_parser.hpp), names lower-case, values unfolded and decoded,
    // in message order.
    std::vector<std::pair<std::string, std::string>> headers;
};

struct email_limits {
    std::size_t attachment_content_limit = 1024 * 1024;  // per attachment (email.* config)
    // Sum of attachment contents passed on: ctx.trigger must stay well inside the Lua layer's
    // JSON limit (lua::json_limits, 8 MiB) once base64 has grown it by a third.
    std::size_t attachment_content_budget = 3 * 1024 * 1024;
    std::size_t text_limit = 1024 * 1024;  // body and html each, in bytes
    std::size_t max_attachments = 100;
    std::size_t header_value_limit = 8 * 1024;
    std::size_t max_headers = 100;  // selected header fields kept
};

}  // namespace tocsin::triggers
