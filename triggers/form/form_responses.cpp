#include "triggers/form/form_responses.hpp"

#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/http/error_mapping.hpp"
#include "engine/http/url.hpp"
#include "engine/model/enums.hpp"
#include "triggers/form/form_page.hpp"

namespace tocsin::triggers {

namespace {

using nlohmann::json;

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

// The q of each media range the Accept header lists, lower-cased ("text/html" → 1.0).
std::map<std::string, double> accepted_ranges(std::string_view accept) {
    std::map<std::string, double> out;
    while (!accept.empty()) {
        const auto comma = accept.find(',');
        const auto item = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
        const auto semicolon = item.find(';');
        auto range = trimmed(item.substr(0, semicolon));
        for (auto& c : range)
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        double q = 1.0;
        if (semicolon != std::string_view::npos) {
            const auto params = item.substr(semicolon + 1);
            if (const auto at = params.find("q="); at != std::string_view::npos) {
                const auto text = trimmed(params.substr(at + 2, params.find(';', at) - at - 2));
                if (std::from_chars(text.data(), text.data() + text.size(), q).ec != std::errc{})
                    q = 0;
            }
        }
        if (!range.empty())
            out[range] = std::max(out[range], q);
    }
    return out;
}

std::optional<double> q_of(const std::map<std::string, double>& ranges, std::string_view range) {
    const auto it = ranges.find(std::string(range));
    return it == ranges.end() ? std::nullopt : std::optional<double>(it->second);
}

http::response page(int status, std::string html) {
    auto out = http::response::html(status, std::move(html));
    add_form_security_headers(out);
    return out;
}

http::response json_answer(int status, const json& body) {
    auto out = http::response::json(status, body);
    add_form_security_headers(out);
    return out;
}

message_page message(const form_binding& form, std::string heading,
                     std::vector<std::string> paragraphs) {
    return {
        .title = form.title, .heading = std::move(heading), .paragraphs = std::move(paragraphs)};
}

std::string error_heading(int status) {
    switch (status) {
        case 400:
            return "The request could not be read";
        case 401:
            return "Sign-in required";
        case 403:
            return "Access denied";
        case 404:
            return "Form not found";
        case 413:
            return "The submission is too large";
        case 415:
            return "Unsupported submission";
        case 429:
            return "Too many submissions";
    }
    return status >= 500 ? "Something went wrong" : "The request could not be completed";
}

}  // namespace

void add_form_security_headers(http::response& out) {
    out.headers.set("Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                    "frame-ancestors 'none'; base-uri 'none'");
    out.headers.set("X-Frame-Options", "DENY");
    out.headers.set("Referrer-Policy", "same-origin");
    out.headers.set("Cache-Control", "no-store");
    out.headers.set("X-Content-Type-Options", "nosniff");
}

bool prefers_html(const http::request& req) {
    const auto ranges = accepted_ranges(req.header("accept").value_or(""));
    const auto html = q_of(ranges, "text/html");
    if (!html || *html <= 0)
        return false;
    auto json = q_of(ranges, "application/json");
    if (!json)
        json = q_of(ranges, "application/*");
    if (!json)
        json = q_of(ranges, "*/*");
    return *html >= json.value_or(0);
}

std::string form_path(const form_binding& form) {
    return "/forms/" + http::encode_component(form.name);
}

http::response form_page_response(const http::request& req, const csrf_tokens& csrf,
                                  const form_binding& form, int status,
                                  std::map<std::string, std::string> values,
                                  std::map<std::string, std::string> errors) {
    const auto token = csrf.issue(form.name);
    form_view view{.action = form_path(form),
                   .csrf_token = token,
                   .values = std::move(values),
                   .errors = std::move(errors)};
    auto out = page(status, render_form_page(form, view));
    out.headers.set("Set-Cookie", csrf_set_cookie(form.name, token, csrf.lifetime(), req.secure()));
    return out;
}

http::response csrf_refusal_page(const form_binding& form) {
    auto view = message(form, "Please reload the form",
                        {"For your security, this form can only be sent from a page that was "
                         "loaded recently in this browser, and this one was not (it may have "
                         "been open for too long, or cookies may be blocked).",
                         "Reload the form, fill it in and send it again."});
    view.link_href = form_path(form);
    view.link_text = "Reload the form";
    view.is_error = true;
    return page(403, render_message_page(view));
}

http::response outcome_page(const http::request& req, const csrf_tokens& csrf,
                            const form_binding& form, const store::run_record& run,
                            const form_answers& answers) {
    const auto outcome = outcome_of(run);
    http::response out;
    switch (outcome.what) {
        case form_outcome::kind::field_errors:
            out = form_page_response(req, csrf, form, 400, answers.entered, outcome.errors);
            break;
        case form_outcome::kind::failed: {
            auto view =
                message(form, "Something went wrong",
                        {"Your response could not be processed. Please try again later, or contact "
                         "the security team and quote this reference: " +
                         run.id + "."});
            view.is_error = true;
            out = page(500, render_message_page(view));
            break;
        }
        case form_outcome::kind::incident: {
            std::vector<std::string> paragraphs;
            if (!outcome.incident_title.empty())
                paragraphs.push_back("“" + outcome.incident_title + "”");
            paragraphs.push_back(outcome.message.empty()
                                     ? "Thank you. The security team has your report."
                                     : outcome.message);
            auto view =
                message(form, "Incident #" + std::to_string(*outcome.incident_number) + " created",
                        std::move(paragraphs));
            view.link_href = form_path(form);
            view.link_text = "Send another response";
            out = page(200, render_message_page(view));
            break;
        }
        case form_outcome::kind::message:
        case form_outcome::kind::thanks: {
            auto view = message(
                form, "Thank you",
                {outcome.message.empty() ? "Your response has been received." : outcome.message});
            view.link_href = form_path(form);
            view.link_text = "Send another response";
            out = page(200, render_message_page(view));
            break;
        }
    }
    out.headers.set("X-Tocsin-Run-Id", run.id);
    return out;
}

http::response still_running_page(const form_binding& form, const std::string& run_id) {
    auto out = page(202, render_message_page(
                             message(form, "Response received",
                                     {"Thank you. Your response was received and is still being "
                                      "processed.",
                                      "Reference: " + run_id + "."})));
    out.headers.set("X-Tocsin-Run-Id", run_id);
    return out;
}

http::response outcome_json(const store::run_record& run) {
    const auto outcome = outcome_of(run);
    http::response out;
    if (outcome.what == form_outcome::kind::failed) {
        out = json_answer(500,
                          {{"error",
                            {{"code", "PlaybookRunFailed"},
                             {"message", "The playbook run " + run.id + " ended as " + run.status +
                                             "; see GET /api/v1/runs/" + run.id + "."}}}});
    } else if (outcome.what == form_outcome::kind::field_errors) {
        out = invalid_answers_json(outcome.errors);
    } else {
        out = json_answer(200, {{"status", run.status}, {"runId", run.id}, {"result", run.result}});
    }
    out.headers.set("X-Tocsin-Run-Id", run.id);
    return out;
}

http::response invalid_answers_json(const std::map<std::string, std::string>& errors) {
    json details = json::array();
    std::string fields;
    for (const auto& [field, text] : errors) {
        json detail = {{"code", "InvalidAnswer"}, {"message", text}};
        if (!field.empty())
            detail["target"] = field;
        details.push_back(std::move(detail));
        if (!field.empty())
            fields += (fields.empty() ? "" : ", ") + field;
    }
    const auto summary = fields.empty() ? std::string("The submission was refused.")
                                        : "The submission has answers to correct: " + fields + ".";
    return json_answer(
        400, {{"error",
               {{"code", "BadRequest"}, {"message", summary}, {"details", std::move(details)}}}});
}

http::response too_many_submissions(bool as_page, std::chrono::milliseconds retry_after) {
    const auto seconds = std::max<std::int64_t>(1, (retry_after.count() + 999) / 1000);
    const std::string text = "Too many submissions from this address; try again in " +
                             std::to_string(seconds) + " seconds.";
    auto out =
        as_page
            ? page(429, render_message_page({.title = "Too many submissions",
                                             .heading = "Too many submissions",
                                             .paragraphs = {text},
                                             .is_error = true}))
            : json_answer(429, {{"error", {{"code", http::arm_code_for(429)}, {"message", text}}}});
    out.headers.set("Retry-After", std::to_string(seconds));
    return out;
}

http::response error_answer(std::exception_ptr failure, bool as_page, std::string_view context) {
    auto out = http::exception_response(std::move(failure), context);
    if (as_page) {
        std::string text = "The request could not be completed.";
        const auto body = json::parse(out.body, nullptr, false);
        if (body.is_object() && body.contains("error") && body["error"].contains("message") &&
            body["error"]["message"].is_string())
            text = body["error"]["message"].get<std::string>();
        auto headers = out.headers;
        const auto heading = error_heading(out.status);
        out = http::response::html(
            out.status,
            render_message_page(
                {.title = heading, .heading = heading, .paragraphs = {text}, .is_error = true}));
        for (const auto& [name, value] : headers)
            if (!model::iequals(name, "content-type"))
                out.headers.set(name, value);
    }
    add_form_security_headers(out);
    return out;
}

}  // namespace tocsin::triggers
