// Built-in plugin `notify`: tell people. notify.webhook posts a JSON message to a chat webhook
// (Slack- and Teams-compatible {"text": …} plus the structured fields); notify.email sends mail
// through an SMTP relay. Destinations and credentials come from instance settings
// (plugins.instances "notify" / "notify:<name>"), never from playbooks, so that a playbook can
// only reach the places an administrator configured.
#include <boost/beast/core/string.hpp>

#include "engine/net/http_client.hpp"
#include "plugins/notify/mail_message.hpp"
#include "plugins/notify/smtp_client.hpp"
#include "plugins/support/store_action.hpp"

namespace tocsin::plugins {
namespace {

using namespace support;
using plugin::field;
using plugin::value_type;

constexpr std::int64_t default_timeout_ms = 15000;

error_info setting_error(const error_info& e) {
    return error_info{e.code, "instance settings: " + e.message, "_instance"};
}

// ---- notify.webhook ----

json webhook_body(const json& in, const json& settings) {
    json body = settings.value("extra", json::object());
    body["text"] = text(in, "text");
    for (const char* key : {"title", "severity", "link"})
        if (in.contains(key))
            body[key] = in[key];
    if (in.contains("fields"))
        body["fields"] = in["fields"];
    return body;
}

void webhook(const plugin::services& svc, plugin::action_call call, plugin::completion done) {
    const auto& settings = call.instance_settings;
    if (!settings.contains("url"))
        return done(error_info{errc::invalid_argument,
                               "notify.webhook: the instance has no 'url' (configure "
                               "plugins.instances \"notify\" or \"notify:<name>\")",
                               "_instance"});
    auto url = plugin::resolve_setting(svc.secrets, settings["url"], "url");
    if (!url)
        return done(setting_error(url.error()));
    net::http_request req;
    req.method = "POST";
    req.url = std::move(url).value();
    if (const auto it = settings.find("headers"); it != settings.end())
        for (const auto& [name, value] : it->items()) {
            auto v = plugin::resolve_setting(svc.secrets, value, "header '" + name + "'");
            if (!v)
                return done(setting_error(v.error()));
            req.headers.emplace_back(name, std::move(v).value());
        }
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = webhook_body(call.input, settings).dump();
    req.timeout = std::min(
        std::chrono::milliseconds(settings.value("timeout_ms", default_timeout_ms)), call.timeout);
    req.verify_tls = settings.value("verify_tls", true);
    req.ca_file = settings.value("ca_file", std::string());
    req.max_response_bytes = 64 * 1024;
    net::async_http_request(svc.io, std::move(req), [done](result<net::http_response> r) {
        if (!r)
            return done(r.error());
        const auto status = r.value().status;
        if (status >= 200 && status < 300)
            return done(json{{"delivered", true}, {"status", status}});
        // Unlike http.request, a refused notification is a failure: the message did not arrive.
        const auto snippet = r.value().body.substr(0, 200);
        const errc code = status >= 500 || status == 429 || status == 408 ? errc::unavailable
                                                                          : errc::invalid_argument;
        done(error_info{code,
                        "notify.webhook: the webhook answered " + std::to_string(status) +
                            (snippet.empty() ? "" : ": " + snippet),
                        {}});
    });
}

// ---- notify.email ----

std::vector<std::string> address_list(const json& v) {
    std::vector<std::string> out;
    if (v.is_string())
        out.push_back(v.get<std::string>());
    else if (v.is_array())
        for (const auto& item : v)
            if (item.is_string())
                out.push_back(item.get<std::string>());
    return out;
}

result<notify::smtp_settings> smtp_settings_of(const plugin::services& svc, const json& s,
                                               std::chrono::milliseconds call_timeout) {
    notify::smtp_settings out;
    out.host = s.value("host", std::string());
    if (out.host.empty())
        return error_info{errc::invalid_argument,
                          "notify.email: the instance has no SMTP 'host' (configure "
                          "plugins.instances \"notify\" or \"notify:<name>\")",
                          "_instance"};
    out.port = std::to_string(s.value("port", 25));
    out.helo_name = s.value("helo_name", std::string("localhost"));
    const auto policy = s.value("starttls", std::string("opportunistic"));
    out.starttls = policy == "none"       ? notify::starttls_policy::none
                   : policy == "required" ? notify::starttls_policy::required
                                          : notify::starttls_policy::opportunistic;
    out.verify_tls = s.value("verify_tls", true);
    out.ca_file = s.value("ca_file", std::string());
    if (s.contains("username")) {
        auto user = plugin::resolve_setting(svc.secrets, s["username"], "username");
        if (!user)
            return setting_error(user.error());
        out.username = std::move(user).value();
        auto pass = plugin::resolve_setting(svc.secrets, s.value("password", json("")), "password");
        if (!pass)
            return setting_error(pass.error());
        out.password = std::move(pass).value();
    }
    out.timeout = std::min(std::chrono::milliseconds(s.value("timeout_ms", default_timeout_ms * 2)),
                           call_timeout);
    return out;
}

void email(const plugin::services& svc, plugin::action_call call, plugin::completion done) {
    const auto& in = call.input;
    const auto& settings = call.instance_settings;
    auto smtp = smtp_settings_of(svc, settings, call.timeout);
    if (!smtp)
        return done(smtp.error());
    notify::mail m;
    m.from = settings.value("from", std::string());
    if (m.from.empty())
        return done(error_info{errc::invalid_argument,
                               "notify.email: the instance has no 'from' address", "_instance"});
    m.to = address_list(in["to"]);
    m.cc = address_list(in.value("cc", json::array()));
    m.subject = text(in, "subject");
    m.text = text(in, "text");
    m.html = text(in, "html");
    std::string message_id;
    auto message = capture(
        [&] { return notify::build_message(m, std::chrono::system_clock::now(), &message_id); });
    if (!message)
        return done(message.error());
    notify::smtp_envelope envelope;
    envelope.from = m.from;
    envelope.recipients = m.to;
    envelope.recipients.insert(envelope.recipients.end(), m.cc.begin(), m.cc.end());
    envelope.data = notify::dot_stuff(message.value());
    auto recipients = envelope.recipients;
    notify::async_send_mail(
        svc.io, std::move(smtp).value(), std::move(envelope),
        [done, message_id, recipients](result<notify::smtp_result> r) {
            if (!r)
                return done(error_info{r.error().code, "notify.email: " + r.error().message, {}});
            done(json{{"message_id", message_id},
                      {"recipients", recipients},
                      {"tls", r.value().tls},
                      {"reply", r.value().reply}});
        });
}

plugin::action_descriptor make_action(std::string name, std::string description,
                                      std::vector<field> fields, plugin::handler run,
                                      json output_example) {
    plugin::action_descriptor a;
    a.name = "notify." + std::move(name);
    a.output_example = std::move(output_example);
    a.description = std::move(description);
    a.input.fields = std::move(fields);
    a.side_effects = true;
    a.idempotent = false;
    a.errors = {errc::invalid_argument, errc::unavailable, errc::timeout, errc::unauthenticated};
    a.default_timeout = std::chrono::seconds(60);
    // Connection failures mean nothing was delivered; a retried timeout may notify twice, which
    // beats not notifying.
    a.retry.attempts = 3;
    a.run = std::move(run);
    return a;
}

field list_field(std::string name, bool required, std::string description) {
    field f = make_field(std::move(name), value_type::any, required, std::move(description));
    return f;
}

}  // namespace

plugin::plugin_descriptor register_notify() {
    plugin::plugin_descriptor p{"notify", "1.0.0", "Chat webhooks and e-mail", {}};
    p.actions = {
        make_action("webhook",
                    "Posts {text, title, severity, fields, link} as JSON to the instance's "
                    "webhook url (Slack and Teams read `text`).",
                    {with_example(string_field("text", true, "message text", 40000),
                                  "Incident 42 needs a look"),
                     string_field("title", false, "title", 1000),
                     choice_field("severity", false, "severity",
                                  {"Informational", "Low", "Medium", "High"}),
                     make_field("fields", value_type::object, false, "extra facts {name: value}"),
                     string_field("link", false, "a URL to the incident", 4096)},
                    webhook, {{"delivered", true}, {"status", 200}}),
        make_action("email",
                    "Sends an e-mail through the instance's SMTP relay: {message_id, "
                    "recipients}.",
                    {with_example(list_field("to", true, "recipient address or list of addresses"),
                                  "soc@contoso.com"),
                     list_field("cc", false, "copy address or list of addresses"),
                     with_example(string_field("subject", true, "subject (UTF-8)", 998),
                                  "Incident 42: suspicious sign-in"),
                     with_example(string_field("text", true, "plain-text body", 1024 * 1024),
                                  "Alice signed in from a new country."),
                     string_field("html", false, "HTML alternative body", 1024 * 1024)},
                    email,
                    {{"message_id", "<1714557600.5f3e2d1c@tocsin.contoso.com>"},
                     {"recipients", {"soc@contoso.com"}},
                     {"tls", true},
                     {"reply", "250 2.0.0 Ok: queued as 4F2A1C"}}),
    };
    p.settings.fields = {
        string_field("url", false, "webhook URL; may be secret:NAME", 4096),
        make_field("headers", value_type::object, false,
                   "webhook request headers; values may be secret:NAME"),
        make_field("extra", value_type::object, false,
                   "members added to every webhook body, e.g. {channel = \"#soc\"}"),
        string_field("host", false, "SMTP relay host"),
        make_field("port", value_type::integer, false, "SMTP port (default 25)"),
        string_field("from", false, "sender address"),
        choice_field("starttls", false, "none, opportunistic (default) or required",
                     {"none", "opportunistic", "required"}),
        string_field("username", false, "SMTP user; may be secret:NAME"),
        string_field("password", false, "SMTP password; may be secret:NAME"),
        string_field("helo_name", false, "name sent with EHLO (default localhost)"),
        make_field("verify_tls", value_type::boolean, false, "verify certificates (default true)"),
        string_field("ca_file", false, "extra trusted CA certificates (PEM)"),
        make_field("timeout_ms", value_type::integer, false, "per-delivery timeout"),
    };
    return p;
}

}  // namespace tocsin::plugins
