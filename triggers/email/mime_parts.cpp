#include "triggers/email/mime_parts.hpp"

#include <openssl/evp.h>

#include <string_view>
#include <vector>

#include "triggers/email/html_text.hpp"
#include "triggers/email/mime_fields.hpp"
#include "triggers/email/text_charset.hpp"

namespace tocsin::triggers::detail {

namespace {

// GMime stops nesting at 1024 levels itself; this only keeps the walk's own stack bounded.
constexpr int max_depth = 1024;

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

std::string stream_bytes(GMimeStream* stream) {
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
    if (!bytes || bytes->len == 0)
        return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// A leaf part's content with its transfer encoding undone.
std::string decoded_content(GMimePart* part) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content)
        return {};
    gmime_ptr<GMimeStream> sink(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, sink.get());
    return stream_bytes(sink.get());
}

// A message/rfc822 part's message as it would be written to a file.
std::string message_bytes(GMimeMessage* message) {
    if (!message)
        return {};
    gmime_ptr<GMimeStream> sink(g_mime_stream_mem_new());
    g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, sink.get());
    return stream_bytes(sink.get());
}

std::string mime_type_of(GMimeObject* object) {
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (!type)
        return "application/octet-stream";
    gchar_ptr text(g_mime_content_type_get_mime_type(type));
    return lower(text_of(text.get()));
}

std::string filename_of(GMimeObject* object) {
    if (GMIME_IS_PART(object))
        return header_text(g_mime_part_get_filename(GMIME_PART(object)), 1024);
    const char* name = g_mime_object_get_content_disposition_parameter(object, "filename");
    if (!name)
        name = g_mime_object_get_content_type_parameter(object, "name");
    return header_text(name, 1024);
}

bool is_text_view(GMimeObject* object, const char* subtype) {
    if (!GMIME_IS_TEXT_PART(object))
        return false;
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (!g_mime_content_type_is_type(type, "text", subtype))
        return false;
    const auto disposition = lower(text_of(g_mime_object_get_disposition(object)));
    return disposition != "attachment" && filename_of(object).empty();
}

void collect_leaves(GMimeObject* object, int depth, std::vector<GMimeObject*>& leaves) {
    if (!object || depth > max_depth)
        return;
    if (GMIME_IS_MULTIPART(object)) {
        auto* multipart = GMIME_MULTIPART(object);
        const int count = g_mime_multipart_get_count(multipart);
        for (int i = 0; i < count; ++i)
            collect_leaves(g_mime_multipart_get_part(multipart, i), depth + 1, leaves);
        return;
    }
    leaves.push_back(object);
}

// Text with "\n" line ends, as playbooks (Lua patterns, string.gmatch) expect them.
std::string unix_line_ends(std::string text) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
            text[out++] = text[i];
    text.resize(out);
    return text;
}

// The text of a text part as UTF-8; HTML without a charset parameter may declare one inside.
std::string text_of_part(GMimeObject* part, bool html) {
    const auto bytes = decoded_content(GMIME_PART(part));
    std::string charset = text_of(g_mime_object_get_content_type_parameter(part, "charset"));
    if (charset.empty() && html)
        charset = html_declared_charset(bytes);
    return unix_line_ends(decode_text(bytes, charset));
}

class attachment_reader {
  public:
    attachment_reader(const email_limits& limits, email_message& out)
        : limits_(limits), out_(out), budget_(limits.attachment_content_budget) {}

    void add(GMimeObject* object) {
        if (out_.attachments.size() >= limits_.max_attachments) {
            out_.attachments_truncated = true;
            return;
        }
        email_attachment a;
        a.name = filename_of(object);
        a.content_type = mime_type_of(object);
        a.disposition = lower(text_of(g_mime_object_get_disposition(object)));
        a.content_id = header_text(g_mime_object_get_content_id(object), 1024);
        std::string bytes;
        if (GMIME_IS_MESSAGE_PART(object)) {
            GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
            bytes = message_bytes(inner);
            if (inner)
                a.message = summary_of(inner, limits_);
        } else if (GMIME_IS_PART(object)) {
            bytes = decoded_content(GMIME_PART(object));
        }
        a.size = bytes.size();
        a.sha256 = sha256_hex(bytes);
        if (bytes.size() <= limits_.attachment_content_limit && bytes.size() <= budget_) {
            budget_ -= bytes.size();
            a.content = std::move(bytes);
        } else {
            a.truncated = true;
        }
        out_.attachments.push_back(std::move(a));
    }

  private:
    const email_limits& limits_;
    email_message& out_;
    std::size_t budget_;
};

// Inline text parts that are neither the body nor the HTML (the other half of an alternative, a
// list footer) are views of the message, not files.
bool is_file(GMimeObject* object) {
    if (GMIME_IS_MESSAGE_PART(object))
        return true;
    GMimeContentType* type = g_mime_object_get_content_type(object);
    const bool text = type && g_mime_content_type_is_type(type, "text", "*");
    if (!text)
        return true;
    const auto disposition = lower(text_of(g_mime_object_get_disposition(object)));
    return disposition == "attachment" || !filename_of(object).empty();
}

void set_text(std::string text, std::size_t limit, std::string& field, bool& truncated) {
    if (text.size() > limit) {
        text.resize(utf8_prefix(text, limit).size());
        truncated = true;
    }
    field = std::move(text);
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0F];
    }
    return out;
}

void read_parts(GMimeMessage* message, const email_limits& limits, email_message& out) {
    std::vector<GMimeObject*> leaves;
    collect_leaves(g_mime_message_get_mime_part(message), 0, leaves);
    GMimeObject* plain = nullptr;
    GMimeObject* html = nullptr;
    for (auto* leaf : leaves) {
        if (!plain && is_text_view(leaf, "plain"))
            plain = leaf;
        else if (!html && is_text_view(leaf, "html"))
            html = leaf;
    }
    std::string html_text;
    if (html) {
        html_text = text_of_part(html, true);
        std::string kept = html_text;
        out.html.emplace();
        set_text(std::move(kept), limits.text_limit, *out.html, out.html_truncated);
    }
    if (plain)
        set_text(text_of_part(plain, false), limits.text_limit, out.body, out.body_truncated);
    else if (html)
        set_text(html_to_text(html_text), limits.text_limit, out.body, out.body_truncated);
    attachment_reader attachments(limits, out);
    for (auto* leaf : leaves)
        if (leaf != plain && leaf != html && is_file(leaf))
            attachments.add(leaf);
}

}  // namespace tocsin::triggers::detail
