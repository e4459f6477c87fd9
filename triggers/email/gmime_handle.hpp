#pragma once
// Internal to triggers/email: ownership of GMime's GObject and GLib values, so that no parse path
// can leak or double-free them. Only this folder's .cpp files include GMime; the rest of the engine
// sees plain C++ values (email_message.hpp).
//
//   gmime_ptr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
//   gchar_ptr text(g_mime_content_type_get_mime_type(type));
//
// Thread-safety: GMime is initialised once per process (ensure_gmime); after that, separate
// objects may be used from separate threads, and none of these handles is shared.

#include <memory>
#include <string>

#include <gmime/gmime.h>

namespace tocsin::triggers::detail {

// g_mime_init() exactly once, on first use, from any thread. GMime is never shut down: parses may
// still run on other threads while the process exits.
void ensure_gmime();

struct gobject_unref {
    void operator()(gpointer object) const noexcept {
        if (object)
            g_object_unref(object);
    }
};
// A reference the caller owns (GMime's "transfer full" results and *_new constructors).
template <typename T>
using gmime_ptr = std::unique_ptr<T, gobject_unref>;

struct gfree {
    void operator()(gpointer memory) const noexcept { g_free(memory); }
};
using gchar_ptr = std::unique_ptr<char, gfree>;

struct date_time_unref {
    void operator()(GDateTime* value) const noexcept {
        if (value)
            g_date_time_unref(value);
    }
};
using date_time_ptr = std::unique_ptr<GDateTime, date_time_unref>;

struct parser_options_free {
    void operator()(GMimeParserOptions* options) const noexcept {
        if (options)
            g_mime_parser_options_free(options);
    }
};
using parser_options_ptr = std::unique_ptr<GMimeParserOptions, parser_options_free>;

// A GMime string that may be null, as std::string ("" for null).
inline std::string text_of(const char* value) {
    return value ? std::string(value) : std::string();
}

}  // namespace tocsin::triggers::detail
