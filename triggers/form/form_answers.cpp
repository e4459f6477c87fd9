#include "triggers/form/form_answers.hpp"

#include <charconv>
#include <cmath>
#include <optional>

#include "engine/error.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::triggers {

namespace {

using lua::param_type;
using nlohmann::json;

// A value read from text, or what the responder must correct.
struct reading {
    json value;  // null: unanswered
    std::string problem;
};

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string_view::npos)
        return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t\r\n\f\v") - first + 1));
}

std::string with_unix_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out.push_back('\n');
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::optional<bool> truth_of(std::string_view text) {
    for (const auto yes : {"true", "on", "yes", "1"})
        if (model::iequals(text, yes))
            return true;
    for (const auto no : {"false", "off", "no", "0"})
        if (model::iequals(text, no))
            return false;
    return std::nullopt;
}

std::string choice_list(const lua::param_spec& spec) {
    std::string out;
    for (const auto& c : spec.choices)
        out += (out.empty() ? "" : ", ") + c;
    return out;
}

// What the responder reads when a value does not fit the field.
std::string problem_for(const lua::param_spec& spec) {
    switch (spec.type) {
        case param_type::integer:
            return "Enter a whole number.";
        case param_type::number:
            return "Enter a number.";
        case param_type::email:
            return "Enter an e-mail address, such as name@example.com.";
        case param_type::boolean:
            return "Answer yes or no.";
        case param_type::choice:
            return "Choose one of: " + choice_list(spec) + ".";
        case param_type::table:
            return "Enter a list or an object.";
        case param_type::string:
        case param_type::text:
            break;
    }
    return "Enter text.";
}

reading read_text(const lua::param_spec& spec, std::string_view raw) {
    const auto text = spec.type == param_type::text ? with_unix_newlines(raw) : trimmed(raw);
    if (trimmed(text).empty())
        return {};
    switch (spec.type) {
        case param_type::integer: {
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            if (ec != std::errc{} || end != text.data() + text.size())
                return {nullptr, problem_for(spec)};
            return {n, ""};
        }
        case param_type::number: {
            double d = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
            if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(d))
                return {nullptr, problem_for(spec)};
            return {d, ""};
        }
        case param_type::boolean: {
            const auto truth = truth_of(text);
            if (!truth)
                return {nullptr, problem_for(spec)};
            return {*truth, ""};
        }
        case param_type::table: {
            auto parsed = json::parse(text, nullptr, false);
            if (parsed.is_discarded())
                return {nullptr, problem_for(spec)};
            return {std::move(parsed), ""};
        }
        case param_type::string:
        case param_type::text:
        case param_type::email:
        case param_type::choice:
            break;
    }
    return {text, ""};
}

// Checks one typed value against its declaration with the engine's own rules
// (lua::resolve_params), so that a form accepts exactly what a manual run would.
reading checked(const lua::param_spec& spec, reading read) {
    if (!read.problem.empty() || read.value.is_null())
        return read;
    try {
        auto resolved = lua::resolve_params({spec}, json{{spec.name, read.value}});
        return {std::move(resolved[spec.name]), ""};
    } catch (const error&) {
        return {nullptr, problem_for(spec)};
    }
}

std::string required_problem(const lua::param_spec& spec) {
    if (spec.type == param_type::boolean)
        return "Tick this box to continue.";
    if (spec.type == param_type::choice)
        return "Choose an option.";
    return "This field is required.";
}

// Typed answers of the declared fields → params with defaults, or errors on the fields.
void resolve(const form_binding& form, const json& typed, form_answers& out) {
    for (const auto& spec : form.playbook->params)
        if (spec.required && !typed.contains(spec.name) && !out.errors.contains(spec.name))
            out.errors[spec.name] = required_problem(spec);
    if (!out.ok())
        return;
    try {
        out.params = lua::resolve_params(form.playbook->params, typed);
    } catch (const error& e) {
        out.errors[e.field()] = e.what();
    }
}

std::string text_of(const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

form_answers read_posted_answers(const form_binding& form, const http::fields& posted) {
    form_answers out;
    json typed = json::object();
    for (const auto& spec : form.fields) {
        const auto sent = posted.find(spec.name);
        if (sent) {
            out.answers[spec.name] = std::string(*sent);
            out.entered[spec.name] = std::string(*sent);
        }
        reading read;
        if (spec.type == param_type::boolean) {
            // An unticked checkbox is not sent at all.
            const bool ticked = sent && truth_of(trimmed(*sent)).value_or(true);
            read.value = ticked;
            if (spec.required && !ticked) {
                out.errors[spec.name] = required_problem(spec);
                continue;
            }
        } else if (sent) {
            read = checked(spec, read_text(spec, *sent));
        }
        if (!read.problem.empty())
            out.errors[spec.name] = std::move(read.problem);
        else if (!read.value.is_null())
            typed[spec.name] = std::move(read.value);
    }
    resolve(form, typed, out);
    return out;
}

form_answers read_json_answers(const form_binding& form, const json& answers) {
    form_answers out;
    if (answers.is_object())
        out.answers = answers;
    json typed = json::object();
    for (const auto& spec : form.playbook->params) {
        const auto it = out.answers.find(spec.name);
        if (it == out.answers.end() || it->is_null())
            continue;
        out.entered[spec.name] = text_of(*it);
        auto read = it->is_string() ? checked(spec, read_text(spec, it->get<std::string>()))
                                    : checked(spec, {*it, ""});
        if (!read.problem.empty())
            out.errors[spec.name] = std::move(read.problem);
        else if (!read.value.is_null())
            typed[spec.name] = std::move(read.value);
    }
    resolve(form, typed, out);
    return out;
}

}  // namespace tocsin::triggers
