#include "triggers/email/mime_fields.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "triggers/email/text_charset.hpp"

namespace tocsin::triggers::detail {

namespace {

constexpr std::array<std::string_view, 31> kept_headers{"return-path",
                                                        "received",
                                                        "authentication-results",
                                                        "arc-authentication-results",
                                                        "received-spf",
                                                        "dkim-signature",
                                                        "sender",
                                                        "delivered-to",
                                                        "x-original-to",
                                                        "x-originating-ip",
                                                        "x-sender-ip",
                                                        "x-mailer",
                                                        "user-agent",
                                                        "in-reply-to",
                                                        "references",
                                                        "list-id",
                                                        "list-unsubscribe",
                                                        "auto-submitted",
                                                        "precedence",
                                                        "importance",
                                                        "priority",
                                                        "x-priority",
                                                        "x-msmail-priority",
                                                        "x-spam-status",
                                                        "x-spam-flag",
                                                        "x-spam-score",
                                                        "x-ms-exchange-organization-scl",
                                                        "x-microsoft-antispam",
                                                        "x-forefront-antispam-report",
                                                        "x-ms-exchange-organization-authas",
                                                        "thread-topic"};

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

void collect(InternetAddressList* list, std::vector<email_address>& out, int depth) {
    if (!list || depth > 4)
        return;
    const int count = internet_address_list_length(list);
    for (int i = 0; i < count; ++i) {
        InternetAddress* address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(address)) {
            collect(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out,
                    depth + 1);
        } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            out.push_back(
                {header_text(internet_address_get_name(address), 1024),
                 header_text(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)),
                             1024)});
        }
    }
}

std::string header(GMimeObject* object, const char* name) {
    return lower(header_text(g_mime_object_get_header(object, name), 256));
}

}  // namespace

std::string header_text(const char* value, std::size_t limit) {
    if (!value)
        return {};
    std::string out;
    bool space = false;
    for (const char* p = value; *p; ++p) {
        const char c = *p;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += c;
    }
    return std::string(utf8_prefix(clean_text(out), limit));
}

std::vector<email_address> addresses_of(InternetAddressList* list) {
    std::vector<email_address> out;
    collect(list, out, 0);
    return out;
}

std::optional<email_address> first_address_of(InternetAddressList* list) {
    auto all = addresses_of(list);
    if (all.empty())
        return std::nullopt;
    return std::move(all.front());
}

std::optional<time_point> date_of(GMimeMessage* message) {
    GDateTime* date = g_mime_message_get_date(message);  // owned by the message
    if (!date)
        return std::nullopt;
    const gint64 seconds = g_date_time_to_unix(date);
    // 0001-01-01 .. 9999-12-31: what format_time prints.
    if (seconds < -62135596800LL || seconds > 253402300799LL)
        return std::nullopt;
    return time_point(std::chrono::milliseconds(seconds * 1000));
}

std::string importance_of(GMimeObject* message) {
    const auto importance = header(message, "Importance");
    if (importance == "high" || importance == "low" || importance == "normal")
        return importance;
    const auto x_priority = header(message, "X-Priority");
    if (!x_priority.empty() && x_priority.front() >= '1' && x_priority.front() <= '5') {
        const char level = x_priority.front();
        return level <= '2' ? "high" : level >= '4' ? "low" : "normal";
    }
    const auto ms_priority = header(message, "X-MSMail-Priority");
    if (ms_priority == "high" || ms_priority == "low" || ms_priority == "normal")
        return ms_priority;
    const auto priority = header(message, "Priority");
    if (priority == "urgent")
        return "high";
    if (priority == "non-urgent")
        return "low";
    return "normal";
}

std::vector<std::pair<std::string, std::string>> selected_headers(GMimeObject* message,
                                                                  const email_limits& limits) {
    std::vector<std::pair<std::string, std::string>> out;
    GMimeHeaderList* list = g_mime_object_get_header_list(message);
    const int count = list ? g_mime_header_list_get_count(list) : 0;
    for (int i = 0; i < count && out.size() < limits.max_headers; ++i) {
        GMimeHeader* field = g_mime_header_list_get_header_at(list, i);
        auto name = lower(text_of(g_mime_header_get_name(field)));
        if (std::find(kept_headers.begin(), kept_headers.end(), name) == kept_headers.end())
            continue;
        out.emplace_back(std::move(name),
                         header_text(g_mime_header_get_value(field), limits.header_value_limit));
    }
    return out;
}

embedded_message summary_of(GMimeMessage* message, const email_limits& limits) {
    embedded_message out;
    out.subject = header_text(g_mime_message_get_subject(message), limits.header_value_limit);
    out.from = first_address_of(g_mime_message_get_from(message));
    out.date = date_of(message);
    out.message_id = header_text(g_mime_message_get_message_id(message), 1024);
    return out;
}

}  // namespace tocsin::triggers::detail
