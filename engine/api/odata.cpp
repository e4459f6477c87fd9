#include "engine/api/odata.hpp"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "engine/core/time.hpp"
#include "engine/error.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::api::odata {

namespace {

using store::incident_field;
using store::predicate;
using op = predicate::op;

// Deeper nesting than this is refused before the recursion could exhaust the stack; the store
// applies its own (smaller) limit to what survives.
constexpr int max_depth = 64;

struct token {
    enum class kind { ident, string, integer, datetime, lparen, rparen, comma, colon, end };
    kind type = kind::end;
    std::string text;  // identifier, decoded string, integer digits, or ISO time
    std::size_t pos = 0;
};

[[noreturn]] void fail(std::string_view param, std::string_view what, std::size_t pos) {
    throw error(errc::invalid_argument,
                "Invalid " + std::string(param) + ": " + std::string(what) + " at position " +
                    std::to_string(pos) + ".",
                std::string(param));
}

bool is_ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '.' ||
           c == '$';
}
bool is_literal_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '+' ||
           c == '-';
}
bool is_digits(std::string_view s) {
    if (!s.empty() && s.front() == '-')
        s.remove_prefix(1);
    if (s.empty())
        return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

// A bare date (2024-05-01) means its midnight UTC; anything else must be a full date-time.
std::optional<std::string> normalise_time(std::string_view text) {
    std::string candidate(text);
    if (candidate.size() == 10 && candidate[4] == '-' && candidate[7] == '-')
        candidate += "T00:00:00Z";
    const auto t = parse_time(candidate);
    if (!t)
        return std::nullopt;
    return format_time(*t);
}

class lexer {
  public:
    explicit lexer(std::string_view text) : text_(text) {}

    std::vector<token> run() {
        std::vector<token> out;
        while (true) {
            while (i_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[i_])))
                ++i_;
            if (i_ >= text_.size()) {
                out.push_back({token::kind::end, {}, text_.size()});
                return out;
            }
            out.push_back(next());
        }
    }

  private:
    token next() {
        const std::size_t start = i_;
        const char c = text_[i_];
        switch (c) {
            case '(':
                ++i_;
                return {token::kind::lparen, "(", start};
            case ')':
                ++i_;
                return {token::kind::rparen, ")", start};
            case ',':
                ++i_;
                return {token::kind::comma, ",", start};
            case ':':
                ++i_;
                return {token::kind::colon, ":", start};
            case '\'':
                return {token::kind::string, quoted(), start};
            default:
                break;
        }
        if (is_ident_start(c)) {
            while (i_ < text_.size() && is_ident_char(text_[i_]))
                ++i_;
            std::string word(text_.substr(start, i_ - start));
            // datetime'2024-05-01T00:00:00Z' (OData v3 spelling, still sent by older clients).
            if (model::iequals(word, "datetime") && i_ < text_.size() && text_[i_] == '\'') {
                const std::size_t quote = i_;
                auto value = normalise_time(quoted());
                if (!value)
                    fail("$filter", "malformed datetime literal", quote);
                return {token::kind::datetime, std::move(*value), start};
            }
            return {token::kind::ident, std::move(word), start};
        }
        if (std::isdigit(static_cast<unsigned char>(c)) ||
            (c == '-' && i_ + 1 < text_.size() &&
             std::isdigit(static_cast<unsigned char>(text_[i_ + 1])))) {
            ++i_;
            while (i_ < text_.size() && is_literal_char(text_[i_]))
                ++i_;
            const auto literal = text_.substr(start, i_ - start);
            if (is_digits(literal))
                return {token::kind::integer, std::string(literal), start};
            if (auto value = normalise_time(literal))
                return {token::kind::datetime, std::move(*value), start};
            fail("$filter", "malformed literal '" + std::string(literal) + "'", start);
        }
        fail("$filter", "unexpected character '" + std::string(1, c) + "'", start);
    }

    // A single-quoted string starting at i_; '' stands for one quote.
    std::string quoted() {
        const std::size_t start = i_;
        ++i_;
        std::string out;
        while (i_ < text_.size()) {
            if (text_[i_] == '\'') {
                if (i_ + 1 < text_.size() && text_[i_ + 1] == '\'') {
                    out += '\'';
                    i_ += 2;
                    continue;
                }
                ++i_;
                return out;
            }
            out += text_[i_++];
        }
        fail("$filter", "unterminated string", start);
    }

    std::string_view text_;
    std::size_t i_ = 0;
};

// How a field's comparison value is typed and checked.
enum class value_type { text, severity, status, classification, reason, integer, time, labels };

value_type type_of(incident_field field) {
    switch (field) {
        case incident_field::incident_number:
            return value_type::integer;
        case incident_field::severity:
            return value_type::severity;
        case incident_field::status:
            return value_type::status;
        case incident_field::classification:
            return value_type::classification;
        case incident_field::classification_reason:
            return value_type::reason;
        case incident_field::labels:
            return value_type::labels;
        case incident_field::created_time:
        case incident_field::last_modified_time:
        case incident_field::first_activity_time:
        case incident_field::last_activity_time:
            return value_type::time;
        default:
            return value_type::text;
    }
}

std::optional<op> comparison_op(std::string_view word) {
    constexpr std::pair<std::string_view, op> ops[] = {{"eq", op::eq}, {"ne", op::ne},
                                                       {"gt", op::gt}, {"ge", op::ge},
                                                       {"lt", op::lt}, {"le", op::le}};
    for (const auto& [name, kind] : ops)
        if (model::iequals(word, name))
            return kind;
    return std::nullopt;
}

std::optional<op> function_op(std::string_view word) {
    if (model::iequals(word, "contains"))
        return op::contains;
    if (model::iequals(word, "startswith"))
        return op::startswith;
    if (model::iequals(word, "endswith"))
        return op::endswith;
    return std::nullopt;
}

bool is_any_path(std::string_view word) {
    constexpr std::string_view suffix = "labels/any";
    if (word.size() < suffix.size() ||
        !model::iequals(word.substr(word.size() - suffix.size()), suffix))
        return false;
    const auto prefix = word.substr(0, word.size() - suffix.size());
    return prefix.empty() || model::iequals(prefix, "properties/");
}

template <typename E>
nlohmann::json enum_value(const token& t, std::string_view what) {
    const auto parsed = model::parse_enum<E>(t.text);
    if (!parsed)
        fail("$filter",
             "unknown " + std::string(what) + " '" + t.text + "' (expected one of " +
                 model::accepted_names<E>() + ")",
             t.pos);
    return std::string(model::to_string(*parsed));
}

class parser {
  public:
    explicit parser(std::vector<token> tokens) : tokens_(std::move(tokens)) {}

    predicate run() {
        auto out = or_expr(0);
        if (peek().type != token::kind::end)
            fail("$filter", "unexpected '" + peek().text + "'", peek().pos);
        return out;
    }

  private:
    const token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(i_ + ahead, tokens_.size() - 1)];
    }
    const token& take() {
        const token& t = tokens_[i_];
        if (i_ + 1 < tokens_.size())
            ++i_;
        return t;
    }
    bool keyword(std::string_view word) {
        if (peek().type == token::kind::ident && model::iequals(peek().text, word)) {
            take();
            return true;
        }
        return false;
    }
    const token& expect(token::kind kind, std::string_view what) {
        if (peek().type != kind)
            fail("$filter", "expected " + std::string(what) + describe_found(), peek().pos);
        return take();
    }
    std::string describe_found() const {
        return peek().type == token::kind::end ? " but the filter ended"
                                               : " but found '" + peek().text + "'";
    }
    void check_depth(int depth) const {
        if (depth > max_depth)
            fail("$filter", "nesting deeper than " + std::to_string(max_depth) + " levels",
                 peek().pos);
    }

    predicate or_expr(int depth) {
        std::vector<predicate> parts{and_expr(depth)};
        while (keyword("or"))
            parts.push_back(and_expr(depth));
        return parts.size() == 1 ? std::move(parts.front()) : predicate::any_of(std::move(parts));
    }

    predicate and_expr(int depth) {
        std::vector<predicate> parts{unary(depth)};
        while (keyword("and"))
            parts.push_back(unary(depth));
        return parts.size() == 1 ? std::move(parts.front()) : predicate::all_of(std::move(parts));
    }

    predicate unary(int depth) {
        check_depth(depth);
        if (keyword("not"))
            return predicate::negate(unary(depth + 1));
        if (peek().type == token::kind::lparen) {
            take();
            auto inner = or_expr(depth + 1);
            expect(token::kind::rparen, "')'");
            return inner;
        }
        if (peek().type != token::kind::ident)
            fail("$filter", "expected a property, a function or '('" + describe_found(),
                 peek().pos);
        if (peek(1).type == token::kind::lparen) {
            if (auto kind = function_op(peek().text))
                return call(*kind);
            if (is_any_path(peek().text))
                return any_labels(depth);
            fail("$filter", "unsupported function '" + peek().text + "'", peek().pos);
        }
        return comparison();
    }

    incident_field field(const token& t) {
        const auto f = store::parse_incident_field(t.text);
        if (!f)
            fail("$filter", "unknown property '" + t.text + "'", t.pos);
        return *f;
    }

    predicate comparison() {
        const token& path = take();
        const auto f = field(path);
        if (peek().type != token::kind::ident || !comparison_op(peek().text))
            fail("$filter",
                 "expected a comparison operator (eq, ne, gt, ge, lt, le) after '" + path.text +
                     "'" + describe_found(),
                 peek().pos);
        const auto kind = *comparison_op(take().text);
        return predicate::compare(kind, f, value_for(f, kind, path.text));
    }

    // The literal after an operator, typed for the field.
    nlohmann::json value_for(incident_field f, op kind, const std::string& path) {
        const token& t = take();
        const bool equality = kind == op::eq || kind == op::ne;
        if (t.type == token::kind::ident && model::iequals(t.text, "null")) {
            const auto type = type_of(f);
            if (!equality)
                fail("$filter", "null only compares with eq or ne", t.pos);
            if (type == value_type::severity || type == value_type::status ||
                type == value_type::integer)
                fail("$filter", "'" + path + "' is never null", t.pos);
            return nullptr;
        }
        switch (type_of(f)) {
            case value_type::text:
            case value_type::labels:
                if (t.type != token::kind::string)
                    fail("$filter", "'" + path + "' compares with a quoted string", t.pos);
                if (type_of(f) == value_type::labels && !equality)
                    fail("$filter", "labels only compare with eq or ne", t.pos);
                return t.text;
            case value_type::severity:
                if (t.type != token::kind::string)
                    fail("$filter", "'" + path + "' compares with a quoted severity", t.pos);
                return enum_value<model::severity>(t, "severity");
            case value_type::status:
            case value_type::classification:
            case value_type::reason:
                if (t.type != token::kind::string)
                    fail("$filter", "'" + path + "' compares with a quoted name", t.pos);
                if (!equality)
                    fail("$filter", "'" + path + "' only compares with eq or ne", t.pos);
                if (type_of(f) == value_type::status)
                    return enum_value<model::incident_status>(t, "status");
                if (type_of(f) == value_type::classification)
                    return enum_value<model::classification>(t, "classification");
                return enum_value<model::classification_reason>(t, "classificationReason");
            case value_type::integer: {
                std::int64_t number = 0;
                const auto* end = t.text.data() + t.text.size();
                const auto parsed = std::from_chars(t.text.data(), end, number);
                if (t.type != token::kind::integer || parsed.ec != std::errc{} || parsed.ptr != end)
                    fail("$filter", "'" + path + "' compares with an integer", t.pos);
                return number;
            }
            case value_type::time:
                if (t.type == token::kind::datetime)
                    return t.text;
                if (t.type == token::kind::string) {
                    if (auto value = normalise_time(t.text))
                        return *value;
                }
                fail("$filter",
                     "'" + path + "' compares with a datetime such as 2024-05-01T00:00:00Z", t.pos);
        }
        fail("$filter", "unsupported value", t.pos);
    }

    // contains(path, 'x') [eq true | eq false | ne true | ne false]
    predicate call(op kind) {
        const token& name = take();
        expect(token::kind::lparen, "'('");
        const token& path = expect(token::kind::ident, "a property");
        const auto f = field(path);
        const auto type = type_of(f);
        if (type != value_type::text && type != value_type::labels && type != value_type::severity)
            fail("$filter", name.text + "() does not apply to '" + path.text + "'", path.pos);
        expect(token::kind::comma, "','");
        const token& text = expect(token::kind::string, "a quoted string");
        expect(token::kind::rparen, "')'");
        auto out = predicate::compare(kind, f, text.text);
        return boolean_suffix(std::move(out));
    }

    predicate boolean_suffix(predicate test) {
        if (peek().type != token::kind::ident || !comparison_op(peek().text))
            return test;
        const token& op_token = take();
        const auto kind = *comparison_op(op_token.text);
        if (kind != op::eq && kind != op::ne)
            fail("$filter", "a function result only compares with eq or ne", op_token.pos);
        const token& value = expect(token::kind::ident, "true or false");
        bool wanted = false;
        if (model::iequals(value.text, "true")) {
            wanted = true;
        } else if (!model::iequals(value.text, "false")) {
            fail("$filter", "expected true or false", value.pos);
        }
        if (kind == op::ne)
            wanted = !wanted;
        return wanted ? std::move(test) : predicate::negate(std::move(test));
    }

    // properties/labels/any(l: l/labelName eq 'x' or contains(l/labelName, 'y'))
    // properties/labels/any()  — the incident has at least one label
    predicate any_labels(int depth) {
        take();
        expect(token::kind::lparen, "'('");
        if (peek().type == token::kind::rparen) {
            take();
            return predicate::compare(op::ne, incident_field::labels, nullptr);
        }
        const token& var = expect(token::kind::ident, "a lambda variable");
        expect(token::kind::colon, "':'");
        auto body = lambda_or(var.text, depth + 1);
        expect(token::kind::rparen, "')'");
        return body;
    }

    predicate lambda_or(const std::string& var, int depth) {
        check_depth(depth);
        std::vector<predicate> parts{lambda_primary(var, depth)};
        while (keyword("or"))
            parts.push_back(lambda_primary(var, depth));
        if (peek().type == token::kind::ident &&
            (model::iequals(peek().text, "and") || model::iequals(peek().text, "not")))
            fail("$filter", "only 'or' combines tests inside any()", peek().pos);
        return parts.size() == 1 ? std::move(parts.front()) : predicate::any_of(std::move(parts));
    }

    void expect_label_path(const std::string& var) {
        const token& path = expect(token::kind::ident, "'" + var + "/labelName'");
        if (!model::iequals(path.text, var + "/labelName"))
            fail("$filter", "only '" + var + "/labelName' can be tested inside any()", path.pos);
    }

    predicate lambda_primary(const std::string& var, int depth) {
        if (peek().type == token::kind::lparen) {
            take();
            auto inner = lambda_or(var, depth + 1);
            expect(token::kind::rparen, "')'");
            return inner;
        }
        if (peek().type == token::kind::ident && peek(1).type == token::kind::lparen) {
            const token& name = take();
            const auto kind = function_op(name.text);
            if (!kind)
                fail("$filter", "unsupported function '" + name.text + "'", name.pos);
            expect(token::kind::lparen, "'('");
            expect_label_path(var);
            expect(token::kind::comma, "','");
            const token& text = expect(token::kind::string, "a quoted string");
            expect(token::kind::rparen, "')'");
            return predicate::compare(*kind, incident_field::labels, text.text);
        }
        expect_label_path(var);
        const token& op_token = expect(token::kind::ident, "eq");
        if (!model::iequals(op_token.text, "eq"))
            fail("$filter", "only eq compares a label name inside any()", op_token.pos);
        const token& text = expect(token::kind::string, "a quoted string");
        return predicate::compare(op::eq, incident_field::labels, text.text);
    }

    std::vector<token> tokens_;
    std::size_t i_ = 0;
};

}  // namespace

store::predicate parse_filter(std::string_view text) {
    return parser(lexer(text).run()).run();
}

std::vector<store::order_term> parse_orderby(std::string_view text) {
    std::vector<store::order_term> out;
    std::size_t i = 0;
    const auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
    };
    const auto word = [&]() -> std::pair<std::string_view, std::size_t> {
        skip_space();
        const std::size_t start = i;
        while (i < text.size() && text[i] != ',' &&
               !std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        return {text.substr(start, i - start), start};
    };
    while (true) {
        const auto [path, path_pos] = word();
        if (path.empty())
            fail("$orderby", "expected a property", path_pos);
        const auto f = store::parse_incident_field(path);
        if (!f)
            fail("$orderby", "unknown property '" + std::string(path) + "'", path_pos);
        if (*f == incident_field::labels)
            fail("$orderby", "incidents cannot be ordered by labels", path_pos);
        store::order_term term{*f, false};
        const auto [direction, direction_pos] = word();
        if (model::iequals(direction, "desc")) {
            term.descending = true;
        } else if (!direction.empty() && !model::iequals(direction, "asc")) {
            fail("$orderby", "expected asc or desc but found '" + std::string(direction) + "'",
                 direction_pos);
        }
        out.push_back(term);
        skip_space();
        if (i >= text.size())
            return out;
        if (text[i] != ',')
            fail("$orderby", "expected ','", i);
        ++i;
    }
}

}  // namespace tocsin::api::odata
