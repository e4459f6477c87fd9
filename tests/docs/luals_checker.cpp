#include "tests/docs/luals_checker.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace tocsin::test::luals {
namespace {

// The types LuaLS knows without a definition.
const std::set<std::string, std::less<>> builtin_types = {
    "nil",   "any",      "boolean", "string",   "number",       "integer",
    "table", "function", "thread",  "userdata", "lightuserdata"};

bool is_name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// A cursor over the text after a tag. Parse functions return false and set `error` on the first
// problem; the referenced type names they meet are collected in `references`.
class line_parser {
  public:
    explicit line_parser(std::string_view text) : s_(text) {}

    bool at_end() const { return pos_ >= s_.size(); }
    char peek() const { return at_end() ? '\0' : s_[pos_]; }
    std::string_view rest() const { return s_.substr(std::min(pos_, s_.size())); }
    void skip_spaces() {
        while (!at_end() && is_space(s_[pos_]))
            ++pos_;
    }
    // `...` (a vararg parameter).
    bool eat_ellipsis() {
        if (rest().substr(0, 3) != "...")
            return false;
        pos_ += 3;
        return true;
    }
    bool eat(char c) {
        if (peek() != c)
            return false;
        ++pos_;
        return true;
    }
    bool fail(const std::string& message) {
        if (error.empty())
            error = message + (at_end() ? " at the end" : " at '" + std::string(rest()) + "'");
        return false;
    }

    // [A-Za-z_][A-Za-z0-9_]*, with `.`-separated parts when `dotted`.
    std::optional<std::string> name(bool dotted) {
        if (!is_name_start(peek()))
            return std::nullopt;
        const auto start = pos_;
        while (true) {
            while (is_name_char(peek()))
                ++pos_;
            if (!dotted || peek() != '.' || pos_ + 1 >= s_.size() || !is_name_start(s_[pos_ + 1]))
                break;
            ++pos_;
        }
        return std::string(s_.substr(start, pos_ - start));
    }

    // The description, name or nothing that may follow a type: empty or after whitespace.
    bool type_ends_here() {
        if (at_end() || is_space(peek()))
            return true;
        return fail("unexpected text after the type");
    }

    // union := postfix (`|` postfix)*, spaces allowed around `|`.
    bool type() {
        if (!postfix())
            return false;
        while (true) {
            const auto save = pos_;
            skip_spaces();
            if (!eat('|')) {
                pos_ = save;
                return true;
            }
            skip_spaces();
            if (!postfix())
                return false;
        }
    }

    std::vector<std::string> references;
    std::string error;

  private:
    // postfix := primary (`[]`)* `?`?
    bool postfix() {
        if (!primary())
            return false;
        while (peek() == '[') {
            ++pos_;
            if (!eat(']'))
                return fail("expected ']' of an array type");
        }
        eat('?');
        return true;
    }

    bool primary() {
        const char c = peek();
        if (c == '(') {
            ++pos_;
            skip_spaces();
            if (!type())
                return false;
            skip_spaces();
            return eat(')') || fail("expected ')'");
        }
        if (c == '"' || c == '\'')
            return string_literal(c);
        const auto n = name(true);
        if (!n)
            return fail("expected a type");
        if (*n == "fun" && peek() == '(')
            return function_type();
        if (*n == "table" && peek() == '<')
            return table_type();
        references.push_back(*n);
        return true;
    }

    bool string_literal(char quote) {
        ++pos_;
        while (!at_end() && peek() != quote) {
            if (peek() == '\\')
                ++pos_;
            ++pos_;
        }
        return eat(quote) || fail("unterminated string literal type");
    }

    // fun(a: T, b?: U, ...: V)[: R]
    bool function_type() {
        eat('(');
        skip_spaces();
        if (!eat(')')) {
            while (true) {
                skip_spaces();
                if (!eat_ellipsis() && !name(false))
                    return fail("expected a parameter name in fun(...)");
                eat('?');
                skip_spaces();
                if (eat(':')) {
                    skip_spaces();
                    if (!type())
                        return false;
                    skip_spaces();
                }
                if (eat(')'))
                    break;
                if (!eat(','))
                    return fail("expected ',' or ')' in fun(...)");
            }
        }
        const auto save = pos_;
        skip_spaces();
        if (!eat(':')) {
            pos_ = save;
            return true;
        }
        skip_spaces();
        return type();
    }

    // table<K, V>
    bool table_type() {
        eat('<');
        skip_spaces();
        if (!type())
            return false;
        skip_spaces();
        if (!eat(','))
            return fail("expected ',' in table<K, V>");
        skip_spaces();
        if (!type())
            return false;
        skip_spaces();
        return eat('>') || fail("expected '>' of table<K, V>");
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

struct reference {
    std::string name;
    int line;
};

struct param_doc {
    std::string name;
    std::string type;
    int line;
};

// What the current `---` block says about the function that may follow it.
struct doc_block {
    std::optional<std::string> current_class;
    std::vector<param_doc> params;
    std::vector<std::string> returns;  // type and name as written
    int first_function_tag = 0;        // line of the first @param/@return
};

class checker {
  public:
    explicit checker(const definitions* library) : library_(library) {}

    definitions run(std::string_view text) {
        int line_number = 0;
        std::size_t start = 0;
        while (start <= text.size()) {
            const auto end = std::min(text.find('\n', start), text.size());
            ++line_number;
            line(text.substr(start, end - start), line_number);
            start = end + 1;
        }
        end_block(std::nullopt, line_number);
        for (const auto& r : references_)
            if (!builtin_types.count(r.name) && !defines(out_, r.name) &&
                !(library_ && defines(*library_, r.name)))
                report(r.line, "type '" + r.name + "' is neither defined here nor a LuaLS builtin");
        std::sort(out_.problems.begin(), out_.problems.end(),
                  [](const problem& x, const problem& y) { return x.line < y.line; });
        return std::move(out_);
    }

  private:
    static bool defines(const definitions& d, const std::string& name) {
        return d.classes.count(name) || d.aliases.count(name);
    }

    void report(int line, std::string message) {
        out_.problems.push_back({line, std::move(message)});
    }

    void line(std::string_view text, int n) {
        text.remove_prefix(std::min(text.find_first_not_of(" \t"), text.size()));
        if (text.substr(0, 3) != "---") {
            end_block(text, n);
            return;
        }
        const auto doc = text.substr(3);
        if (doc.substr(0, 1) == "|") {
            report(n, "`---|` continuation lines are outside the checked subset");
            return;
        }
        if (doc.substr(0, 1) != "@")
            return;  // a description line
        line_parser p(doc.substr(1));
        const auto tag = p.name(false).value_or("");
        if (tag == "meta")
            meta(p, n);
        else if (tag == "class")
            class_tag(p, n);
        else if (tag == "field")
            field_tag(p, n);
        else if (tag == "param")
            param_tag(p, n);
        else if (tag == "return")
            return_tag(p, n);
        else if (tag == "alias")
            alias_tag(p, n);
        else if (tag == "type")
            type_tag(p, n);
        else
            report(n, "unknown tag @" + tag + " (outside the checked subset)");
    }

    // Collects the references of a successful parse, or reports its error.
    bool finish(line_parser& p, bool ok, int n, const std::string& tag) {
        if (!ok || !p.error.empty()) {
            report(n, "malformed @" + tag + ": " + p.error);
            return false;
        }
        for (const auto& name : p.references)
            references_.push_back({name, n});
        return true;
    }

    bool type_then_text(line_parser& p) {
        p.skip_spaces();
        return p.type() && p.type_ends_here();
    }

    void meta(line_parser& p, int n) {
        p.skip_spaces();
        if (!p.at_end() && p.name(false))
            p.skip_spaces();
        if (!p.at_end())
            finish(p, p.fail("expected nothing or one name after @meta"), n, "meta");
    }

    void class_tag(line_parser& p, int n) {
        p.skip_spaces();
        const auto name = p.name(true);
        bool ok = name.has_value() || p.fail("expected a class name");
        std::vector<std::string> parents;
        if (ok) {
            p.skip_spaces();
            if (p.eat(':')) {
                do {
                    p.skip_spaces();
                    auto parent = p.name(true);
                    if (!parent) {
                        ok = p.fail("expected a parent class name");
                        break;
                    }
                    p.references.push_back(*parent);
                    parents.push_back(*parent);
                    p.skip_spaces();
                } while (p.eat(','));
            }
            if (ok && !p.at_end())
                ok = p.fail("unexpected text after the class");
        }
        if (!finish(p, ok, n, "class"))
            return;
        block_.current_class = *name;
        if (out_.classes.count(*name) || out_.aliases.count(*name)) {
            report(n, "'" + *name + "' is defined twice (first on line " +
                          std::to_string(first_definition(*name)) + ")");
            return;
        }
        out_.classes[*name] = {n, parents, {}};
    }

    int first_definition(const std::string& name) const {
        if (auto it = out_.classes.find(name); it != out_.classes.end())
            return it->second.line;
        auto it = alias_lines_.find(name);
        return it == alias_lines_.end() ? 0 : it->second;
    }

    void field_tag(line_parser& p, int n) {
        p.skip_spaces();
        for (const char* scope : {"private", "protected", "public", "package"}) {
            const std::string_view s(scope);
            if (p.rest().substr(0, s.size()) == s && p.rest().size() > s.size() &&
                is_space(p.rest()[s.size()])) {
                p.name(false);
                p.skip_spaces();
                break;
            }
        }
        std::string key;
        bool ok = true;
        if (p.eat('[')) {
            const auto before = p.rest();
            ok = p.type();
            key = "[" + std::string(before.substr(0, before.size() - p.rest().size())) + "]";
            ok = ok && (p.eat(']') || p.fail("expected ']' of an index field"));
        } else if (auto name = p.name(false)) {
            key = *name;
            p.eat('?');
        } else {
            ok = p.fail("expected a field name or [type]");
        }
        ok = ok &&
             ((p.at_end() || is_space(p.peek())) || p.fail("expected a space before the type"));
        ok = ok && type_then_text(p);
        if (!finish(p, ok, n, "field"))
            return;
        if (!block_.current_class) {
            report(n, "@field " + key + " does not follow a @class in its comment block");
            return;
        }
        auto& fields = out_.classes[*block_.current_class].fields;
        if (std::find(fields.begin(), fields.end(), key) != fields.end())
            report(n, "class " + *block_.current_class + " has field " + key + " twice");
        else
            fields.push_back(key);
    }

    void param_tag(line_parser& p, int n) {
        p.skip_spaces();
        std::string name;
        if (p.eat_ellipsis()) {
            name = "...";
        } else if (auto id = p.name(false)) {
            name = *id;
        }
        bool ok = !name.empty() || p.fail("expected a parameter name");
        p.eat('?');
        const auto before = p.rest();
        ok = ok &&
             ((p.at_end() || is_space(p.peek())) || p.fail("expected a space before the type"));
        ok = ok && type_then_text(p);
        if (!finish(p, ok, n, "param"))
            return;
        auto type = std::string(before.substr(0, before.size() - p.rest().size()));
        type.erase(0, type.find_first_not_of(" \t"));
        block_.params.push_back({name, type, n});
        if (!block_.first_function_tag)
            block_.first_function_tag = n;
    }

    void return_tag(line_parser& p, int n) {
        const auto before = p.rest();
        if (!finish(p, type_then_text(p), n, "return"))
            return;
        auto text = std::string(before);
        text.erase(0, text.find_first_not_of(" \t"));
        block_.returns.push_back(text);
        if (!block_.first_function_tag)
            block_.first_function_tag = n;
    }

    void alias_tag(line_parser& p, int n) {
        p.skip_spaces();
        const auto name = p.name(true);
        bool ok = name.has_value() || p.fail("expected an alias name");
        ok = ok && ((p.skip_spaces(), !p.at_end()) ||
                    p.fail("expected a type (the multi-line form is outside the checked subset)"));
        ok = ok && type_then_text(p);
        if (!finish(p, ok, n, "alias"))
            return;
        if (out_.classes.count(*name) || out_.aliases.count(*name)) {
            report(n, "'" + *name + "' is defined twice (first on line " +
                          std::to_string(first_definition(*name)) + ")");
            return;
        }
        out_.aliases.insert(*name);
        alias_lines_[*name] = n;
    }

    void type_tag(line_parser& p, int n) { finish(p, type_then_text(p), n, "type"); }

    // A line that is not `---…` ends the comment block; a function there is what it documents.
    void end_block(std::optional<std::string_view> code, int n) {
        if (library_) {  // a playbook: its @param lines document `run = function(ctx)` fields
            block_ = {};
            return;
        }
        const auto function = code ? function_of(*code) : std::nullopt;
        if (function)
            check_function(*function, n);
        else if (block_.first_function_tag)
            report(block_.first_function_tag, "@param/@return not followed by a function");
        block_ = {};
    }

    struct function_line {
        std::string name;
        std::vector<std::string> params;
    };

    // `function a.b.c(x, y) end` (the only form the definitions use).
    static std::optional<function_line> function_of(std::string_view code) {
        line_parser p(code);
        if (p.name(false) != "function")
            return std::nullopt;
        p.skip_spaces();
        function_line out;
        auto name = p.name(true);
        if (!name || !p.eat('('))
            return std::nullopt;
        out.name = *name;
        while (!p.eat(')')) {
            p.skip_spaces();
            if (p.eat_ellipsis()) {
                out.params.push_back("...");
            } else if (auto param = p.name(false)) {
                out.params.push_back(*param);
            } else {
                return std::nullopt;
            }
            p.skip_spaces();
            p.eat(',');
        }
        return out;
    }

    void check_function(const function_line& f, int n) {
        for (const auto& param : block_.params)
            if (std::find(f.params.begin(), f.params.end(), param.name) == f.params.end())
                report(param.line, "@param " + param.name + " is not a parameter of " + f.name);
        if (f.name.rfind("tocsin.", 0) != 0 || std::count(f.name.begin(), f.name.end(), '.') != 2)
            return;
        const auto input_class = f.name + ".Input";
        if (block_.params.size() != 1 || block_.params[0].name != "input")
            report(n, f.name + " needs exactly one @param input");
        else if (auto type = block_.params[0].type; type != input_class)
            report(n, f.name + ": @param input is '" + type + "', not " + input_class);
        else if (!out_.classes.count(input_class))
            report(n, f.name + ": its input class " + input_class + " is not defined before it");
        if (block_.returns.size() != 2)
            report(n, f.name + " needs two @return lines (result, err), has " +
                          std::to_string(block_.returns.size()));
        else if (block_.returns[1] != "TocsinError|nil err")
            report(n, f.name + ": the second @return is '" + block_.returns[1] +
                          "', not 'TocsinError|nil err'");
        else if (block_.returns[0].find("|nil result") == std::string::npos)
            report(n, f.name + ": the first @return is '" + block_.returns[0] +
                          "', not 'T|nil result'");
    }

    const definitions* library_;
    definitions out_;
    doc_block block_;
    std::vector<reference> references_;
    std::map<std::string, int> alias_lines_;
};

}  // namespace

std::set<std::string> definitions::fields_of(const std::string& name) const {
    std::set<std::string> out;
    std::vector<std::string> todo{name};
    std::set<std::string> seen;
    while (!todo.empty()) {
        const auto current = todo.back();
        todo.pop_back();
        const auto it = classes.find(current);
        if (!seen.insert(current).second || it == classes.end())
            continue;
        out.insert(it->second.fields.begin(), it->second.fields.end());
        todo.insert(todo.end(), it->second.parents.begin(), it->second.parents.end());
    }
    return out;
}

definitions check(std::string_view text) {
    return checker(nullptr).run(text);
}

std::vector<problem> check_playbook(std::string_view source, const definitions& library) {
    return checker(&library).run(source).problems;
}

std::string describe(const std::vector<problem>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += "line " + std::to_string(p.line) + ": " + p.message + "\n";
    return out;
}

}  // namespace tocsin::test::luals
