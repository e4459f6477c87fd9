#include "triggers/form/form_page.hpp"

#include <algorithm>

#include "engine/model/enums.hpp"
#include "triggers/form/form_csrf.hpp"

namespace tocsin::triggers {

namespace {

using lua::param_type;

// Radio buttons up to this many choices, a drop-down list beyond.
constexpr std::size_t max_radio_choices = 4;

constexpr std::string_view style = R"css(
body{margin:0;background:#f3f2f1;color:#0b0c0c;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{box-sizing:border-box;max-width:42rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:6px}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
.field{margin:1.5rem 0}
label,legend{display:block;font-weight:600;padding:0}
.help{margin:.25rem 0;color:#505a5f}
.error{margin:.25rem 0;color:#b00020;font-weight:600}
.req{color:#b00020}
input[type=text],input[type=email],input[type=number],select,textarea{box-sizing:border-box;width:100%;margin-top:.25rem;padding:.5rem;font:inherit;border:2px solid #0b0c0c;border-radius:0;background:#fff}
.invalid input,.invalid select,.invalid textarea{border-color:#b00020}
.invalid{border-left:4px solid #b00020;padding-left:.75rem}
fieldset{border:0;margin:0;padding:0}
.option{display:flex;align-items:center;gap:.5rem;margin:.35rem 0}
.option label{font-weight:400}
.option input{width:1.25rem;height:1.25rem;margin:0}
.summary{border:4px solid #b00020;padding:.75rem 1rem;margin:0 0 1.5rem}
.summary h2{font-size:1.2rem;margin:0 0 .5rem}
.summary a{color:#b00020;font-weight:600}
button{font:inherit;font-weight:600;padding:.6rem 1.5rem;border:0;border-radius:4px;background:#00703c;color:#fff;cursor:pointer}
:focus{outline:3px solid #fd0;outline-offset:0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
)css";

std::string escaped(std::string_view text) {
    return html_escape(text);
}

std::string field_id(const lua::param_spec& spec) {
    return "f-" + spec.name;
}

bool uses_radios(const lua::param_spec& spec) {
    return spec.type == param_type::choice && spec.choices.size() <= max_radio_choices;
}

// Where the error summary's link for a field goes: the control, or a radio group's first button.
std::string focus_target(const lua::param_spec& spec) {
    return uses_radios(spec) ? field_id(spec) + "-0" : field_id(spec);
}

bool ticked(const std::string& text) {
    for (const auto no : {"", "false", "off", "no", "0"})
        if (model::iequals(text, no))
            return false;
    return true;
}

std::string value_text(const nlohmann::json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "";
    return value.dump();
}

std::string document(std::string_view title, const std::string& body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>" +
           escaped(title) + "</title>\n<style>" + std::string(style) +
           "</style>\n</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
}

// The ids the control's aria-describedby lists: its help and its error, when present.
struct described {
    std::string help_id;
    std::string error_id;
    std::string attribute() const {
        std::string ids = help_id;
        if (!error_id.empty())
            ids += (ids.empty() ? "" : " ") + error_id;
        return ids.empty() ? "" : " aria-describedby=\"" + ids + "\"";
    }
};

class field_writer {
  public:
    field_writer(const lua::param_spec& spec, const form_view& view) : spec_(spec) {
        const auto value = view.values.find(spec.name);
        value_ = value == view.values.end() ? "" : value->second;
        const auto error = view.errors.find(spec.name);
        error_ = error == view.errors.end() ? "" : error->second;
        text_ = text_of(spec);
        id_ = field_id(spec);
        if (!text_.help.empty())
            describe_.help_id = id_ + "-help";
        if (!error_.empty())
            describe_.error_id = id_ + "-error";
    }

    std::string html() const {
        std::string out =
            "<div class=\"field" + std::string(error_.empty() ? "" : " invalid") + "\">\n";
        if (spec_.type == param_type::boolean)
            out += checkbox();
        else if (uses_radios(spec_))
            out += radios();
        else
            out += label() + notes() + control();
        return out + "</div>\n";
    }

  private:
    std::string marker() const {
        return spec_.required ? "<span class=\"req\" aria-hidden=\"true\"> *</span>" : "";
    }
    std::string label() const {
        return "<label for=\"" + id_ + "\">" + escaped(text_.label) + marker() + "</label>\n";
    }
    std::string notes() const {
        std::string out;
        if (!describe_.help_id.empty())
            out += "<p class=\"help\" id=\"" + describe_.help_id + "\">" + escaped(text_.help) +
                   "</p>\n";
        if (!describe_.error_id.empty())
            out += "<p class=\"error\" id=\"" + describe_.error_id +
                   "\"><span class=\"visually-hidden\">Error: </span>" + escaped(error_) + "</p>\n";
        return out;
    }
    // Attributes every control shares: required, invalid, described by.
    std::string state() const {
        return std::string(spec_.required ? " required aria-required=\"true\"" : "") +
               (error_.empty() ? "" : " aria-invalid=\"true\"") + describe_.attribute();
    }
    std::string control() const {
        const auto name = " id=\"" + id_ + "\" name=\"" + escaped(spec_.name) + "\"";
        switch (spec_.type) {
            case param_type::text:
                return "<textarea" + name + " rows=\"6\"" + state() + ">" + escaped(value_) +
                       "</textarea>\n";
            case param_type::choice:
                return select(name);
            case param_type::email:
                return "<input type=\"email\"" + name + " value=\"" + escaped(value_) +
                       "\" autocomplete=\"email\" spellcheck=\"false\"" + state() + ">\n";
            case param_type::integer:
                return "<input type=\"number\"" + name + " value=\"" + escaped(value_) +
                       "\" step=\"1\" inputmode=\"numeric\"" + state() + ">\n";
            case param_type::number:
                return "<input type=\"number\"" + name + " value=\"" + escaped(value_) +
                       "\" step=\"any\" inputmode=\"decimal\"" + state() + ">\n";
            case param_type::string:
            case param_type::boolean:
            case param_type::table:
                break;
        }
        return "<input type=\"text\"" + name + " value=\"" + escaped(value_) + "\"" + state() +
               ">\n";
    }
    std::string select(const std::string& name) const {
        std::string out = "<select" + name + state() + ">\n";
        // An empty first entry: no choice is made for the responder (or, optional: none is).
        out += "<option value=\"\">Choose…</option>\n";
        for (const auto& choice : spec_.choices)
            out += "<option value=\"" + escaped(choice) + "\"" +
                   (choice == value_ ? " selected" : "") + ">" + escaped(choice) + "</option>\n";
        return out + "</select>\n";
    }
    std::string radios() const {
        std::string out = "<fieldset id=\"" + id_ + "\"" + describe_.attribute() + ">\n<legend>" +
                          escaped(text_.label) + marker() + "</legend>\n" + notes();
        for (std::size_t i = 0; i < spec_.choices.size(); ++i) {
            const auto& choice = spec_.choices[i];
            const auto option_id = id_ + "-" + std::to_string(i);
            out += "<div class=\"option\"><input type=\"radio\" id=\"" + option_id + "\" name=\"" +
                   escaped(spec_.name) + "\" value=\"" + escaped(choice) + "\"" +
                   (choice == value_ ? " checked" : "") + (spec_.required ? " required" : "") +
                   (error_.empty() ? "" : " aria-invalid=\"true\"") + "><label for=\"" + option_id +
                   "\">" + escaped(choice) + "</label></div>\n";
        }
        return out + "</fieldset>\n";
    }
    std::string checkbox() const {
        return "<div class=\"option\"><input type=\"checkbox\" id=\"" + id_ + "\" name=\"" +
               escaped(spec_.name) + "\" value=\"true\"" + (ticked(value_) ? " checked" : "") +
               state() + ">" + label() + "</div>\n" + notes();
    }

    const lua::param_spec& spec_;
    std::string value_;
    std::string error_;
    field_text text_;
    std::string id_;
    described describe_;
};

std::string error_summary(const form_binding& form, const form_view& view) {
    if (view.errors.empty())
        return {};
    std::string items;
    for (const auto& spec : form.fields) {
        const auto error = view.errors.find(spec.name);
        if (error != view.errors.end())
            items += "<li><a href=\"#" + focus_target(spec) + "\">" + escaped(text_of(spec).label) +
                     ": " + escaped(error->second) + "</a></li>\n";
    }
    for (const auto& [name, message] : view.errors) {
        const bool is_field = std::any_of(form.fields.begin(), form.fields.end(),
                                          [&](const auto& f) { return f.name == name; });
        if (!is_field)
            items += "<li>" + escaped(message) + "</li>\n";
    }
    return "<div class=\"summary\" role=\"alert\" tabindex=\"-1\">\n<h2>There is a problem</h2>\n"
           "<ul>\n" +
           items + "</ul>\n</div>\n";
}

void append_utf8(std::string& out, std::string_view text, std::size_t& i) {
    // Appends the well-formed sequence at text[i] and advances i, or U+FFFD for one bad byte.
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : 0x80;   // no overlong forms
        high = lead == 0xed ? 0x9f : 0xbf;  // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        low = lead == 0xf0 ? 0x90 : 0x80;
        high = lead == 0xf4 ? 0x8f : 0xbf;
    }
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
        const unsigned char c = byte(i + k);
        valid = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xbf);
    }
    if (!valid) {
        out += "\xEF\xBF\xBD";
        ++i;
        return;
    }
    out.append(text.substr(i, length));
    i += length;
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            append_utf8(out, text, i);
            continue;
        }
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(c);
        }
        ++i;
    }
    return out;
}

field_text text_of(const lua::param_spec& spec) {
    field_text out;
    const auto& description = spec.description;
    const auto newline = description.find('\n');
    out.label = description.substr(0, newline);
    if (newline != std::string::npos) {
        out.help = description.substr(newline + 1);
        const auto first = out.help.find_first_not_of(" \t\r\n");
        out.help = first == std::string::npos
                       ? ""
                       : out.help.substr(first, out.help.find_last_not_of(" \t\r\n") - first + 1);
    }
    while (!out.label.empty() && (out.label.back() == ' ' || out.label.back() == '\r'))
        out.label.pop_back();
    if (out.label.empty())
        out.label = humanised(spec.name);
    return out;
}

std::map<std::string, std::string> default_values(const form_binding& form) {
    std::map<std::string, std::string> out;
    for (const auto& spec : form.fields)
        if (spec.default_value)
            out[spec.name] = value_text(*spec.default_value);
    return out;
}

std::string render_form_page(const form_binding& form, const form_view& view) {
    std::string body = "<h1>" + escaped(form.title) + "</h1>\n";
    if (!form.description.empty())
        body += "<p>" + escaped(form.description) + "</p>\n";
    body += error_summary(form, view);
    const bool any_required = std::any_of(form.fields.begin(), form.fields.end(),
                                          [](const auto& f) { return f.required; });
    if (any_required)
        body += "<p class=\"help\">Fields marked <span class=\"req\">*</span> are required.</p>\n";
    body += "<form method=\"post\" action=\"" + escaped(view.action) +
            "\" accept-charset=\"utf-8\">\n<input type=\"hidden\" name=\"" +
            std::string(csrf_field) + "\" value=\"" + escaped(view.csrf_token) + "\">\n";
    for (const auto& spec : form.fields)
        body += field_writer(spec, view).html();
    body += "<button type=\"submit\">" + escaped(form.submit_label) + "</button>\n</form>\n";
    return document(form.title, body);
}

std::string render_message_page(const message_page& page) {
    std::string body = "<h1" + std::string(page.is_error ? " role=\"alert\"" : "") + ">" +
                       escaped(page.heading) + "</h1>\n";
    for (const auto& paragraph : page.paragraphs)
        body += "<p>" + escaped(paragraph) + "</p>\n";
    if (!page.link_href.empty())
        body += "<p><a href=\"" + escaped(page.link_href) + "\">" + escaped(page.link_text) +
                "</a></p>\n";
    return document(page.title, body);
}

}  // namespace tocsin::triggers
