#include "engine/plugin/action_reference.hpp"

#include <algorithm>

#include "engine/plugin/lua_literal.hpp"

namespace tocsin::plugin {
namespace {

using nlohmann::json;

// Table cells hold one line; a pipe would end the cell.
std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string type_text(const field& f) {
    if (f.type == value_type::array && f.items != value_type::any)
        return "array of " + std::string(to_string(f.items));
    return std::string(to_string(f.type));
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : std::string(sep)) + item;
    return out;
}

void field_rows(const std::vector<field>& fields, const std::string& prefix, std::string& out) {
    for (const auto& f : fields) {
        std::vector<std::string> allowed;
        for (const auto& c : f.choices)
            allowed.push_back("`" + cell(c) + "`");
        out += "| `" + prefix + f.name + "` | " + type_text(f) + " | " +
               (f.required ? "yes" : "no") + " | " +
               (f.default_value ? "`" + cell(f.default_value->dump()) + "`" : "") + " | " +
               join(allowed, ", ") + " | " + (f.max_length ? std::to_string(*f.max_length) : "") +
               " | " + cell(f.description) + " |\n";
        field_rows(f.fields, prefix + f.name + ".", out);
    }
}

std::string duration_text(std::chrono::milliseconds ms) {
    if (ms.count() % 1000 == 0)
        return std::to_string(ms.count() / 1000) + " s";
    return std::to_string(ms.count()) + " ms";
}

std::string retry_text(const retry_policy& retry) {
    if (retry.attempts <= 1)
        return "not retried";
    return std::to_string(retry.attempts) + " attempts on `unavailable`/`timeout`, backoff " +
           duration_text(retry.initial_backoff) + " doubling to " +
           duration_text(retry.max_backoff);
}

bool fits(const field& f, const json& value) {
    switch (f.type) {
        case value_type::string:
            return value.is_string() &&
                   (f.choices.empty() || std::find(f.choices.begin(), f.choices.end(),
                                                   value.get<std::string>()) != f.choices.end());
        case value_type::integer:
            return value.is_number_integer();
        case value_type::number:
            return value.is_number();
        case value_type::boolean:
            return value.is_boolean();
        case value_type::object:
            return value.is_object() && !value.empty();
        case value_type::array:
            return value.is_array() && !value.empty() &&
                   (f.items != value_type::string || value.front().is_string()) &&
                   (f.items != value_type::object || value.front().is_object());
        case value_type::any:
            return !value.is_null();
    }
    return false;
}

// The first member named `name` that fits `f`, searching `where` breadth-first (keys sorted).
const json* find_member(const json& where, const field& f) {
    std::vector<const json*> level{&where};
    while (!level.empty()) {
        std::vector<const json*> next;
        for (const json* node : level) {
            if (node->is_object()) {
                if (auto it = node->find(f.name); it != node->end() && fits(f, *it))
                    return &*it;
                for (const auto& member : *node)
                    next.push_back(&member);
            } else if (node->is_array() && !node->empty()) {
                next.push_back(&node->front());
            }
        }
        level = std::move(next);
    }
    return nullptr;
}

json example_value(const field& f, const json& output);

json example_object(const std::vector<field>& fields, const json& output) {
    json out = json::object();
    // Optional fields with an example too: some actions need one of several optional fields.
    for (const auto& f : fields)
        if (f.required || f.example)
            out[f.name] = example_value(f, output);
    return out;
}

json example_value(const field& f, const json& output) {
    if (f.example)
        return *f.example;
    if (!f.choices.empty())
        return f.choices.front();
    if (f.default_value)
        return *f.default_value;
    if (const json* found = find_member(output, f))
        return *found;
    const std::string placeholder = "<" + f.name + ">";
    switch (f.type) {
        case value_type::integer:
            return 1;
        case value_type::number:
            return 1.5;
        case value_type::boolean:
            return true;
        case value_type::object:
            return example_object(f.fields, output);
        case value_type::array:
            return f.items == value_type::object ? json::array({json::object()})
                   : f.items == value_type::string || f.items == value_type::any
                       ? json::array({placeholder})
                       : json::array({1});
        case value_type::string:
        case value_type::any:
            break;
    }
    return placeholder;
}

void action_section(const action_descriptor& a, std::string& out) {
    out += "### " + a.name + "\n\n";
    if (!a.description.empty())
        out += a.description + "\n\n";
    out += "**Input**";
    if (a.input.fields.empty())
        out += ": none.\n\n";
    else
        out += "\n\n" + input_table_markdown(a.input) + "\n";
    if (a.input.allow_extra)
        out += "Fields not listed are passed on as given.\n\n";
    out += "**Output** (example)";
    if (a.output_example.is_null())
        out += ": not documented.\n\n";
    else
        out += "\n\n```json\n" + a.output_example.dump(2) + "\n```\n\n";
    out += "**Errors**";
    if (a.errors.empty()) {
        out += ": none besides the engine's own (`timeout`, `cancelled`).\n\n";
    } else {
        out += "\n\n";
        auto errors = a.errors;
        std::sort(errors.begin(), errors.end(),
                  [](errc x, errc y) { return std::string_view(to_string(x)) < to_string(y); });
        for (auto code : errors)
            out += "- `" + std::string(to_string(code)) + "`: " + std::string(errc_meaning(code)) +
                   "\n";
        out += "\n";
    }
    out += "**Flags**: side effects: " + std::string(a.side_effects ? "yes" : "no") +
           "; idempotent: " + (a.idempotent ? "yes" : "no") +
           "; default timeout: " + duration_text(a.default_timeout) +
           "; retry: " + retry_text(a.retry) + ".\n\n";
    out += "**Example**\n\n```lua\n" + example_call_lua(a) + "```\n\n";
}

}  // namespace

std::string_view errc_meaning(errc code) {
    switch (code) {
        case errc::ok:
            return "no error";
        case errc::invalid_argument:
            return "a field's value is malformed or out of range";
        case errc::missing_field:
            return "a required field is absent";
        case errc::not_found:
            return "the resource does not exist";
        case errc::already_exists:
            return "the resource exists already";
        case errc::conflict:
            return "a concurrent write won (etag mismatch); read again and retry";
        case errc::limit_exceeded:
            return "a configured limit (count, size) was hit";
        case errc::precondition_failed:
            return "a rule of the domain forbids the change in the current state";
        case errc::unauthenticated:
            return "the remote side refused the credentials";
        case errc::forbidden:
            return "the credentials lack the permission";
        case errc::unsupported:
            return "a known but unsupported feature";
        case errc::timeout:
            return "the call ran out of time (retryable)";
        case errc::cancelled:
            return "the call was cancelled";
        case errc::unavailable:
            return "a dependency is down or the engine is shutting down (retryable)";
        case errc::storage:
            return "the store failed";
        case errc::config:
            return "the plugin instance is misconfigured";
        case errc::internal:
            return "a bug";
    }
    return "unknown error";
}

std::string input_table_markdown(const schema& input) {
    std::string out =
        "| Field | Type | Required | Default | Allowed values | Max length | "
        "Description |\n|---|---|---|---|---|---|---|\n";
    field_rows(input.fields, "", out);
    return out;
}

std::string example_call_lua(const action_descriptor& action) {
    const json input = example_object(action.input.fields, action.output_example);
    std::string call = "local result, err = tocsin." + action.name;
    call += input.empty() ? "{}" : lua_literal(input, 0, call.size());
    return call + "\nif not result then\n  error(err.code .. \": \" .. err.message)\nend\n";
}

std::string action_reference_markdown(const std::vector<const plugin_descriptor*>& plugins) {
    auto sorted = plugins;
    std::sort(
        sorted.begin(), sorted.end(),
        [](const plugin_descriptor* x, const plugin_descriptor* y) { return x->name < y->name; });
    auto actions_of = [](const plugin_descriptor& p) {
        std::vector<const action_descriptor*> out;
        for (const auto& a : p.actions)
            out.push_back(&a);
        std::sort(out.begin(), out.end(),
                  [](const auto* x, const auto* y) { return x->name < y->name; });
        return out;
    };
    std::string out =
        "# Action reference\n\n"
        "<!-- Generated by `tocsin plugins docs --output docs/actions.md` from the plugin "
        "descriptors. Do not edit: change the descriptor and regenerate. -->\n\n"
        "Every action is a function of the playbook sandbox: `tocsin.<plugin>.<action>{ … }` "
        "takes one table and returns the result, or `nil, err` with `err = {code, message, "
        "retryable[, field]}` for the operational errors listed below. Wrong arguments (a "
        "missing required field, a value of the wrong type) raise a Lua error instead.\n\n"
        "Every action also takes these reserved fields: `_instance` (a configured instance of "
        "the plugin, e.g. `\"oncall\"` for `notify:oncall`), `_timeout_ms`, `_attempts`, "
        "`_backoff_ms` and `_max_backoff_ms` (override the default timeout and retry policy "
        "for this call).\n\n"
        "Editor definitions for the same actions: `playbooks/types/tocsin.lua` (see "
        "[playbook-authoring.md](playbook-authoring.md)).\n\n## Contents\n\n";
    for (const auto* p : sorted) {
        std::vector<std::string> links;
        for (const auto* a : actions_of(*p)) {
            std::string anchor;
            for (char c : a->name)
                if (c != '.')
                    anchor += c;
            links.push_back("[" + a->name + "](#" + anchor + ")");
        }
        out += "- **" + p->name + "**: " + join(links, ", ") + "\n";
    }
    out += "\n";
    for (const auto* p : sorted) {
        out += "## " + p->name + "\n\n" + (p->description.empty() ? "" : p->description + ". ") +
               "Version " + p->version + ".\n\n";
        if (!p->settings.fields.empty())
            out += "Instance settings (`plugins.instances`):\n\n" +
                   input_table_markdown(p->settings) + "\n";
        for (const auto* a : actions_of(*p))
            action_section(*a, out);
    }
    while (out.size() > 1 && out[out.size() - 2] == '\n')
        out.pop_back();
    return out;
}

}  // namespace tocsin::plugin
