#include "plugins/notify/mail_message.hpp"

#include <algorithm>
#include <ctime>

#include "engine/core/uuid.hpp"
#include "engine/net/encoding.hpp"

namespace tocsin::plugins::notify {
namespace {

constexpr std::size_t max_line = 76;

bool has_line_break(std::string_view s) {
    return s.find_first_of("\r\n") != std::string_view::npos;
}

// LF or CRLF (or a lone CR) → CRLF.
std::string crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else if (text[i] == '\n') {
            out += "\r\n";
        } else {
            out += text[i];
        }
    }
    return out;
}

bool needs_encoding(std::string_view crlf_text) {
    if (!net::is_ascii(crlf_text))
        return true;
    std::size_t line = 0;
    for (const char c : crlf_text) {
        if (c == '\n') {
            line = 0;
        } else if (++line > 998 || c == '\0') {
            return true;
        }
    }
    return false;
}

// Quoted-printable (RFC 2045 6.7) of CRLF text: soft breaks keep lines within 76 characters.
std::string quoted_printable(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t line = 0;
    auto emit = [&](std::string_view piece) {
        if (line + piece.size() > max_line - 1) {
            out += "=\r\n";
            line = 0;
        }
        out += piece;
        line += piece.size();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            // Trailing white space before a line break must be encoded.
            if (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
                const char ws = out.back();
                out.pop_back();
                --line;
                const char enc[3] = {'=', hex[static_cast<unsigned char>(ws) >> 4],
                                     hex[static_cast<unsigned char>(ws) & 15]};
                emit(std::string_view(enc, 3));
            }
            out += "\r\n";
            line = 0;
            ++i;
            continue;
        }
        if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
            const char ch = static_cast<char>(c);
            emit(std::string_view(&ch, 1));
        } else {
            const char enc[3] = {'=', hex[c >> 4], hex[c & 15]};
            emit(std::string_view(enc, 3));
        }
    }
    return out;
}

struct part {
    std::string headers;
    std::string body;
};

part text_part(std::string_view text, std::string_view subtype) {
    const auto body = crlf(text);
    part p;
    p.headers = "Content-Type: text/" + std::string(subtype) + "; charset=utf-8\r\n";
    if (needs_encoding(body)) {
        p.headers += "Content-Transfer-Encoding: quoted-printable\r\n";
        p.body = quoted_printable(body);
    } else {
        p.headers += "Content-Transfer-Encoding: 7bit\r\n";
        p.body = body;
    }
    return p;
}

std::string rfc5322_date(std::chrono::system_clock::time_point now) {
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string address_list(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& a : list)
        out += (out.empty() ? "" : ", ") + a;
    return out;
}

void check_addresses(const std::vector<std::string>& list, const char* field) {
    for (const auto& a : list)
        if (!is_mail_address(a))
            throw error(errc::invalid_argument, "'" + a + "' is not an e-mail address", field);
}

}  // namespace

bool is_mail_address(std::string_view address) {
    const auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= address.size() || address.size() > 254)
        return false;
    return std::none_of(address.begin(), address.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == ',' ||
               c == '"' || c == 0x7f;
    });
}

std::string encode_header_text(std::string_view text) {
    const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (plain && text.find("=?") == std::string_view::npos)
        return std::string(text);
    // 45 bytes → 60 base64 characters; with "=?UTF-8?B?" and "?=" a word stays within 75.
    // Words split between UTF-8 characters, never inside one.
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = std::min(text.size(), i + 45);
        while (end < text.size() && end > i &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;
        if (!out.empty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + net::base64_encode(text.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string build_message(const mail& m, std::chrono::system_clock::time_point now,
                          std::string* message_id) {
    if (!is_mail_address(m.from))
        throw error(errc::invalid_argument, "'" + m.from + "' is not an e-mail address", "from");
    if (m.to.empty() && m.cc.empty())
        throw error(errc::missing_field, "no recipients", "to");
    check_addresses(m.to, "to");
    check_addresses(m.cc, "cc");
    if (has_line_break(m.subject))
        throw error(errc::invalid_argument, "'subject' must be one line", "subject");

    const std::string domain = m.from.substr(m.from.rfind('@') + 1);
    const std::string id = "<" + new_uuid() + "@" + domain + ">";
    if (message_id)
        *message_id = id;
    std::string out;
    out += "Date: " + rfc5322_date(now) + "\r\n";
    out += "From: " + m.from + "\r\n";
    if (!m.to.empty())
        out += "To: " + address_list(m.to) + "\r\n";
    if (!m.cc.empty())
        out += "Cc: " + address_list(m.cc) + "\r\n";
    out += "Subject: " + encode_header_text(m.subject) + "\r\n";
    out += "Message-ID: " + id + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    const auto plain = text_part(m.text, "plain");
    if (m.html.empty()) {
        out += plain.headers + "\r\n" + plain.body;
    } else {
        const auto html = text_part(m.html, "html");
        const std::string boundary = "=_tocsin_" + new_uuid();
        out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
        out += "--" + boundary + "\r\n" + plain.headers + "\r\n" + plain.body + "\r\n";
        out += "--" + boundary + "\r\n" + html.headers + "\r\n" + html.body + "\r\n";
        out += "--" + boundary + "--";
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)
        out += "\r\n";
    return out;
}

std::string dot_stuff(std::string_view message) {
    std::string out;
    out.reserve(message.size() + 16);
    bool line_start = true;
    for (const char c : message) {
        if (line_start && c == '.')
            out += '.';
        out += c;
        line_start = c == '\n';
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)
        out += "\r\n";
    return out + ".\r\n";
}

}  // namespace tocsin::plugins::notify
