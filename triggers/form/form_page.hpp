#pragma once
// The HTML of forms: the form itself (form_binding.hpp says which control each parameter gets)
// and the pages that answer a submission. Every page is one self-contained HTML5 document: UTF-8,
// inline CSS only, no script, no external resource (the routes' Content-Security-Policy allows
// nothing else), usable with a keyboard and a screen reader:
//  - each control has a <label for>; radio buttons sit in a <fieldset> with a <legend>;
//  - help text and error messages are tied to the control by aria-describedby; a field in error
//    has aria-invalid="true", and a summary at the top (role="alert") links to each field;
//  - required fields carry `required` and a visible "*" explained at the top.
// Choices of up to four options are radio buttons, more a <select>; text fields are <textarea>.
// Everything that comes from a playbook or a responder is HTML-escaped (and invalid UTF-8
// replaced), attribute values included.
// Pure; thread-safe.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "triggers/form/form_binding.hpp"

namespace tocsin::triggers {

struct form_view {
    std::string action;      // where the form posts: "/forms/<name>"
    std::string csrf_token;  // the hidden field's value
    // What each control shows: text, the chosen option, or a truthy text for a ticked box.
    // A field without an entry is shown empty (unticked).
    std::map<std::string, std::string> values;
    // field → message; a key that is no field (a playbook's own) shows in the summary only.
    std::map<std::string, std::string> errors;
};

// A form shown for the first time: each field's default as text.
std::map<std::string, std::string> default_values(const form_binding& form);

std::string render_form_page(const form_binding& form, const form_view& view);

// A page with a heading, paragraphs and an optional link (confirmation, refusal, failure).
struct message_page {
    std::string title;
    std::string heading;
    std::vector<std::string> paragraphs;
    std::string link_href = {};
    std::string link_text = {};
    bool is_error = false;  // the heading is announced as an alert
};
std::string render_message_page(const message_page& page);

// &, <, >, " and ' as entities; invalid UTF-8 sequences become U+FFFD.
std::string html_escape(std::string_view text);

// The label and the help text of a field, from its description (first line, the rest).
struct field_text {
    std::string label;
    std::string help;
};
field_text text_of(const lua::param_spec& spec);

}  // namespace tocsin::triggers
