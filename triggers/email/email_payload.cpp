#include "triggers/email/email_payload.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "engine/net/encoding.hpp"
#include "triggers/email/mime_parts.hpp"
#include "triggers/email/text_charset.hpp"

namespace tocsin::triggers {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> listed_headers{"received", "authentication-results",
                                                         "arc-authentication-results",
                                                         "received-spf", "dkim-signature"};

json address_json(const email_address& a) {
    return {{"name", a.name}, {"address", a.address}};
}

json address_list(const std::vector<email_address>& list) {
    json out = json::array();
    for (const auto& a : list)
        out.push_back(address_json(a));
    return out;
}

json attachment_json(const email_attachment& a) {
    json out = {{"name", a.name},
                {"content_type", a.content_type},
                {"disposition", a.disposition},
                {"content_id", a.content_id},
                {"size", a.size},
                {"sha256", a.sha256},
                {"truncated", a.truncated}};
    if (a.content)
        out["content"] = net::base64_encode(*a.content);
    if (a.message) {
        json message = {{"subject", a.message->subject}, {"message_id", a.message->message_id}};
        if (a.message->from)
            message["from"] = address_json(*a.message->from);
        if (a.message->date)
            message["date"] = format_time(*a.message->date);
        out["message"] = std::move(message);
    }
    return out;
}

json headers_json(const std::vector<std::pair<std::string, std::string>>& headers) {
    json out = json::object();
    for (const auto& [name, value] : headers) {
        const bool listed =
            std::find(listed_headers.begin(), listed_headers.end(), name) != listed_headers.end();
        if (listed)
            out[name].push_back(value);
        else if (!out.contains(name))
            out[name] = value;
    }
    return out;
}

}  // namespace

json email_payload(const email_message& message, const smtp_envelope& envelope,
                   std::string_view raw) {
    json to = json::array();
    for (const auto& r : envelope.recipients)
        to.push_back(clean_text(r));
    json out = {
        {"kind", "email"},
        {"queue_id", envelope.queue_id},
        {"received_at", format_time(envelope.received_at)},
        {"envelope",
         {{"from", clean_text(envelope.mail_from)},
          {"to", std::move(to)},
          {"helo", clean_text(envelope.helo)},
          {"remote_address", envelope.remote_address},
          {"tls", envelope.tls}}},
        {"to", address_list(message.to)},
        {"cc", address_list(message.cc)},
        {"subject", message.subject},
        {"message_id", message.message_id},
        {"importance", message.importance},
        {"body", message.body},
        {"body_truncated", message.body_truncated},
        {"html_truncated", message.html_truncated},
        {"attachments_truncated", message.attachments_truncated},
        {"headers", headers_json(message.headers)},
        {"size", raw.size()},
        {"sha256", detail::sha256_hex(raw)},
    };
    if (message.from)
        out["from"] = address_json(*message.from);
    if (message.reply_to)
        out["reply_to"] = address_json(*message.reply_to);
    if (message.date)
        out["date"] = format_time(*message.date);
    if (message.html)
        out["html"] = *message.html;
    json attachments = json::array();
    for (const auto& a : message.attachments)
        attachments.push_back(attachment_json(a));
    out["attachments"] = std::move(attachments);
    return out;
}

}  // namespace tocsin::triggers
