#include "engine/runner/luals_definitions.hpp"

#include <algorithm>
#include <set>

#include "engine/plugin/lua_literal.hpp"

namespace tocsin::runner {
namespace {

using nlohmann::json;
using plugin::value_type;

// Classes are written as they are met; nested ones follow their parent.
class class_writer {
  public:
    void begin(const std::string& name, const std::string& description,
               const std::string& parent = {}) {
        out_ += "\n";
        if (!description.empty())
            out_ += "---" + one_line(description) + "\n";
        out_ += "---@class " + name + (parent.empty() ? "" : ": " + parent) + "\n";
    }
    void member(const std::string& name, bool optional, const std::string& type,
                const std::string& description) {
        const auto key =
            plugin::is_lua_identifier(name) ? name : "[" + plugin::lua_string(name) + "]";
        out_ += "---@field " + key + (optional ? "?" : "") + " " + type +
                (description.empty() ? "" : " " + one_line(description)) + "\n";
    }
    void text(const std::string& lines) { out_ += lines; }
    const std::string& str() const { return out_; }

    static std::string one_line(std::string_view text) {
        std::string out;
        for (char c : text)
            out += (c == '\n' || c == '\r') ? ' ' : c;
        return out;
    }

  private:
    std::string out_;
};

std::string scalar_type(value_type t) {
    switch (t) {
        case value_type::string:
            return "string";
        case value_type::integer:
            return "integer";
        case value_type::number:
            return "number";
        case value_type::boolean:
            return "boolean";
        case value_type::object:
            return "table<string, any>";
        case value_type::array:
            return "any[]";
        case value_type::any:
            return "any";
    }
    return "any";
}

// Pending nested classes are written after the class that names them.
struct pending_class {
    std::string name;
    const std::vector<plugin::field>* fields;
};

std::string field_type(const plugin::field& f, const std::string& class_name,
                       std::vector<pending_class>& nested) {
    if (f.type == value_type::string && !f.choices.empty()) {
        std::string out;
        for (const auto& c : f.choices)
            out += (out.empty() ? "" : "|") + plugin::lua_string(c);
        return out;
    }
    if (f.type == value_type::object && !f.fields.empty()) {
        const auto name = class_name + "." + f.name;
        nested.push_back({name, &f.fields});
        return name;
    }
    if (f.type == value_type::array && f.items != value_type::any)
        return f.items == value_type::object ? "table[]" : scalar_type(f.items) + "[]";
    return scalar_type(f.type);
}

std::string field_description(const plugin::field& f) {
    std::string out = f.description;
    auto add = [&out](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
    if (f.default_value)
        add("default " + plugin::lua_literal(*f.default_value));
    if (f.max_length)
        add("at most " + std::to_string(*f.max_length) +
            (f.type == value_type::array ? " elements" : " characters"));
    return out;
}

void fields_class(class_writer& w, const std::string& name, const std::string& description,
                  const std::string& parent, const std::vector<plugin::field>& fields) {
    std::vector<pending_class> nested;
    w.begin(name, description, parent);
    for (const auto& f : fields)
        w.member(f.name, !f.required, field_type(f, name, nested), field_description(f));
    for (const auto& n : nested)
        fields_class(w, n.name, "", "", *n.fields);
}

bool is_open(const std::vector<std::string>& open_paths, const std::string& path) {
    return std::find(open_paths.begin(), open_paths.end(), path) != open_paths.end();
}

// The Lua type of the values in `samples` (the same member across examples); object samples
// become class `name` (written to `w` after the caller's class), arrays `T[]`.
class shape_inference {
  public:
    // `extensible`: the outermost record also takes members it does not list.
    shape_inference(class_writer& w, const std::vector<std::string>& open_paths,
                    bool extensible = false)
        : w_(w), open_paths_(open_paths), extensible_(extensible) {}

    std::string type_of(const std::vector<const json*>& samples, const std::string& name,
                        const std::string& path, const std::string& description = {}) {
        std::vector<const json*> present;
        for (const json* s : samples)
            if (!s->is_null())
                present.push_back(s);
        if (present.empty())
            return "any";
        std::set<std::string> kinds;
        for (const json* s : present)
            kinds.insert(kind_of(*s));
        if (kinds.size() == 2 && kinds.count("integer") && kinds.count("number"))
            kinds = {"number"};
        if (kinds.size() > 1)
            return "any";
        const auto kind = *kinds.begin();
        if (kind == "object")
            return object_type(present, name, path, description);
        if (kind == "array") {
            std::vector<const json*> elements;
            for (const json* s : present)
                for (const auto& e : *s)
                    elements.push_back(&e);
            if (elements.empty())
                return "any[]";
            const auto element = type_of(elements, name, path, description);
            return element.find('|') == std::string::npos ? element + "[]" : "(" + element + ")[]";
        }
        return kind;
    }

  private:
    static std::string kind_of(const json& v) {
        if (v.is_object())
            return "object";
        if (v.is_array())
            return "array";
        if (v.is_string())
            return "string";
        if (v.is_boolean())
            return "boolean";
        if (v.is_number_integer())
            return "integer";
        return "number";
    }

    std::string object_type(const std::vector<const json*>& objects, const std::string& name,
                            const std::string& path, const std::string& description) {
        std::vector<std::string> keys;  // first-seen order of a sorted object: sorted
        bool record = !is_open(open_paths_, path);
        for (const json* o : objects)
            for (const auto& [key, value] : o->items()) {
                if (!plugin::is_lua_identifier(key))
                    record = false;
                if (std::find(keys.begin(), keys.end(), key) == keys.end())
                    keys.push_back(key);
            }
        if (keys.empty() || !record) {
            std::vector<const json*> values;
            for (const json* o : objects)
                for (const auto& v : *o)
                    values.push_back(&v);
            const auto value = values.empty() ? std::string("any")
                                              : type_of(values, name, path + ".*", description);
            return "table<string, " + value + ">";
        }
        std::sort(keys.begin(), keys.end());
        // Members are inferred first (they may add classes), then this class is written before
        // them so that a class reads top-down.
        struct member_line {
            std::string key, type;
            bool optional;
        };
        std::vector<member_line> members;
        class_writer nested;
        shape_inference inner(nested, open_paths_);
        for (const auto& key : keys) {
            std::vector<const json*> values;
            bool optional = false;
            for (const json* o : objects) {
                const auto it = o->find(key);
                // A null member reaches Lua as a missing one.
                optional = optional || it == o->end() || it->is_null();
                if (it != o->end())
                    values.push_back(&*it);
            }
            members.push_back(
                {key,
                 inner.type_of(values, name + "." + key, path.empty() ? key : path + "." + key),
                 optional});
        }
        w_.begin(name, description);
        for (const auto& m : members)
            w_.member(m.key, m.optional, m.type, "");
        if (extensible_ && path.empty())
            w_.text("---@field [string] any\n");
        w_.text(nested.str());
        return name;
    }

    class_writer& w_;
    const std::vector<std::string>& open_paths_;
    bool extensible_;
};

std::string result_type(const json& example, const std::string& name, class_writer& w,
                        const std::string& description) {
    if (example.is_null())
        return "any";
    static const std::vector<std::string> none;
    shape_inference infer(w, none);
    return infer.type_of({&example}, name, "", description);
}

const char* preamble = R"(---@meta
-- Generated by `tocsin plugins luals --output-dir playbooks` from the plugin descriptors and the
-- trigger payloads. Do not edit: change the descriptors and regenerate. Editor set-up and the
-- references: docs/playbook-authoring.md.

---An operational failure of an action: actions return `nil, err` with it.
---@class TocsinError
---@field code string the engine's error code: "not_found", "invalid_argument", "conflict", "unavailable", "timeout", …
---@field message string what went wrong, for people
---@field retryable boolean true for "unavailable" and "timeout"
---@field field? string the input field the error is about, when there is one

---Reserved fields every action takes besides its own.
---@class TocsinCallOptions
---@field _instance? string configured instance of the plugin, e.g. "oncall" for notify:oncall
---@field _timeout_ms? integer timeout of this call instead of the action's default
---@field _attempts? integer total tries, the first included, instead of the action's retry policy
---@field _backoff_ms? integer first pause between tries
---@field _max_backoff_ms? integer longest pause between tries

---ctx.log: lines of the run's log (arguments are joined with spaces).
---@class TocsinLog
---@field info fun(...: any)
---@field warn fun(...: any)
---@field error fun(...: any)

---The argument of a playbook's run(ctx).
---@class TocsinContext
---@field trigger TocsinTrigger what started the run
---@field params table<string, any> the declared params, checked and with defaults filled
---@field run_id string
---@field log TocsinLog

---A declared parameter: ctx.params.<name>.
---@class TocsinParam
---@field type "string"|"number"|"integer"|"boolean"|"table"|"email"|"text"|"choice"
---@field required? boolean
---@field default? any
---@field choices? string[] type "choice" only
---@field description? string

---A trigger entry: a kind, or {kind, filter, options}.
---@class TocsinTriggerSpec
---@field kind "incident"|"alert"|"webhook"|"schedule"|"email"|"form"|"manual"
---@field filter? table<string, any> property = value the subject must match
---@field options? table<string, any> how the trigger reaches the playbook (webhook name, schedule, …)

---What a playbook file returns.
---@class TocsinPlaybook
---@field name string
---@field version? string
---@field description? string
---@field triggers (TocsinTriggerSpec|"incident"|"alert"|"webhook"|"schedule"|"email"|"form"|"manual")[]
---@field params? table<string, TocsinParam>
---@field run fun(ctx: TocsinContext): any

---The sandbox's JSON library.
json = {}

---Stands for JSON null inside tables (a nil member would vanish).
json.null = {}

---An empty table that encodes as [] rather than {}.
json.empty_array = {}

---Marks `t` as a JSON array, so that an empty one encodes as [].
---@param t table
---@return table
function json.array(t) end

---JSON text of `value`; raises on a value that is not data.
---@param value any
---@return string
function json.encode(value) end

---The value of JSON `text`, or nil, err for malformed text.
---@param text string
---@return any value
---@return TocsinError|nil err
function json.decode(text) end

---Actions of the plugins: tocsin.<plugin>.<action>{…}.
tocsin = {}
)";

}  // namespace

std::string luals_action(const plugin::action_descriptor& action) {
    class_writer w;
    const std::string base = "tocsin." + action.name;
    fields_class(w, base + ".Input", "Input of tocsin." + action.name + ".", "TocsinCallOptions",
                 action.input.fields);
    const auto result = result_type(action.output_example, base + ".Result", w,
                                    "Result of tocsin." + action.name + " (from its example).");
    bool required = false;
    for (const auto& f : action.input.fields)
        required = required || f.required;
    w.text("\n");
    if (!action.description.empty())
        w.text("---" + class_writer::one_line(action.description) + "\n");
    w.text("---@param input" + std::string(required ? " " : "? ") + base + ".Input\n");
    w.text("---@return " + result + "|nil result\n---@return TocsinError|nil err\n");
    w.text("function " + base + "(input) end\n");
    return w.str();
}

std::string luals_definitions(const std::vector<const plugin::plugin_descriptor*>& plugins,
                              const std::vector<trigger_payload>& triggers) {
    std::string out = preamble;

    auto sorted_triggers = triggers;
    std::sort(sorted_triggers.begin(), sorted_triggers.end(),
              [](const auto& x, const auto& y) { return x.kind < y.kind; });
    if (!sorted_triggers.empty()) {
        std::string alias = "\n---@alias TocsinTrigger ";
        for (std::size_t i = 0; i < sorted_triggers.size(); ++i)
            alias +=
                (i ? "|" : "") + std::string("Tocsin") + sorted_triggers[i].type_name + "Trigger";
        out += alias + "\n";
    }
    for (const auto& t : sorted_triggers) {
        class_writer w;
        const auto name = "Tocsin" + t.type_name + "Trigger";
        std::vector<const json*> samples;
        for (const auto& e : t.examples)
            samples.push_back(&e);
        shape_inference infer(w, t.open_paths, t.extensible);
        infer.type_of(
            samples, name, "",
            "ctx.trigger of a run started by the " + t.kind + " trigger: " + t.description);
        out += w.str();
        out += "\n---ctx of a playbook started by the " + t.kind + " trigger.\n---@class Tocsin" +
               t.type_name + "Context: TocsinContext\n---@field trigger " + name + "\n";
    }

    auto sorted = plugins;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* x, const auto* y) { return x->name < y->name; });
    for (const auto* p : sorted) {
        out += "\n" + std::string(p->description.empty() ? "" : "---" + p->description + "\n") +
               "tocsin." + p->name + " = {}\n";
        std::vector<const plugin::action_descriptor*> actions;
        for (const auto& a : p->actions)
            actions.push_back(&a);
        std::sort(actions.begin(), actions.end(),
                  [](const auto* x, const auto* y) { return x->name < y->name; });
        for (const auto* a : actions)
            out += luals_action(*a);
    }
    return out;
}

std::string luarc_json() {
    const json rc = {
        {"$schema",
         "https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json"},
        {"runtime.version", "Lua 5.4"},
        // The sandbox has no io, debug or package library; os has time, date and clock only.
        {"runtime.builtin",
         {{"io", "disable"}, {"debug", "disable"}, {"ffi", "disable"}, {"jit", "disable"}}},
        {"workspace.library", {"types"}},
        {"workspace.checkThirdParty", false},
        // expect and stub are the globals of playbook tests (_tests/*_test.lua).
        {"diagnostics.globals", {"tocsin", "json", "expect", "stub"}},
    };
    return rc.dump(2) + "\n";
}

}  // namespace tocsin::runner
