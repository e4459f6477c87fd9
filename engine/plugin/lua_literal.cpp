#include "engine/plugin/lua_literal.hpp"

#include <array>
#include <cstdio>

namespace tocsin::plugin {
namespace {

using nlohmann::json;

constexpr std::size_t max_line_width = 80;

constexpr std::array reserved_words{"and",   "break", "do",       "else", "elseif", "end",
                                    "false", "for",   "function", "goto", "if",     "in",
                                    "local", "nil",   "not",      "or",   "repeat", "return",
                                    "then",  "true",  "until",    "while"};

std::string key_of(const std::string& key) {
    return is_lua_identifier(key) ? key : "[" + lua_string(key) + "]";
}

// The whole value on one line, however long.
std::string inline_form(const json& value) {
    if (!value.is_structured())
        return lua_literal(value);
    if (value.empty())
        return "{}";
    std::string out = "{ ";
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
        out += first ? "" : ", ";
        first = false;
        if (value.is_object())
            out += key_of(it.key()) + " = ";
        out += inline_form(*it);
    }
    return out + " }";
}

}  // namespace

bool is_lua_identifier(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9'))
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    for (const char* word : reserved_words)
        if (name == word)
            return false;
    return true;
}

std::string lua_string(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string lua_literal(const json& value, int indent, std::size_t lead) {
    switch (value.type()) {
        case json::value_t::null:
        case json::value_t::discarded:
            return "json.null";
        case json::value_t::string:
            return lua_string(value.get_ref<const std::string&>());
        case json::value_t::boolean:
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
        case json::value_t::binary:
            return value.dump();
        case json::value_t::object:
        case json::value_t::array:
            break;
    }
    const auto one_line = inline_form(value);
    if (static_cast<std::size_t>(indent) + lead + one_line.size() <= max_line_width)
        return one_line;
    const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
    std::string out = "{\n";
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string key = value.is_object() ? key_of(it.key()) + " = " : "";
        // +1: the comma after the member.
        out += pad + key + lua_literal(*it, indent + 2, key.size() + 1) + ",\n";
    }
    return out + std::string(static_cast<std::size_t>(indent), ' ') + "}";
}

}  // namespace tocsin::plugin
