#pragma once
// The arguments of MAIL FROM and RCPT TO (RFC 5321 4.1.2, with RFC 6531's UTF-8 addresses):
//
//   MAIL FROM:<alice@fabrikam.com> SIZE=1024 BODY=8BITMIME
//   RCPT TO:<soc@contoso.com>
//
// Parsed as mature MTAs do, leniently where clients commonly stray and strictly where it matters:
// spaces around the colon and a path without angle brackets are accepted; a source route
// (<@relay:user@host>) is dropped; the mailbox must have a local part (dot-atom or quoted
// string) and a domain (host name, or an address literal [...]), no control characters, and at
// most 254 bytes. The null reverse-path <> is a valid sender only.
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tocsin::triggers {

struct smtp_path_argument {
    enum class status { ok, syntax, bad_address };
    status result = status::syntax;
    std::string address;  // the mailbox, without brackets and source route; "" for <>
    // ESMTP parameters in order: keyword upper-cased, value as sent ("" when it has none).
    std::vector<std::pair<std::string, std::string>> parameters;
};

// `argument` is what follows the verb ("FROM:<a@b> SIZE=10"); `keyword` is "FROM" or "TO".
smtp_path_argument parse_path_argument(std::string_view argument, std::string_view keyword);

// Whether `address` is a mailbox (local-part@domain) by the rules above.
bool valid_mailbox(std::string_view address);

}  // namespace tocsin::triggers
