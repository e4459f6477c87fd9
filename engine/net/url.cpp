#include "engine/net/url.hpp"

#include <algorithm>
#include <cctype>

namespace tocsin::net {
namespace {

error_info bad(std::string_view text, const std::string& why) {
    return error_info{errc::invalid_argument, "'" + std::string(text) + "' " + why, "url"};
}

bool is_control_or_space(char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
}

}  // namespace

std::string url::authority() const {
    const bool default_port =
        (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
    const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return default_port ? h : h + ":" + port;
}

result<url> parse_url(std::string_view text) {
    if (std::any_of(text.begin(), text.end(), is_control_or_space))
        return bad(text, "contains spaces or control characters");
    url out;
    const auto sep = text.find("://");
    if (sep == std::string_view::npos)
        return bad(text, "is not an absolute http(s) URL");
    out.scheme = std::string(text.substr(0, sep));
    std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (out.scheme != "http" && out.scheme != "https")
        return bad(text, "has scheme '" + out.scheme + "'; only http and https are supported");
    auto rest = text.substr(sep + 3);
    if (const auto hash = rest.find('#'); hash != std::string_view::npos)
        return bad(text, "has a fragment");
    const auto path_start = rest.find_first_of("/?");
    auto authority = rest.substr(0, path_start);
    out.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
    if (out.target.front() == '?')
        out.target.insert(out.target.begin(), '/');
    if (authority.find('@') != std::string_view::npos)
        return bad(text, "has user information; put credentials in instance settings");
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return bad(text, "has an unterminated IPv6 address");
        out.host = std::string(authority.substr(1, close - 1));
        auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return bad(text, "has a malformed host");
            port = after.substr(1);
        }
    } else {
        const auto colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos)
            port = authority.substr(colon + 1);
    }
    if (out.host.empty())
        return bad(text, "has no host");
    if (port.empty()) {
        out.port = out.tls() ? "443" : "80";
    } else {
        if (port.size() > 5 ||
            !std::all_of(port.begin(), port.end(),
                         [](unsigned char c) { return std::isdigit(c); }) ||
            std::stoul(std::string(port)) == 0 || std::stoul(std::string(port)) > 65535)
            return bad(text, "has an invalid port");
        out.port = std::string(port);
    }
    return out;
}

std::string join_url(std::string_view base, std::string_view ref) {
    if (ref.find("://") != std::string_view::npos || base.empty())
        return std::string(ref);
    // As axios' baseURL does: one '/' between the base and the reference, whatever either has.
    while (!base.empty() && base.back() == '/')
        base.remove_suffix(1);
    while (!ref.empty() && ref.front() == '/')
        ref.remove_prefix(1);
    return ref.empty() ? std::string(base) : std::string(base) + "/" + std::string(ref);
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::string with_query(std::string target,
                       const std::vector<std::pair<std::string, std::string>>& query) {
    for (const auto& [name, value] : query) {
        target.push_back(target.find('?') == std::string::npos ? '?' : '&');
        target += percent_encode(name) + "=" + percent_encode(value);
    }
    return target;
}

}  // namespace tocsin::net
