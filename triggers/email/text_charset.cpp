#include "triggers/email/text_charset.hpp"

#include <array>
#include <cerrno>
#include <cstdint>

#include "triggers/email/gmime_handle.hpp"

namespace tocsin::triggers {

namespace {

constexpr char32_t replacement = 0xFFFD;

// Windows-1252 at 0x80-0x9F; 0 where the code page leaves the byte undefined.
constexpr std::array<char32_t, 32> windows_1252_high{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

namespace {

char32_t from_c1(char32_t c) {
    const auto mapped = windows_1252_high[c - 0x80];
    return mapped ? mapped : replacement;
}

// Length of the valid UTF-8 sequence at text[i] (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF) and its code point; 0 when the bytes there are not one.
std::size_t sequence_at(std::string_view text, std::size_t i, char32_t& c) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const auto b0 = byte(0);
    std::size_t length = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
        c = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2, c = b0 & 0x1F, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3, c = b0 & 0x0F, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4, c = b0 & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(k) & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (byte(k) & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return length;
}

bool valid_utf8(std::string_view text) {
    char32_t ignored = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto n = sequence_at(text, i, ignored);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string from_windows_1252(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        append_utf8(out, b >= 0x80 && b <= 0x9F ? from_c1(b) : static_cast<char32_t>(b));
    }
    return out;
}

std::string lower_ascii(std::string_view text) {
    std::string out;
    for (const char c : text)
        if (c != ' ' && c != '\t' && c != '"')
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

bool is_latin1_label(const std::string& name) {
    static constexpr std::string_view labels[] = {
        "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-8859-1:1987", "latin1",   "latin-1",
        "l1",         "cp819",     "ibm819",     "windows-1252",    "cp1252",   "x-cp1252",
        "ansi",       "us-ascii",  "ascii",      "ansi_x3.4-1968",  "iso646-us"};
    for (const auto label : labels)
        if (name == label)
            return true;
    return false;
}

// Converts with GMime's iconv (which maps mail's charset aliases to iconv's names); false when
// iconv does not know the charset.
bool convert_with_iconv(std::string_view bytes, const std::string& charset, std::string& out) {
    detail::ensure_gmime();
    iconv_t cd = g_mime_iconv_open("UTF-8", charset.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1))
        return false;
    std::array<char, 4096> chunk{};
    auto* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
        char* next = chunk.data();
        std::size_t out_left = chunk.size();
        const std::size_t rc = iconv(cd, &in, &in_left, &next, &out_left);
        const int failure = rc == static_cast<std::size_t>(-1) ? errno : 0;
        out.append(chunk.data(), static_cast<std::size_t>(next - chunk.data()));
        if (failure == EILSEQ || failure == EINVAL) {
            // An unconvertible (or, at the end, incomplete) byte: mark it and go on after it.
            append_utf8(out, replacement);
            ++in;
            --in_left;
        } else if (failure != 0 && failure != E2BIG) {
            break;
        }
    }
    // A stateful encoding (ISO-2022-JP) may still owe its shift back to the initial state.
    char* next = chunk.data();
    std::size_t out_left = chunk.size();
    iconv(cd, nullptr, nullptr, &next, &out_left);
    out.append(chunk.data(), static_cast<std::size_t>(next - chunk.data()));
    g_mime_iconv_close(cd);
    return true;
}

}  // namespace

std::string clean_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char32_t c = 0;
        const auto n = sequence_at(text, i, c);
        if (n == 0) {
            append_utf8(out, replacement);
            ++i;
            continue;
        }
        if (c >= 0x80 && c <= 0x9F)
            append_utf8(out, from_c1(c));
        else
            out.append(text.substr(i, n));
        i += n;
    }
    return out;
}

std::string decode_text(std::string_view bytes, std::string_view charset) {
    const auto name = lower_ascii(charset);
    if (name == "utf-8" || name == "utf8")
        return clean_text(bytes);
    const bool latin1 = is_latin1_label(name);
    const bool unlabelled = name.empty() || name == "us-ascii" || name == "ascii";
    if (unlabelled && valid_utf8(bytes))
        return clean_text(bytes);
    if (latin1 || unlabelled)
        return from_windows_1252(bytes);
    std::string out;
    if (convert_with_iconv(bytes, name, out))
        return clean_text(out);
    return valid_utf8(bytes) ? clean_text(bytes) : from_windows_1252(bytes);
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept {
    if (text.size() <= max_bytes)
        return text;
    std::size_t end = max_bytes;
    // Back up over continuation bytes to the start of the sequence that would be cut.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

}  // namespace tocsin::triggers
