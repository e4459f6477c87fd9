#pragma once
// An RFC 5322 / MIME message for notify.email: Date, Message-ID, MIME-Version, RFC 2047 encoded
// Subject when it is not ASCII, text/plain (with an optional text/html alternative), CRLF line
// endings, and a transfer encoding that keeps every line within 998 octets (7bit when the text
// allows, quoted-printable otherwise). Pure functions; safe from any thread.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "engine/error.hpp"

namespace tocsin::plugins::notify {

struct mail {
    std::string from;
    std::vector<std::string> to;
    std::vector<std::string> cc;
    std::string subject;
    std::string text;
    std::string html;  // empty: text/plain only
};

// "user@example.com": no display name, no spaces, CR/LF or angle brackets.
bool is_mail_address(std::string_view address);

// =?UTF-8?B?…?= words of at most 75 characters when `text` is not printable ASCII; else `text`.
std::string encode_header_text(std::string_view text);

// The message, headers and body, ready for DATA (not yet dot-stuffed). Throws
// tocsin::error(errc::invalid_argument) for a malformed address or a header with CR/LF.
std::string build_message(const mail& m, std::chrono::system_clock::time_point now,
                          std::string* message_id);

// RFC 5321 4.5.2: a leading '.' on a line is doubled; the message ends with CRLF.CRLF.
std::string dot_stuff(std::string_view message);

}  // namespace tocsin::plugins::notify
