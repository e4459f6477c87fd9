#pragma once
// The answers of the form routes, for browsers (HTML pages, form_page.hpp) and for JSON clients
// (ARM error bodies, {status, runId, result}). Every answer carries the forms' security headers.
//
// Which one an error gets: a browser post (x-www-form-urlencoded) a page; a JSON post JSON; a GET
// a page when its Accept header names text/html at least as high as application/json (what
// every browser sends), else the ARM error body (curl's */* gets JSON; a form itself is always
// HTML).
// Pure apart from the CSRF token issued with each form page; thread-safe.

#include <chrono>
#include <exception>
#include <map>
#include <string>

#include "engine/http/request.hpp"
#include "engine/http/response.hpp"
#include "engine/store/run_record.hpp"
#include "triggers/form/form_binding.hpp"
#include "triggers/form/form_csrf.hpp"
#include "triggers/form/form_exchange.hpp"

namespace tocsin::triggers {

// Content-Security-Policy (nothing but inline style; posts to this origin only), X-Frame-Options
// DENY, Referrer-Policy same-origin, Cache-Control no-store, X-Content-Type-Options nosniff.
void add_form_security_headers(http::response& out);

bool prefers_html(const http::request& req);

// "/forms/<name>", escaped for a URL path.
std::string form_path(const form_binding& form);

// The form (status 200 first, 400 again with errors), with a new CSRF token in the hidden field
// and in its cookie.
http::response form_page_response(const http::request& req, const csrf_tokens& csrf,
                                  const form_binding& form, int status,
                                  std::map<std::string, std::string> values,
                                  std::map<std::string, std::string> errors);

// 403: the CSRF token is missing or invalid; the page says to reload the form.
http::response csrf_refusal_page(const form_binding& form);

// What a browser sees once the run has ended (the form again for a playbook's field errors).
http::response outcome_page(const http::request& req, const csrf_tokens& csrf,
                            const form_binding& form, const store::run_record& run,
                            const form_answers& answers);
// 202: the run outlasted the form's timeout and goes on.
http::response still_running_page(const form_binding& form, const std::string& run_id);

// JSON: 200 {status, runId, result}; 400 with the playbook's field errors; 500 for a failed run.
http::response outcome_json(const store::run_record& run);
// 400 ARM error whose details name each field: {"code": "InvalidAnswer", "message", "target"}.
http::response invalid_answers_json(const std::map<std::string, std::string>& errors);

// 429 with Retry-After (whole seconds, at least 1), as a page or as JSON.
http::response too_many_submissions(bool as_page, std::chrono::milliseconds retry_after);

// An error thrown by the routes, as the ARM body the API would answer (5xx logged with
// `context`, generic), or as a page with the same status and headers.
http::response error_answer(std::exception_ptr failure, bool as_page, std::string_view context);

}  // namespace tocsin::triggers
