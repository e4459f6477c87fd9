#include "triggers/email/mime_parser.hpp"

#include "engine/error.hpp"
#include "triggers/email/gmime_handle.hpp"
#include "triggers/email/mime_fields.hpp"
#include "triggers/email/mime_parts.hpp"

namespace tocsin::triggers {

namespace {

using namespace detail;

parser_options_ptr lenient_options() {
    parser_options_ptr options(g_mime_parser_options_new());
    // Raw 8-bit header text: UTF-8 when it is valid, else what Windows mailers wrote.
    const char* fallback[] = {"utf-8", "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
    g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    return options;
}

int field_count(GMimeObject* object) {
    GMimeHeaderList* fields = object ? g_mime_object_get_header_list(object) : nullptr;
    return fields ? g_mime_header_list_get_count(fields) : 0;
}

}  // namespace

email_message parse_email(std::string_view raw, const email_limits& limits) {
    ensure_gmime();
    gmime_ptr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    gmime_ptr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    const auto options = lenient_options();
    gmime_ptr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
    if (!message)
        throw error(errc::invalid_argument, "no RFC 5322 message could be read from the data");
    auto* object = GMIME_OBJECT(message.get());
    // GMime files the top-level Content-* fields under the body part, the rest under the message.
    if (field_count(object) + field_count(g_mime_message_get_mime_part(message.get())) == 0)
        throw error(errc::invalid_argument, "the message has no header fields");

    email_message out;
    out.subject = header_text(g_mime_message_get_subject(message.get()), limits.header_value_limit);
    out.from = first_address_of(g_mime_message_get_from(message.get()));
    out.to = addresses_of(g_mime_message_get_to(message.get()));
    out.cc = addresses_of(g_mime_message_get_cc(message.get()));
    out.reply_to = first_address_of(g_mime_message_get_reply_to(message.get()));
    out.date = date_of(message.get());
    out.message_id = header_text(g_mime_message_get_message_id(message.get()), 1024);
    out.importance = importance_of(object);
    out.headers = selected_headers(object, limits);
    read_parts(message.get(), limits, out);
    return out;
}

}  // namespace tocsin::triggers
