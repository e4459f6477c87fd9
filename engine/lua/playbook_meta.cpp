#include "engine/lua/playbook_meta.hpp"

#include <algorithm>
#include <array>

#include "engine/error.hpp"
#include "engine/lua/params.hpp"

namespace tocsin::lua::detail {
namespace {

using json = nlohmann::json;

constexpr std::array top_level_fields{"name",     "version", "description",
                                      "triggers", "params",  "run"};
constexpr std::array trigger_fields{"kind", "filter", "options"};
constexpr std::array param_fields{"type", "default", "required", "choices", "description"};

template <std::size_t N>
bool is_one_of(const std::array<const char*, N>& names, std::string_view s) {
    return std::find(names.begin(), names.end(), s) != names.end();
}

template <std::size_t N>
std::string join(const std::array<const char*, N>& names) {
    std::string out;
    for (const char* n : names)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

bool is_identifier(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9'))
        return false;
    return std::all_of(s.begin(), s.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_';
    });
}

bool is_name_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

// Length of "[==[" at s (the opening of a long bracket), or 0.
std::size_t long_bracket_level(std::string_view s, std::size_t i, std::size_t& level) {
    if (i >= s.size() || s[i] != '[')
        return 0;
    std::size_t j = i + 1;
    while (j < s.size() && s[j] == '=')
        ++j;
    if (j >= s.size() || s[j] != '[')
        return 0;
    level = j - i - 1;
    return j - i + 1;
}

class checker {
  public:
    checker(const source_lines& lines, const std::string& path) : lines_(lines), path_(path) {}

    [[noreturn]] void fail(int line, const std::string& message, const std::string& field) const {
        throw error(errc::invalid_argument, at_line(path_, line, message), field);
    }

    int line_of(std::initializer_list<std::string_view> path) const {
        const int line = lines_.field(path);
        return line != 0 ? line : lines_.last_return();
    }

    std::string required_string(const json& fields, const char* key) const {
        const auto it = fields.find(key);
        if (it == fields.end())
            fail(lines_.last_return(), std::string("'") + key + "' is required", key);
        if (!it->is_string())
            fail(line_of({key}), std::string("'") + key + "' must be a string", key);
        const auto& value = it->get_ref<const std::string&>();
        if (value.empty())
            fail(line_of({key}), std::string("'") + key + "' must not be empty", key);
        return value;
    }

    std::vector<trigger_spec> triggers(const json& fields) const {
        const auto it = fields.find("triggers");
        if (it == fields.end()) {
            fail(lines_.last_return(), "'triggers' is required: a list of trigger kinds",
                 "triggers");
        }
        if (!it->is_array() || it->empty()) {
            fail(line_of({"triggers"}), "'triggers' must be a non-empty list of trigger kinds",
                 "triggers");
        }
        std::vector<trigger_spec> out;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const json& entry = (*it)[i];
            const std::string where = "triggers[" + std::to_string(i + 1) + "]";
            trigger_spec spec;
            const json* kind = &entry;
            if (entry.is_object()) {
                for (const auto& [key, value] : entry.items()) {
                    if (!is_one_of(trigger_fields, key)) {
                        fail(line_of({"triggers", key}),
                             "'" + where + "': unknown field '" + key +
                                 "' (expected kind, filter, options)",
                             where);
                    }
                }
                const auto k = entry.find("kind");
                if (k == entry.end())
                    fail(line_of({"triggers"}), "'" + where + "' has no 'kind'", where);
                kind = &*k;
                if (const auto f = entry.find("filter"); f != entry.end()) {
                    if (!f->is_object()) {
                        fail(line_of({"triggers", "filter"}),
                             "'" + where + ".filter' must be a table of data", where);
                    }
                    spec.filter = *f;
                }
                if (const auto o = entry.find("options"); o != entry.end()) {
                    if (!o->is_object()) {
                        fail(line_of({"triggers", "options"}),
                             "'" + where + ".options' must be a table of data", where);
                    }
                    spec.options = *o;
                }
            } else if (!entry.is_string()) {
                fail(line_of({"triggers"}),
                     "'" + where + "' must be a trigger kind or a table {kind = ..., filter = ...}",
                     where);
            }
            if (!kind->is_string()) {
                fail(line_of({"triggers", "kind"}), "'" + where + ".kind' must be a string", where);
            }
            const auto& text = kind->get_ref<const std::string&>();
            const auto parsed = parse_trigger_kind(text);
            if (!parsed) {
                int line = lines_.string_after("triggers", text);
                if (line == 0)
                    line = line_of({"triggers"});
                fail(line,
                     "'" + where + "': unknown trigger kind '" + text +
                         "' (expected incident, alert, "
                         "webhook, schedule, email, form, manual)",
                     where);
            }
            spec.kind = *parsed;
            out.push_back(std::move(spec));
        }
        return out;
    }

    std::vector<param_spec> params(const json& fields) const {
        std::vector<param_spec> out;
        const auto it = fields.find("params");
        if (it == fields.end())
            return out;
        if (!it->is_object()) {
            fail(line_of({"params"}), "'params' must be a table of name = {type = ...}", "params");
        }
        for (const auto& [name, decl] : it->items()) {
            const std::string where = "params." + name;
            if (!is_identifier(name)) {
                fail(line_of({"params"}), "'params': invalid parameter name '" + name + "'", where);
            }
            if (!decl.is_object()) {
                fail(line_of({"params", name}), "'" + where + "' must be a table {type = ...}",
                     where);
            }
            for (const auto& [key, value] : decl.items()) {
                if (!is_one_of(param_fields, key)) {
                    fail(line_of({"params", name, key}),
                         "'" + where + "': unknown field '" + key + "' (expected " +
                             join(param_fields) + ")",
                         where);
                }
            }
            param_spec spec;
            spec.name = name;
            const auto type = decl.find("type");
            if (type == decl.end() || !type->is_string()) {
                fail(line_of({"params", name, "type"}), "'" + where + ".type' must be a string",
                     where);
            }
            const auto parsed = parse_param_type(type->get_ref<const std::string&>());
            if (!parsed) {
                fail(
                    line_of({"params", name, "type"}),
                    "'" + where + ".type': unknown parameter type '" +
                        type->get_ref<const std::string&>() +
                        "' (expected string, number, integer, boolean, table, email, text, choice)",
                    where);
            }
            spec.type = *parsed;
            if (const auto r = decl.find("required"); r != decl.end()) {
                if (!r->is_boolean()) {
                    fail(line_of({"params", name, "required"}),
                         "'" + where + ".required' must be a boolean", where);
                }
                spec.required = r->get<bool>();
            }
            if (const auto d = decl.find("description"); d != decl.end()) {
                if (!d->is_string()) {
                    fail(line_of({"params", name, "description"}),
                         "'" + where + ".description' must be a string", where);
                }
                spec.description = d->get<std::string>();
            }
            const auto choices = decl.find("choices");
            if (spec.type == param_type::choice) {
                const bool ok = choices != decl.end() && choices->is_array() && !choices->empty() &&
                                std::all_of(choices->begin(), choices->end(),
                                            [](const json& c) { return c.is_string(); });
                if (!ok) {
                    fail(line_of({"params", name, "choices"}),
                         "'" + where + ".choices' must be a non-empty list of strings", where);
                }
                for (const auto& c : *choices)
                    spec.choices.push_back(c.get<std::string>());
            } else if (choices != decl.end()) {
                fail(line_of({"params", name, "choices"}),
                     "'" + where + ".choices' is only allowed for type 'choice'", where);
            }
            if (const auto d = decl.find("default"); d != decl.end()) {
                if (spec.required) {
                    fail(line_of({"params", name, "default"}),
                         "'" + where + "' cannot be both required and have a default", where);
                }
                json value = *d;
                if (auto problem = check_param_value(spec, value)) {
                    fail(line_of({"params", name, "default"}),
                         "'" + where + ".default' " + *problem, where);
                }
                spec.default_value = std::move(value);
            }
            out.push_back(std::move(spec));
        }
        // json objects iterate in key order, so `out` is sorted by name already.
        return out;
    }

  private:
    const source_lines& lines_;
    const std::string& path_;
};

}  // namespace

source_lines::source_lines(std::string_view s) {
    int line = 1;
    std::size_t i = 0;
    auto skip_long = [&](std::size_t level) {  // i is after the opening bracket
        const std::string close = "]" + std::string(level, '=') + "]";
        const std::size_t end = s.find(close, i);
        const std::size_t stop = end == std::string_view::npos ? s.size() : end + close.size();
        line += static_cast<int>(std::count(s.begin() + i, s.begin() + stop, '\n'));
        const std::size_t start = i;
        i = stop;
        return s.substr(start, (end == std::string_view::npos ? s.size() : end) - start);
    };
    while (i < s.size()) {
        const char ch = s[i];
        std::size_t level = 0;
        if (ch == '\n') {
            ++line;
            ++i;
        } else if (ch == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            i += 2;
            if (const std::size_t open = long_bracket_level(s, i, level)) {
                i += open;
                skip_long(level);
            } else {
                while (i < s.size() && s[i] != '\n')
                    ++i;
            }
        } else if (const std::size_t open = long_bracket_level(s, i, level)) {
            const int start_line = line;
            i += open;
            tokens_.push_back({token_kind::string, skip_long(level), start_line});
        } else if (ch == '"' || ch == '\'') {
            const int start_line = line;
            const std::size_t start = ++i;
            while (i < s.size() && s[i] != ch && s[i] != '\n') {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    if (s[i + 1] == '\n')
                        ++line;
                    ++i;
                }
                ++i;
            }
            tokens_.push_back({token_kind::string, s.substr(start, i - start), start_line});
            if (i < s.size() && s[i] == ch)
                ++i;
        } else if (is_name_char(ch)) {
            const std::size_t start = i;
            while (i < s.size() &&
                   (is_name_char(s[i]) || (s[i] == '.' && ch >= '0' && ch <= '9'))) {
                ++i;
            }
            tokens_.push_back({token_kind::name, s.substr(start, i - start), line});
        } else if (ch == ' ' || ch == '\t' || ch == '\r') {
            ++i;
        } else {
            const std::size_t len = (ch == '=' && i + 1 < s.size() && s[i + 1] == '=') ? 2 : 1;
            tokens_.push_back({token_kind::symbol, s.substr(i, len), line});
            i += len;
        }
    }
}

std::size_t source_lines::find_assignment(std::string_view key, std::size_t from) const {
    for (std::size_t i = from; i < tokens_.size(); ++i) {
        const auto is = [&](std::size_t j, token_kind k, std::string_view text) {
            return j < tokens_.size() && tokens_[j].kind == k && tokens_[j].text == text;
        };
        if (is(i, token_kind::name, key) && is(i + 1, token_kind::symbol, "="))
            return i;
        if (is(i, token_kind::symbol, "[") && is(i + 1, token_kind::string, key) &&
            is(i + 2, token_kind::symbol, "]") && is(i + 3, token_kind::symbol, "=")) {
            return i + 1;
        }
    }
    return tokens_.size();
}

int source_lines::field(std::initializer_list<std::string_view> path) const {
    int line = 0;
    std::size_t from = 0;
    for (const auto key : path) {
        const std::size_t at = find_assignment(key, from);
        if (at == tokens_.size())
            break;
        line = tokens_[at].line;
        from = at + 1;
    }
    return line;
}

int source_lines::string_after(std::string_view after, std::string_view value) const {
    const std::size_t from = find_assignment(after, 0);
    for (std::size_t i = from; i < tokens_.size(); ++i) {
        if (tokens_[i].kind == token_kind::string && tokens_[i].text == value)
            return tokens_[i].line;
    }
    return 0;
}

int source_lines::last_return() const {
    for (auto it = tokens_.rbegin(); it != tokens_.rend(); ++it) {
        if (it->kind == token_kind::name && it->text == "return")
            return it->line;
    }
    return 0;
}

std::string at_line(const std::string& path, int line, const std::string& message) {
    if (line <= 0)
        return path + ": " + message;
    return path + ":" + std::to_string(line) + ": " + message;
}

void validate_metadata(playbook_definition& out, const json& fields, std::string_view run_type,
                       const source_lines& lines, const std::string& path) {
    const checker check(lines, path);
    for (const auto& [key, value] : fields.items()) {
        if (!is_one_of(top_level_fields, key)) {
            check.fail(check.line_of({key}),
                       "unknown field '" + key + "' (expected " + join(top_level_fields) + ")",
                       key);
        }
    }
    out.name = check.required_string(fields, "name");
    out.version = check.required_string(fields, "version");
    if (const auto d = fields.find("description"); d != fields.end()) {
        if (!d->is_string())
            check.fail(check.line_of({"description"}), "'description' must be a string",
                       "description");
        out.description = d->get<std::string>();
    }
    if (run_type != "function") {
        if (run_type == "nil") {
            check.fail(lines.last_return(), "'run' is required: function(ctx) ... end", "run");
        }
        check.fail(check.line_of({"run"}),
                   "'run' must be a function, not a " + std::string(run_type), "run");
    }
    out.triggers = check.triggers(fields);
    out.params = check.params(fields);
}

}  // namespace tocsin::lua::detail
