#include "tests/docs/lua_action_calls.hpp"

#include <cctype>

namespace tocsin::test {
namespace {

enum class token_kind { name, string, number, symbol };

struct token {
    token_kind kind;
    std::string text;  // names and symbols only
    int line;
};

bool is_name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Lua 5.4's lexical grammar (as llex.c reads it), enough to tell code from strings and comments.
class lexer {
  public:
    explicit lexer(std::string_view s) : s_(s) {}

    std::vector<token> tokens() {
        std::vector<token> out;
        while (skip_space_and_comments()) {
            const int line = line_;
            const char c = s_[pos_];
            if (is_name_start(c)) {
                const auto start = pos_;
                while (pos_ < s_.size() && is_name_char(s_[pos_]))
                    ++pos_;
                out.push_back(
                    {token_kind::name, std::string(s_.substr(start, pos_ - start)), line});
            } else if (c == '"' || c == '\'') {
                short_string(c);
                out.push_back({token_kind::string, {}, line});
            } else if (c == '[' && long_bracket_level() >= 0) {
                long_bracket(long_bracket_level());
                out.push_back({token_kind::string, {}, line});
            } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                       (c == '.' && std::isdigit(static_cast<unsigned char>(at(1))))) {
                number();
                out.push_back({token_kind::number, {}, line});
            } else {
                out.push_back({token_kind::symbol, symbol(), line});
            }
        }
        return out;
    }

  private:
    char at(std::size_t ahead) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

    void advance() {
        if (s_[pos_] == '\n')
            ++line_;
        ++pos_;
    }

    // False at the end of the text.
    bool skip_space_and_comments() {
        while (pos_ < s_.size()) {
            if (std::isspace(static_cast<unsigned char>(s_[pos_]))) {
                advance();
            } else if (s_[pos_] == '-' && at(1) == '-') {
                pos_ += 2;
                if (at(0) == '[' && long_bracket_level() >= 0) {
                    long_bracket(long_bracket_level());
                } else {
                    while (pos_ < s_.size() && s_[pos_] != '\n')
                        ++pos_;
                }
            } else {
                return true;
            }
        }
        return false;
    }

    // At `[`: the level of `[==[` (number of `=`), or -1 when it is not a long bracket.
    int long_bracket_level() const {
        std::size_t n = 1;
        while (at(n) == '=')
            ++n;
        return at(n) == '[' ? static_cast<int>(n - 1) : -1;
    }

    void long_bracket(int level) {
        pos_ += static_cast<std::size_t>(level) + 2;
        const std::string close = "]" + std::string(static_cast<std::size_t>(level), '=') + "]";
        while (pos_ < s_.size() && s_.substr(pos_, close.size()) != close)
            advance();
        pos_ = std::min(pos_ + close.size(), s_.size());
    }

    void short_string(char quote) {
        ++pos_;
        while (pos_ < s_.size() && s_[pos_] != quote && s_[pos_] != '\n') {
            if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) {
                ++pos_;
                if (s_[pos_] == 'z') {  // \z skips the following white space, newlines too
                    ++pos_;
                    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
                        advance();
                    continue;
                }
            }
            advance();
        }
        if (pos_ < s_.size() && s_[pos_] == quote)
            ++pos_;
    }

    void number() {
        const bool hex = s_[pos_] == '0' && (at(1) == 'x' || at(1) == 'X');
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            const char prev = pos_ > 0 ? s_[pos_ - 1] : '\0';
            const bool exponent_sign =
                (c == '+' || c == '-') &&
                (hex ? (prev == 'p' || prev == 'P') : (prev == 'e' || prev == 'E'));
            if (!is_name_char(c) && c != '.' && !exponent_sign)
                break;
            ++pos_;
        }
    }

    std::string symbol() {
        for (std::string_view multi : {"...", "..", "==", "~=", "<=", ">=", "//", "::", "<<", ">>"})
            if (s_.substr(pos_, multi.size()) == multi) {
                pos_ += multi.size();
                return std::string(multi);
            }
        return std::string(1, s_[pos_++]);
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    int line_ = 1;
};

bool is_symbol(const std::vector<token>& t, std::size_t i, std::string_view text) {
    return i < t.size() && t[i].kind == token_kind::symbol && t[i].text == text;
}
bool is_name(const std::vector<token>& t, std::size_t i) {
    return i < t.size() && t[i].kind == token_kind::name;
}

// The literal top-level keys of the table constructor opening at t[open]; sets `close` to the
// index of its `}`.
std::vector<std::string> table_keys(const std::vector<token>& t, std::size_t open,
                                    std::size_t& close) {
    std::vector<std::string> keys;
    int depth = 0;
    bool field_start = true;
    for (std::size_t i = open; i < t.size(); ++i) {
        const bool opens = is_symbol(t, i, "{") || is_symbol(t, i, "(") || is_symbol(t, i, "[");
        const bool closes = is_symbol(t, i, "}") || is_symbol(t, i, ")") || is_symbol(t, i, "]");
        if (depth == 1 && field_start && is_name(t, i) && is_symbol(t, i + 1, "="))
            keys.push_back(t[i].text);
        field_start = depth == 1 && (is_symbol(t, i, ",") || is_symbol(t, i, ";"));
        if (opens) {
            field_start = depth == 0;
            ++depth;
        } else if (closes && --depth == 0) {
            close = i;
            return keys;
        }
    }
    close = t.size();
    return keys;
}

}  // namespace

std::vector<lua_action_call> find_lua_action_calls(std::string_view source) {
    const auto t = lexer(source).tokens();
    std::vector<lua_action_call> out;
    for (std::size_t i = 0; i + 5 < t.size(); ++i) {
        const bool qualified = i > 0 && (is_symbol(t, i - 1, ".") || is_symbol(t, i - 1, ":"));
        if (qualified || !is_name(t, i) || t[i].text != "tocsin" || !is_symbol(t, i + 1, ".") ||
            !is_name(t, i + 2) || !is_symbol(t, i + 3, ".") || !is_name(t, i + 4))
            continue;
        lua_action_call call{t[i + 2].text + "." + t[i + 4].text, t[i].line, false, {}};
        std::size_t close = 0;
        if (is_symbol(t, i + 5, "{")) {
            call.literal_table = true;
            call.keys = table_keys(t, i + 5, close);
        } else if (is_symbol(t, i + 5, "(")) {
            // ({…}) alone is a literal table; anything else, e.g. (input), is not read.
            if (is_symbol(t, i + 6, "{")) {
                auto keys = table_keys(t, i + 6, close);
                if (is_symbol(t, close + 1, ")")) {
                    call.literal_table = true;
                    call.keys = std::move(keys);
                }
            }
        } else {
            continue;  // not a call: a reference such as `local get = tocsin.incidents.get`
        }
        out.push_back(std::move(call));
    }
    return out;
}

}  // namespace tocsin::test
