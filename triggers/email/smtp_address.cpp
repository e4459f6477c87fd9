#include "triggers/email/smtp_address.hpp"

namespace tocsin::triggers {

namespace {

constexpr std::size_t max_path = 254;

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool is_control(char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
}

bool atom_char(char c) {
    if (static_cast<unsigned char>(c) >= 0x80)
        return true;  // UTF-8 (SMTPUTF8)
    if (is_control(c) || c == ' ')
        return false;
    for (const char special : std::string_view("()<>[]:;@\\,\""))
        if (c == special)
            return false;
    return true;
}

bool valid_local_part(std::string_view local) {
    if (local.empty())
        return false;
    if (local.front() == '"') {
        if (local.size() < 2 || local.back() != '"')
            return false;
        for (std::size_t i = 1; i + 1 < local.size(); ++i) {
            if (is_control(local[i]))
                return false;
            if (local[i] == '\\')
                ++i;  // quoted pair
            else if (local[i] == '"')
                return false;
        }
        return true;
    }
    if (local.front() == '.' || local.back() == '.')
        return false;
    for (std::size_t i = 0; i < local.size(); ++i) {
        if (local[i] == '.' ? (i > 0 && local[i - 1] == '.') : !atom_char(local[i]))
            return false;
    }
    return true;
}

bool valid_domain(std::string_view domain) {
    if (domain.empty())
        return false;
    if (domain.front() == '[') {
        if (domain.back() != ']' || domain.size() < 3)
            return false;
        for (const char c : domain.substr(1, domain.size() - 2))
            if (is_control(c) || c == '[' || c == ']' || c == '\\' || c == ' ')
                return false;
        return true;
    }
    std::size_t label = 0;
    for (const char c : domain) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                        static_cast<unsigned char>(c) >= 0x80;
        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
        } else if (!ok || ++label > 63) {
            return false;
        }
    }
    return label > 0;
}

// The '@' between local part and domain: the last one outside a quoted local part.
std::size_t domain_separator(std::string_view address) {
    std::size_t from = 0;
    if (!address.empty() && address.front() == '"') {
        for (std::size_t i = 1; i < address.size(); ++i) {
            if (address[i] == '\\') {
                ++i;
            } else if (address[i] == '"') {
                from = i + 1;
                break;
            }
        }
    }
    const auto at = address.find('@', from);
    return at == std::string_view::npos ? at : address.rfind('@');
}

// The end of a bracketed path starting at text[0] == '<' (index of '>'), skipping quoted text.
std::size_t path_end(std::string_view text) {
    bool quoted = false;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (quoted && text[i] == '\\') {
            ++i;
        } else if (text[i] == '"') {
            quoted = !quoted;
        } else if (!quoted && text[i] == '>') {
            return i;
        }
    }
    return std::string_view::npos;
}

bool keyword_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool parse_parameters(std::string_view text, smtp_path_argument& out) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        if (i == text.size())
            break;
        const auto start = i;
        while (i < text.size() && !is_space(text[i]))
            ++i;
        const auto token = text.substr(start, i - start);
        const auto equals = token.find('=');
        const auto name = token.substr(0, equals);
        if (name.empty())
            return false;
        std::string keyword;
        for (const char c : name) {
            if (!keyword_char(c))
                return false;
            keyword += upper(c);
        }
        std::string value;
        if (equals != std::string_view::npos) {
            value = std::string(token.substr(equals + 1));
            for (const char c : value)
                if (is_control(c) || c == '=')
                    return false;
        }
        out.parameters.emplace_back(std::move(keyword), std::move(value));
    }
    return true;
}

}  // namespace

bool valid_mailbox(std::string_view address) {
    if (address.empty() || address.size() > max_path)
        return false;
    const auto at = domain_separator(address);
    if (at == std::string_view::npos)
        return false;
    return valid_local_part(address.substr(0, at)) && valid_domain(address.substr(at + 1));
}

smtp_path_argument parse_path_argument(std::string_view argument, std::string_view keyword) {
    smtp_path_argument out;
    std::size_t i = 0;
    while (i < argument.size() && is_space(argument[i]))
        ++i;
    for (const char k : keyword) {
        if (i >= argument.size() || upper(argument[i]) != k)
            return out;
        ++i;
    }
    while (i < argument.size() && is_space(argument[i]))
        ++i;
    if (i >= argument.size() || argument[i] != ':')
        return out;
    ++i;
    while (i < argument.size() && is_space(argument[i]))
        ++i;
    const auto rest = argument.substr(i);
    if (rest.empty())
        return out;
    std::string_view path;
    std::string_view parameters;
    if (rest.front() == '<') {
        const auto close = path_end(rest);
        if (close == std::string_view::npos)
            return out;
        path = rest.substr(1, close - 1);
        parameters = rest.substr(close + 1);
        if (!parameters.empty() && !is_space(parameters.front()))
            return out;
    } else {
        auto end = rest.find_first_of(" \t");
        end = end == std::string_view::npos ? rest.size() : end;
        path = rest.substr(0, end);
        parameters = rest.substr(end);
    }
    if (!parse_parameters(parameters, out))
        return out;
    // A source route ("@relay1,@relay2:") is obsolete and ignored, as RFC 5321 C allows.
    if (!path.empty() && path.front() == '@') {
        const auto colon = path.find(':');
        if (colon == std::string_view::npos)
            return out;
        path = path.substr(colon + 1);
    }
    out.address = std::string(path);
    out.result = path.empty() || valid_mailbox(path) ? smtp_path_argument::status::ok
                                                     : smtp_path_argument::status::bad_address;
    return out;
}

}  // namespace tocsin::triggers
