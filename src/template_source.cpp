#include "src/template_source.hpp"

#include <cctype>

#include "engine/error.hpp"
#include "engine/plugin/lua_literal.hpp"

namespace tocsin::cli {
namespace {

using nlohmann::json;

// Index just past the end of the string literal opening at `i` (a quote).
std::size_t skip_string(const std::string& s, std::size_t i) {
    const char quote = s[i++];
    while (i < s.size() && s[i] != quote) {
        if (s[i] == '\\')
            ++i;
        if (s[i] == '\n')
            return std::string::npos;
        ++i;
    }
    return i < s.size() ? i + 1 : std::string::npos;
}

// Index just past the literal starting at `i`: a string, a balanced table, or a bare word /
// number (up to the next `,` or `}` at the same level).
std::size_t skip_literal(const std::string& s, std::size_t i) {
    if (i >= s.size())
        return std::string::npos;
    if (s[i] == '"' || s[i] == '\'')
        return skip_string(s, i);
    if (s[i] == '{') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"' || c == '\'') {
                i = skip_string(s, i);
                if (i == std::string::npos)
                    return i;
                continue;
            }
            if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {  // a comment to end of line
                i = s.find('\n', i);
                if (i == std::string::npos)
                    return i;
                continue;
            }
            if (c == '{')
                ++depth;
            else if (c == '}' && --depth == 0)
                return i + 1;
            ++i;
        }
        return std::string::npos;
    }
    const auto start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != '\n')
        ++i;
    while (i > start && std::isspace(static_cast<unsigned char>(s[i - 1])))
        --i;
    return i > start ? i : std::string::npos;
}

std::size_t skip_space(const std::string& s, std::size_t i) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return i;
}

// The index after `key =` where `key` is a field of the table literal opening at `open` (not
// of a table nested in it), or npos.
std::size_t find_field(const std::string& s, std::size_t open, const std::string& key) {
    int depth = 0;
    std::size_t i = open;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"' || c == '\'') {
            i = skip_string(s, i);
            if (i == std::string::npos)
                return i;
            continue;
        }
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            i = s.find('\n', i);
            if (i == std::string::npos)
                return i;
            continue;
        }
        if (c == '{') {
            ++depth;
        } else if (c == '}') {
            if (--depth == 0)
                return std::string::npos;
        } else if (depth == 1 && (std::isalpha(static_cast<unsigned char>(c)) || c == '_')) {
            auto j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_'))
                ++j;
            const auto after = skip_space(s, j);
            if (s.compare(i, j - i, key) == 0 && j - i == key.size() && after < s.size() &&
                s[after] == '=' && (after + 1 >= s.size() || s[after + 1] != '='))
                return after + 1;
            i = j;
            continue;
        }
        ++i;
    }
    return std::string::npos;
}

// The index after `params =` at the top of the returned table: the first assignment of
// `params` to a table literal.
std::size_t find_params(const std::string& s) {
    for (auto i = s.find("params"); i != std::string::npos; i = s.find("params", i + 1)) {
        const bool starts = i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) ||
                                        s[i - 1] == '_' || s[i - 1] == '.');
        const auto j = skip_space(s, i + 6);
        if (starts && j < s.size() && s[j] == '=' && skip_space(s, j + 1) < s.size() &&
            s[skip_space(s, j + 1)] == '{')
            return j + 1;
    }
    return std::string::npos;
}

[[noreturn]] void cannot(const std::string& name, const std::string& why) {
    throw error(errc::invalid_argument,
                "cannot write parameter '" + name + "' into the template: " + why, name);
}

}  // namespace

std::string with_param_default(const std::string& source, const std::string& name,
                               const json& value) {
    const auto params = find_params(source);
    if (params == std::string::npos)
        cannot(name, "it declares no params table");
    const auto params_open = skip_space(source, params);
    const auto decl = find_field(source, params_open, name);
    if (decl == std::string::npos)
        cannot(name, "no such parameter");
    const auto decl_open = skip_space(source, decl);
    const auto decl_end = skip_literal(source, decl_open);
    if (decl_open >= source.size() || source[decl_open] != '{' || decl_end == std::string::npos)
        cannot(name, "its declaration is not a table literal");
    // Laid out from the declaration's line: its indentation, and the column the value starts at.
    const auto line_start = source.rfind('\n', decl_open) + 1;  // npos + 1 == 0
    const auto indent = static_cast<int>(skip_space(source, line_start) - line_start);
    const auto def = find_field(source, decl_open, "default");
    if (def == std::string::npos) {
        const auto literal = plugin::lua_literal(value, indent, decl_open + 12 - line_start);
        // No default yet: give it one, first in the declaration.
        return source.substr(0, decl_open + 1) + " default = " + literal + "," +
               source.substr(decl_open + 1);
    }
    const auto start = skip_space(source, def);
    const auto end = skip_literal(source, start);
    if (end == std::string::npos || end > decl_end)
        cannot(name, "its default is not a literal");
    const auto literal = plugin::lua_literal(value, indent, start - line_start);
    return source.substr(0, start) + literal + source.substr(end);
}

}  // namespace tocsin::cli
