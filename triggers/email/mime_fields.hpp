#pragma once
// Internal to triggers/email: reading header fields out of GMime objects as email_message values.
// Every string that leaves here is valid UTF-8 (clean_text), unfolded and trimmed.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "triggers/email/email_message.hpp"
#include "triggers/email/gmime_handle.hpp"

namespace tocsin::triggers::detail {

// A decoded header value: folding white space collapsed to single spaces, trimmed, cleaned, cut
// to `limit` bytes.
std::string header_text(const char* value, std::size_t limit);

// Mailboxes of a list, group members included in their place.
std::vector<email_address> addresses_of(InternetAddressList* list);
std::optional<email_address> first_address_of(InternetAddressList* list);

// The Date header's instant; nullopt when missing or impossible ("27:39:33").
std::optional<time_point> date_of(GMimeMessage* message);

// "high", "normal" or "low", from Importance, then X-Priority, X-MSMail-Priority, Priority.
std::string importance_of(GMimeObject* message);

// The header fields a SOC playbook may use (see mime_parser.hpp), in message order.
std::vector<std::pair<std::string, std::string>> selected_headers(GMimeObject* message,
                                                                  const email_limits& limits);

embedded_message summary_of(GMimeMessage* message, const email_limits& limits);

}  // namespace tocsin::triggers::detail
