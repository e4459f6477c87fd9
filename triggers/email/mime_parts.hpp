#pragma once
// Internal to triggers/email: the body, HTML and attachments of a parsed message (rules in
// mime_parser.hpp).

#include "triggers/email/email_message.hpp"
#include "triggers/email/gmime_handle.hpp"

namespace tocsin::triggers::detail {

void read_parts(GMimeMessage* message, const email_limits& limits, email_message& out);

// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view bytes);

}  // namespace tocsin::triggers::detail
