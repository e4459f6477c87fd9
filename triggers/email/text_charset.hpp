#pragma once
// Text from e-mail, whatever its declared charset, as valid UTF-8.
//
// Decisions (those of mail clients and of the WHATWG Encoding standard):
// - ISO-8859-1, US-ASCII and their aliases are read as Windows-1252, its superset: mail labelled
//   Latin-1 that uses 0x80-0x9F means the Windows characters (curly quotes, the euro sign), never
//   the C1 control codes.
// - No charset, US-ASCII with 8-bit bytes, or a charset nobody knows: UTF-8 when the bytes are
//   valid UTF-8, else Windows-1252.
// - Every other charset goes through GMime's iconv (which knows the aliases mail uses, e.g.
//   ks_c_5601-1987); bytes that do not convert become U+FFFD, and the rest is kept.
// Thread-safety: pure functions, callable from any thread once GMime is initialised.

#include <string>
#include <string_view>

namespace tocsin::triggers {

// `bytes` (already transfer-decoded) in `charset` (a MIME charset name; may be empty) as UTF-8.
std::string decode_text(std::string_view bytes, std::string_view charset);

// Makes text that should be UTF-8 safe to hand on: each invalid byte becomes U+FFFD, and C1
// control characters (U+0080-U+009F, what Windows-1252 text labelled ISO-8859-1 turns into when
// decoded as Latin-1, e.g. by an RFC 2047 decoder) become the Windows-1252 characters they stand
// for.
std::string clean_text(std::string_view text);

// Appends code point `c` (at most U+10FFFF) encoded as UTF-8.
void append_utf8(std::string& out, char32_t c);

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept;

}  // namespace tocsin::triggers
