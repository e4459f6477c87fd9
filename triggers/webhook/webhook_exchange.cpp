#include "triggers/webhook/webhook_exchange.hpp"

#include "engine/api/runner_routes.hpp"
#include "engine/error.hpp"
#include "engine/http/url.hpp"
#include "engine/model/enums.hpp"

namespace tocsin::triggers {

namespace {

using nlohmann::json;

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

// Fields as a table; a name seen twice becomes a list of its values, in order.
json table_of(const http::fields& items, bool lower_names) {
    json out = json::object();
    for (const auto& [raw_name, value] : items) {
        const auto name = lower_names ? lower(raw_name) : raw_name;
        auto it = out.find(name);
        if (it == out.end()) {
            out[name] = value;
        } else if (it->is_array()) {
            it->push_back(value);
        } else {
            *it = json::array({*it, value});
        }
    }
    return out;
}

bool is_credential_header(std::string_view name, const webhook_binding& binding) {
    return model::iequals(name, "authorization") || model::iequals(name, "cookie") ||
           (binding.auth.kind == webhook_auth_kind::token &&
            model::iequals(name, binding.auth.header));
}

std::string media_type(const http::request& req) {
    auto type = lower(req.header("content-type").value_or(""));
    if (const auto semicolon = type.find(';'); semicolon != std::string::npos)
        type.resize(semicolon);
    while (!type.empty() && type.back() == ' ')
        type.pop_back();
    return type;
}

json body_of(const http::request& req, const std::string& type) {
    const auto& body = req.body();
    if (body.empty())
        return nullptr;
    if (type == "application/json" ||
        (type.starts_with("application/") && type.ends_with("+json"))) {
        auto parsed = json::parse(body, nullptr, false);
        if (parsed.is_discarded())
            throw error(errc::invalid_argument, "The request body is not valid JSON.", "body");
        return parsed;
    }
    if (type == "application/x-www-form-urlencoded") {
        auto parsed = http::parse_target("/?" + body);
        if (!parsed)
            throw error(errc::invalid_argument, "The form body is not valid URL-encoded data.",
                        "body");
        return table_of(parsed.value().query, false);
    }
    return body;
}

// A playbook chooses response headers, but cannot split the response or forge framing.
bool is_safe_header(std::string_view name, std::string_view value) {
    if (name.empty() || name.find_first_of(" :\r\n\t") != std::string_view::npos ||
        value.find_first_of("\r\n") != std::string_view::npos)
        return false;
    for (const auto framing : {"content-length", "transfer-encoding", "connection", "date"})
        if (model::iequals(name, framing))
            return false;
    return true;
}

}  // namespace

json webhook_payload(const webhook_binding& binding, const http::request& req,
                     time_point received) {
    http::fields visible;
    for (const auto& [name, value] : req.headers())
        if (!is_credential_header(name, binding))
            visible.add(name, value);
    const auto type = media_type(req);
    return {
        {"webhook", binding.name},
        {"method", req.method_name()},
        {"path", req.path()},
        {"headers", table_of(visible, true)},
        {"query", table_of(req.query(), false)},
        {"body", body_of(req, type)},
        {"content_type", type},
        {"remote_address", req.remote().address},
        {"received_at", format_time(received)},
    };
}

http::response webhook_response(const store::run_record& run) {
    if (run.status != "succeeded") {
        auto out = http::response::error(500, "PlaybookRunFailed",
                                         "The playbook run " + run.id + " ended as " + run.status +
                                             "; see GET " + api::run_location(run.id) + ".");
        out.headers.set("X-Tocsin-Run-Id", run.id);
        return out;
    }
    const json& result = run.result;
    http::response out;
    const auto status = result.is_object() ? result.find("status") : result.end();
    if (result.is_object() && status != result.end() && status->is_number_integer() &&
        status->get<int>() >= 200 && status->get<int>() <= 599) {
        const auto body = result.find("body");
        if (body == result.end() || body->is_null()) {
            out = http::response::text(status->get<int>(), "");
            out.headers.erase("Content-Type");
        } else if (body->is_string()) {
            out = http::response::text(status->get<int>(), body->get<std::string>());
        } else {
            out = http::response::json(status->get<int>(), *body);
        }
        if (const auto headers = result.find("headers");
            headers != result.end() && headers->is_object()) {
            for (const auto& [name, value] : headers->items())
                if (value.is_string() && is_safe_header(name, value.get_ref<const std::string&>()))
                    out.headers.set(name, value.get<std::string>());
        }
    } else if (result.is_null()) {
        out = http::response::no_content();
    } else {
        out = http::response::json(200, result);
    }
    out.headers.set("X-Tocsin-Run-Id", run.id);
    return out;
}

}  // namespace tocsin::triggers
