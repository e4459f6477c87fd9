// Built-in plugin `http`: outgoing HTTP(S) requests from playbooks (threat intel look-ups,
// ticketing APIs, …). Asynchronous end to end (engine/net/http_client): a waiting request holds
// no thread. Any HTTP status is an answer ({status, headers, body, json}); only transport
// failures are `nil, err` (see http_client.hpp for codes and which are retryable).
//
// Instance settings (plugins.instances "http:<name>"): base_url, headers, auth, verify_tls,
// ca_file, timeout_ms. Header values and auth credentials may be "secret:NAME" references; they
// are resolved here, per call, and the values never leave the plugin except on the wire.
#include <algorithm>

#include <boost/beast/core/string.hpp>

#include "engine/net/encoding.hpp"
#include "engine/net/http_client.hpp"
#include "engine/net/url.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;
using plugin::field;
using plugin::value_type;

constexpr std::int64_t default_timeout_ms = 30000;
constexpr std::int64_t max_timeout_ms = 300000;
constexpr std::int64_t default_max_response = 10 * 1024 * 1024;
constexpr std::int64_t max_max_response = 64 * 1024 * 1024;

// Settings → headers: the instance's default headers, then its auth.
result<net::header_list> instance_headers(const plugin::services& svc, const json& settings) {
    net::header_list out;
    if (const auto it = settings.find("headers"); it != settings.end() && it->is_object()) {
        for (const auto& [name, value] : it->items()) {
            auto v = plugin::resolve_setting(svc.secrets, value, "header '" + name + "'");
            if (!v)
                return v.error();
            out.emplace_back(name, std::move(v).value());
        }
    }
    const auto auth = settings.find("auth");
    if (auth == settings.end() || !auth->is_object())
        return out;
    const auto type = auth->value("type", std::string("bearer"));
    auto setting = [&](const char* key) -> result<std::string> {
        const auto it = auth->find(key);
        if (it == auth->end())
            return error_info{errc::invalid_argument,
                              std::string("instance auth '") + type + "' needs '" + key + "'",
                              {}};
        return plugin::resolve_setting(svc.secrets, *it, std::string("auth ") + key);
    };
    if (type == "bearer") {
        auto token = setting("token");
        if (!token)
            return token.error();
        out.emplace_back("Authorization", "Bearer " + token.value());
    } else if (type == "basic") {
        auto user = setting("username");
        auto pass = setting("password");
        if (!user)
            return user.error();
        if (!pass)
            return pass.error();
        out.emplace_back("Authorization",
                         "Basic " + net::base64_encode(user.value() + ":" + pass.value()));
    } else if (type == "header") {
        auto name = setting("header");
        auto value = setting("value");
        if (!name)
            return name.error();
        if (!value)
            return value.error();
        out.emplace_back(name.value(), value.value());
    } else {
        return error_info{errc::invalid_argument,
                          "instance auth type '" + type + "' is not bearer, basic or header",
                          {}};
    }
    return out;
}

void set_header(net::header_list& headers, const std::string& name, std::string value) {
    headers.erase(
        std::remove_if(headers.begin(), headers.end(),
                       [&](const auto& h) { return boost::beast::iequals(h.first, name); }),
        headers.end());
    headers.emplace_back(name, std::move(value));
}

bool has_header(const net::header_list& headers, std::string_view name) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return boost::beast::iequals(h.first, name); });
}

std::string query_text(const json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

// The request an action call describes, with the instance's settings applied.
result<net::http_request> build_request(const plugin::services& svc,
                                        const plugin::action_call& call) {
    const auto& in = call.input;
    const auto& settings = call.instance_settings;
    net::http_request req;
    req.method = in.value("method", std::string("GET"));
    std::transform(req.method.begin(), req.method.end(), req.method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });

    const auto url = text(in, "url");
    const auto base = settings.value("base_url", std::string());
    if (!base.empty() && url.find("://") != std::string::npos && url.rfind(base, 0) != 0)
        // The instance's credentials must not travel to another host.
        return error_info{errc::invalid_argument,
                          "'url' must be relative to the instance's base_url", "url"};
    req.url = net::join_url(base, url);
    if (const auto it = in.find("query"); it != in.end() && it->is_object()) {
        std::vector<std::pair<std::string, std::string>> query;
        for (const auto& [name, value] : it->items()) {
            if (value.is_array())
                for (const auto& item : value)
                    query.emplace_back(name, query_text(item));
            else if (!value.is_null())
                query.emplace_back(name, query_text(value));
        }
        req.url = net::with_query(req.url, query);
    }

    auto headers = instance_headers(svc, settings);
    if (!headers)
        return error_info{headers.error().code, "instance settings: " + headers.error().message,
                          "_instance"};
    req.headers = std::move(headers).value();
    if (const auto it = in.find("headers"); it != in.end() && it->is_object())
        for (const auto& [name, value] : it->items())
            set_header(req.headers, name, query_text(value));

    if (const auto it = in.find("body"); it != in.end() && !it->is_null()) {
        if (it->is_string()) {
            req.body = it->get<std::string>();
        } else {
            req.body = it->dump();
            if (!has_header(req.headers, "Content-Type"))
                req.headers.emplace_back("Content-Type", "application/json");
        }
    }
    if (!has_header(req.headers, "Accept"))
        req.headers.emplace_back("Accept", "application/json, */*;q=0.5");

    const auto timeout_ms = in.contains("timeout_ms")
                                ? in["timeout_ms"].get<std::int64_t>()
                                : settings.value("timeout_ms", default_timeout_ms);
    if (timeout_ms < 1 || timeout_ms > max_timeout_ms)
        return error_info{errc::invalid_argument,
                          "'timeout_ms' must be from 1 to " + std::to_string(max_timeout_ms),
                          "timeout_ms"};
    // The engine's per-call timeout bounds the request, so the client's error (which says what
    // was slow) comes first.
    req.timeout = std::min(std::chrono::milliseconds(timeout_ms), call.timeout);
    req.verify_tls = in.contains("verify_tls") ? in["verify_tls"].get<bool>()
                                               : settings.value("verify_tls", true);
    req.ca_file = settings.value("ca_file", std::string());
    const auto limit = in.value("max_response_bytes", default_max_response);
    if (limit < 0 || limit > max_max_response)
        return error_info{
            errc::invalid_argument,
            "'max_response_bytes' must be from 0 to " + std::to_string(max_max_response),
            "max_response_bytes"};
    req.max_response_bytes = static_cast<std::size_t>(limit);
    return req;
}

bool is_json_type(const std::optional<std::string>& content_type) {
    if (!content_type)
        return false;
    std::string t = content_type->substr(0, content_type->find(';'));
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return t == "application/json" || (t.size() > 5 && t.compare(t.size() - 5, 5, "+json") == 0);
}

json response_json(const net::http_response& r, const std::string& url) {
    json headers = json::object();
    for (const auto& [name, value] : r.headers) {
        std::string key = name;
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto& slot = headers[key];
        slot = slot.is_string() ? json(slot.get<std::string>() + ", " + value) : json(value);
    }
    json out = {{"status", r.status},
                {"ok", r.status >= 200 && r.status < 300},
                {"url", url},
                {"headers", std::move(headers)}};
    // Lua strings may hold any bytes, but run records are JSON: a body that is not UTF-8 is
    // returned in base64 instead.
    if (net::is_valid_utf8(r.body)) {
        out["body"] = r.body;
    } else {
        out["body"] = nullptr;
        out["body_base64"] = net::base64_encode(r.body);
    }
    if (is_json_type(r.header("Content-Type"))) {
        auto parsed = json::parse(r.body, nullptr, false);
        if (!parsed.is_discarded())
            out["json"] = std::move(parsed);
    }
    return out;
}

void run_request(const plugin::services& svc, const plugin::action_call& call,
                 plugin::completion done) {
    auto req = build_request(svc, call);
    if (!req)
        return done(req.error());
    const auto url = req.value().url;
    net::async_http_request(svc.io, std::move(req).value(),
                            [done = std::move(done), url](result<net::http_response> r) {
                                if (!r)
                                    return done(r.error());
                                done(response_json(r.value(), url));
                            });
}

field object_field(std::string name, std::string description) {
    return make_field(std::move(name), value_type::object, false, std::move(description));
}

std::vector<field> common_fields() {
    field timeout = make_field("timeout_ms", value_type::integer, false,
                               "whole-exchange timeout; default the instance's or 30000");
    return {
        string_field("url", true, "absolute URL, or relative to the instance's base_url", 8192),
        object_field("headers", "request headers {name: value}; override the instance's"),
        object_field("query", "query parameters {name: value or list}, URL-encoded"),
        timeout,
    };
}

plugin::action_descriptor make_action(std::string name, std::string description,
                                      std::vector<field> fields, unsigned attempts,
                                      std::function<void(plugin::action_call&)> shape) {
    plugin::action_descriptor a;
    a.name = "http." + std::move(name);
    a.description = std::move(description);
    a.input.fields = std::move(fields);
    a.side_effects = true;
    a.idempotent = attempts > 1;
    a.errors = {errc::invalid_argument, errc::not_found,       errc::unavailable,
                errc::timeout,          errc::unauthenticated, errc::limit_exceeded};
    a.default_timeout = std::chrono::milliseconds(max_timeout_ms + 5000);
    a.retry.attempts = attempts;
    a.output_example = {{"status", 200},
                        {"ok", true},
                        {"url", "https://api.example.com/v1/items"},
                        {"headers", {{"content-type", "application/json"}}},
                        {"body", "{\"items\":[]}"},
                        {"json", {{"items", json::array()}}}};
    a.run = [shape = std::move(shape)](const plugin::services& svc, plugin::action_call call,
                                       plugin::completion done) {
        if (shape)
            shape(call);
        run_request(svc, call, std::move(done));
    };
    return a;
}

}  // namespace

plugin::plugin_descriptor register_http() {
    plugin::plugin_descriptor p{"http", "1.0.0", "Outgoing HTTP(S) requests", {}};

    auto request_fields = common_fields();
    request_fields.insert(request_fields.begin(), choice_field("method", false, "HTTP method",
                                                               {"GET", "HEAD", "POST", "PUT",
                                                                "PATCH", "DELETE", "OPTIONS"}));
    request_fields.front().default_value = "GET";
    request_fields.push_back(make_field(
        "body", value_type::any, false,
        "a string is sent as is; a table is sent as JSON with Content-Type application/json"));
    request_fields.push_back(make_field("verify_tls", value_type::boolean, false,
                                        "verify the server certificate (default true)"));
    request_fields.push_back(make_field("max_response_bytes", value_type::integer, false,
                                        "largest response body accepted (default 10 MiB)"));

    auto post_fields = common_fields();
    post_fields.push_back(with_example(make_field("body", value_type::any, true, "sent as JSON"),
                                       {{"host", "ws-042"}, {"action", "isolate"}}));

    p.actions = {
        make_action("request",
                    "An HTTP(S) request: {status, ok, headers, body, json}. Any status is a "
                    "result; only transport failures are errors. Not retried by the engine.",
                    std::move(request_fields), 1, {}),
        make_action("get", "GET `url`; retried by the engine on transport failures.",
                    common_fields(), 3,
                    [](plugin::action_call& call) { call.input["method"] = "GET"; }),
        make_action("post_json", "POST `body` as JSON to `url`. Not retried by the engine.",
                    std::move(post_fields), 1,
                    [](plugin::action_call& call) {
                        call.input["method"] = "POST";
                        call.input["body"] = call.input.value("body", json(nullptr)).dump();
                        call.input["headers"]["Content-Type"] = "application/json";
                    }),
    };

    field auth = make_field("auth", value_type::object, false,
                            "{type = bearer|basic|header, token | username+password | "
                            "header+value}; values may be secret:NAME");
    auth.fields = {
        choice_field("type", true, "bearer, basic or header", {"bearer", "basic", "header"}),
        string_field("token", false, "bearer token"),
        string_field("username", false, "basic user"),
        string_field("password", false, "basic password"),
        string_field("header", false, "header name"),
        string_field("value", false, "header value")};
    p.settings.fields = {
        string_field("base_url", false, "prefix of relative request URLs", 2048),
        make_field("headers", value_type::object, false,
                   "default headers; values may be secret:NAME"),
        auth,
        make_field("verify_tls", value_type::boolean, false, "default true"),
        string_field("ca_file", false, "extra trusted CA certificates (PEM)"),
        make_field("timeout_ms", value_type::integer, false, "default request timeout"),
    };
    return p;
}

}  // namespace tocsin::plugins
