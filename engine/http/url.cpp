#include "engine/http/url.hpp"

namespace tocsin::http {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool is_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_unreserved(char c) noexcept {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// Characters that may stand unescaped in the path and query of an absolute URL (RFC 3986
// pchar, '/', '?'); '%' is handled separately.
bool is_url_char(char c) noexcept {
    constexpr std::string_view sub_delims = "!$&'()*+,;=";
    return is_unreserved(c) || sub_delims.find(c) != std::string_view::npos || c == ':' ||
           c == '@' || c == '/' || c == '?';
}

void append_escaped(std::string& out, char c) {
    constexpr char digits[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += digits[byte >> 4];
    out += digits[byte & 0x0F];
}

bool is_digits(std::string_view s) noexcept {
    if (s.empty() || s.size() > 5)
        return false;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size())
                return std::nullopt;
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            const char decoded = static_cast<char>(hi * 16 + lo);
            if (decoded == '\0')
                return std::nullopt;
            out += decoded;
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

result<parsed_target> parse_target(std::string_view target) {
    if (target.empty() || target.front() != '/') {
        return error_info{
            errc::invalid_argument, "The request target must be an absolute path.", {}};
    }
    parsed_target parsed;
    const auto query_start = target.find('?');
    const std::string_view path = target.substr(0, query_start);
    std::string_view query =
        query_start == std::string_view::npos ? std::string_view{} : target.substr(query_start + 1);
    if (const auto hash = query.find('#'); hash != std::string_view::npos)
        query = query.substr(0, hash);
    parsed.path = std::string(path);

    std::string_view rest = path.substr(1);
    if (!rest.empty() && rest.back() == '/')
        rest.remove_suffix(1);
    if (!rest.empty()) {
        for (;;) {
            const auto slash = rest.find('/');
            auto decoded = percent_decode(rest.substr(0, slash), false);
            if (!decoded) {
                return error_info{errc::invalid_argument,
                                  "The request path has a malformed percent-encoding.",
                                  {}};
            }
            parsed.segments.push_back(std::move(*decoded));
            if (slash == std::string_view::npos)
                break;
            rest = rest.substr(slash + 1);
        }
    }

    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = percent_decode(
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key || !value) {
            return error_info{
                errc::invalid_argument, "The query string has a malformed percent-encoding.", {}};
        }
        parsed.query.add(std::move(*key), std::move(*value));
    }
    return parsed;
}

std::string encode_component(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (is_unreserved(c)) {
            out += c;
        } else {
            append_escaped(out, c);
        }
    }
    return out;
}

bool is_valid_host(std::string_view value) noexcept {
    if (value.empty())
        return false;
    std::string_view port;
    if (value.front() == '[') {
        const auto close = value.find(']');
        if (close == std::string_view::npos || close < 3)
            return false;
        for (char c : value.substr(1, close - 1)) {
            if (hex_value(c) < 0 && c != ':' && c != '.')
                return false;
        }
        const auto after = value.substr(close + 1);
        if (after.empty())
            return true;
        if (after.front() != ':')
            return false;
        port = after.substr(1);
    } else {
        const auto colon = value.find(':');
        const auto name = value.substr(0, colon);
        if (name.empty() || name.size() > 253)
            return false;
        for (char c : name) {
            if (!is_alnum(c) && c != '-' && c != '.' && c != '_')
                return false;
        }
        if (colon == std::string_view::npos)
            return true;
        port = value.substr(colon + 1);
    }
    return is_digits(port);
}

std::string authority_of(const endpoint& ep) {
    const bool v6 = ep.address.find(':') != std::string::npos;
    return (v6 ? "[" + ep.address + "]" : ep.address) + ":" + std::to_string(ep.port);
}

std::string absolute_url(const request& req, std::string_view path_and_query) {
    const auto host = req.host();
    if (!is_valid_host(host)) {
        throw tocsin::error(errc::internal, "absolute_url: the request has no valid host");
    }
    std::string out = req.secure() ? "https://" : "http://";
    out += host;
    if (path_and_query.empty() || path_and_query.front() != '/')
        out += '/';
    for (std::size_t i = 0; i < path_and_query.size(); ++i) {
        const char c = path_and_query[i];
        const bool valid_escape = c == '%' && i + 2 < path_and_query.size() &&
                                  hex_value(path_and_query[i + 1]) >= 0 &&
                                  hex_value(path_and_query[i + 2]) >= 0;
        if (is_url_char(c) || valid_escape) {
            out += c;
        } else {
            append_escaped(out, c);
        }
    }
    return out;
}

}  // namespace tocsin::http
