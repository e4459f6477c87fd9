#pragma once
// A submission's answers checked against the form's fields, before any run starts: every field
// is checked (not just up to the first problem), so that the page can show every message at once.
//
// Browser posts send text: it is trimmed (a text field keeps its inner line breaks, as "\n"),
// empty means unanswered, and numbers, integers and booleans are read from it. A checkbox that is
// not ticked is not sent, so a boolean field is false when absent, and a required one must be
// ticked. JSON posts may send values of the parameter's type or text read the same way (Microsoft
// Forms sends every answer as text); null means unanswered, and undeclared question ids are
// passed on in ctx.trigger.answers but not as parameters.
// Pure; thread-safe.

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/http/fields.hpp"
#include "triggers/form/form_binding.hpp"

namespace tocsin::triggers {

struct form_answers {
    nlohmann::json answers = nlohmann::json::object();  // as sent: ctx.trigger.answers
    nlohmann::json params = nlohmann::json::object();   // typed, defaults filled in: ctx.params
    std::map<std::string, std::string> entered;         // field → text, to show the form again
    std::map<std::string, std::string> errors;          // field → what to correct
    bool ok() const noexcept { return errors.empty(); }
};

// The fields of an application/x-www-form-urlencoded body (the CSRF field is ignored).
form_answers read_posted_answers(const form_binding& form, const http::fields& posted);
// The answers object of a JSON submission: question id → value.
form_answers read_json_answers(const form_binding& form, const nlohmann::json& answers);

}  // namespace tocsin::triggers
