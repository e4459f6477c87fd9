#include "triggers/form/form_routes.hpp"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "engine/api/arm_request.hpp"
#include "engine/api/runner_routes.hpp"
#include "engine/auth/rate_limiter.hpp"
#include "engine/auth/roles.hpp"
#include "engine/core/uuid.hpp"
#include "engine/error.hpp"
#include "engine/http/error_mapping.hpp"
#include "engine/http/url.hpp"
#include "engine/model/enums.hpp"
#include "triggers/form/form_answers.hpp"
#include "triggers/form/form_binding.hpp"
#include "triggers/form/form_csrf.hpp"
#include "triggers/form/form_exchange.hpp"
#include "triggers/form/form_page.hpp"
#include "triggers/form/form_responses.hpp"
#include "triggers/shared/synchronous_run.hpp"

namespace tocsin::triggers {

namespace {

using boost::asio::awaitable;
using nlohmann::json;

struct form_settings {
    std::filesystem::path key_file;
    std::chrono::seconds csrf_lifetime{86400};
    auth::rate_limit limit;
};

form_settings settings_of(const config& cfg) {
    const auto& v = cfg.values;
    form_settings out;
    const std::filesystem::path file = v.value("forms.csrf_key_file", std::string());
    out.key_file = file.empty() ? cfg.data_dir / "forms.key"
                                : (file.is_relative() ? cfg.data_dir / file : file);
    out.csrf_lifetime = std::chrono::seconds(v.value("forms.csrf_ttl_s", std::int64_t{86400}));
    const auto per_minute = v.value("forms.rate_limit_per_minute", std::int64_t{30});
    const auto burst = v.value("forms.rate_limit_burst", std::int64_t{10});
    out.limit.per_second = static_cast<double>(per_minute) / 60.0;
    out.limit.burst =
        static_cast<double>(burst > 0 ? burst : std::max<std::int64_t>(1, per_minute));
    return out;
}

std::string key_of(const std::filesystem::path& file) {
    std::error_code ignored;
    std::filesystem::create_directories(file.parent_path(), ignored);
    return load_or_create_csrf_key(file);
}

struct form_state {
    form_state(runner::runner_component& r, const clock& t, const form_settings& s)
        : runner(r), time(t), csrf(key_of(s.key_file), s.csrf_lifetime, t), limiter(s.limit) {}

    runner::runner_component& runner;
    const clock& time;
    csrf_tokens csrf;
    auth::rate_limiter limiter;
};

form_binding binding_for(form_state& state, const std::string& name) {
    auto found = find_form(state.runner.catalog(), name);
    if (!found.problem.empty())
        throw error(errc::config, found.problem);
    if (!found.binding)
        throw error(errc::not_found, "No form is published under the name '" + name + "'.", "name");
    return std::move(*found.binding);
}

// The refusal to answer, or nullopt when the caller may use the form.
awaitable<std::optional<http::response>> authenticate(api::context& ctx, const form_binding& form,
                                                      http::request& req) {
    if (!form.requires_token)
        co_return std::nullopt;
    if (!ctx.authorize)
        throw error(errc::unauthenticated, "The form '" + form.name +
                                               "' needs an API token, and API tokens are not "
                                               "available on this server.");
    auto refused = co_await ctx.authorize(req, auth::permission::playbooks_run);
    if (refused)
        add_form_security_headers(*refused);
    co_return refused;
}

std::string media_type(const http::request& req) {
    auto type = std::string(req.header("content-type").value_or(""));
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ')
        type.pop_back();
    for (auto& c : type)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return type;
}

bool is_json(const std::string& type) {
    return type == "application/json" ||
           (type.starts_with("application/") && type.ends_with("+json"));
}

// An error answers as the request would be answered: a browser post or page request a page.
bool answers_with_page(const http::request& req) {
    if (req.method() == http::verb::post)
        return media_type(req) == "application/x-www-form-urlencoded";
    return prefers_html(req);
}

runner::run_request request_for(const form_binding& form, const form_answers& answers,
                                json trigger) {
    runner::run_request run;
    run.playbook = form.playbook;
    run.trigger_kind = "form";
    run.trigger = std::move(trigger);
    run.params = answers.params;
    run.run_id = new_time_ordered_uuid();
    return run;
}

trigger_origin origin_of(const form_binding& form, const http::request& req) {
    trigger_origin out;
    if (form.requires_token) {
        const auto actor = api::actor_of(req);
        out.requested_by = json{{"id", actor.id}, {"name", actor.name}};
    }
    return out;
}

awaitable<http::response> show(api::context& ctx, form_state& state, http::request& req) {
    const auto form = binding_for(state, req.param("name"));
    if (auto refused = co_await authenticate(ctx, form, req))
        co_return std::move(*refused);
    co_return form_page_response(req, state.csrf, form, 200, default_values(form), {});
}

awaitable<http::response> submit_from_browser(api::context& ctx, form_state& state,
                                              const form_binding& form, http::request& req) {
    auto parsed = http::parse_target("/?" + req.body());
    if (!parsed)
        throw error(errc::invalid_argument, "The form's data could not be read.", "body");
    const auto& posted = parsed.value().query;
    const auto verdict = state.csrf.verify(
        form.name, cookie_value(req, csrf_cookie_name(form.name)), posted.find(csrf_field));
    if (verdict != csrf_verdict::valid) {
        spdlog::info("form '{}': refused a browser submission from {}: CSRF token {}", form.name,
                     req.remote().address, to_string(verdict));
        co_return csrf_refusal_page(form);
    }
    auto answers = read_posted_answers(form, posted);
    if (!answers.ok())
        co_return form_page_response(req, state.csrf, form, 400, answers.entered, answers.errors);
    auto run = request_for(
        form, answers, form_trigger(form, answers, origin_of(form, req), req, state.time.now()));
    const auto run_id = run.run_id;
    auto record = co_await run_and_wait(ctx, state.runner, std::move(run), form.timeout);
    if (!record)
        co_return still_running_page(form, run_id);
    co_return outcome_page(req, state.csrf, form, *record, answers);
}

awaitable<http::response> submit_json(api::context& ctx, form_state& state,
                                      const form_binding& form, http::request& req) {
    const auto body = json::parse(req.body(), nullptr, false);
    if (body.is_discarded())
        throw error(errc::invalid_argument, "The request body is not valid JSON.", "body");
    auto submission = read_json_submission(body);
    auto answers = read_json_answers(form, submission.answers);
    if (!answers.ok())
        co_return invalid_answers_json(answers.errors);
    auto origin = origin_of(form, req);
    origin.responder = std::move(submission.responder);
    origin.submit_date = std::move(submission.submit_date);
    auto run =
        request_for(form, answers, form_trigger(form, answers, origin, req, state.time.now()));
    const auto run_id = run.run_id;
    auto record = co_await run_and_wait(ctx, state.runner, std::move(run), form.timeout);
    if (!record) {
        auto accepted = api::run_accepted(req, run_id);
        add_form_security_headers(accepted);
        co_return accepted;
    }
    co_return outcome_json(*record);
}

awaitable<http::response> submit(api::context& ctx, form_state& state, http::request& req) {
    const auto type = media_type(req);
    const auto allowed = state.limiter.take("form " + req.remote().address, state.time.now());
    if (!allowed.allowed)
        co_return too_many_submissions(answers_with_page(req), allowed.retry_after);
    const auto form = binding_for(state, req.param("name"));
    if (auto refused = co_await authenticate(ctx, form, req))
        co_return std::move(*refused);
    if (type == "application/x-www-form-urlencoded")
        co_return co_await submit_from_browser(ctx, state, form, req);
    if (is_json(type))
        co_return co_await submit_json(ctx, state, form, req);
    throw http::http_error(415, errc::unsupported,
                           "Send a form as application/x-www-form-urlencoded (what browsers do) "
                           "or as application/json.",
                           "Content-Type");
}

using form_handler = awaitable<http::response> (*)(api::context&, form_state&, http::request&);

// Every answer, errors included, goes out as the request wants it and with the security headers.
awaitable<http::response> answer(form_handler handler, api::context& ctx, form_state& state,
                                 http::request& req) {
    std::exception_ptr failure;
    try {
        auto out = co_await handler(ctx, state, req);
        add_form_security_headers(out);
        co_return out;
    } catch (...) {
        failure = std::current_exception();
    }
    co_return error_answer(failure, answers_with_page(req), req.method_name() + " " + req.path());
}

}  // namespace

api::route_module form_routes(runner::runner_component& runner, form_route_options options) {
    return [&runner, options](http::router& routes, api::context& ctx) {
        auto state = std::make_shared<form_state>(runner, *options.time, settings_of(ctx.settings));
        routes.add(http::verb::get, "/forms/{name}",
                   [state, &ctx](http::request& req) { return answer(show, ctx, *state, req); },
                   {.permission = std::string(http::public_access)});
        routes.add(http::verb::post, "/forms/{name}",
                   [state, &ctx](http::request& req) { return answer(submit, ctx, *state, req); },
                   {.permission = std::string(http::public_access)});
    };
}

}  // namespace tocsin::triggers
