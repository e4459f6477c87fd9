#pragma once
// Cross-site request forgery protection for browser submissions of forms, by double submit: the
// GET of a form sets a cookie holding a token and puts the same token in a hidden field; a POST
// must carry both, equal and valid. A cross-site page can make a browser post, but cannot read
// the cookie to copy it into the field, and SameSite=Strict keeps the browser from sending it.
//
// A token is "<nonce>.<issued>.<mac>": 16 random bytes in hex, the Unix second it was issued, and
// the hex HMAC-SHA256, under the server's key, of the form's name (lower-case), the nonce and the
// time. It is accepted for `lifetime` after it was issued, and only for the form it names.
// The key lives in a file (forms.csrf_key_file, default <data_dir>/forms.key, mode 0600) so that
// tokens survive restarts; engines behind one address share the file.
// Thread-safety: const members may be called from any thread.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/time.hpp"
#include "engine/http/request.hpp"

namespace tocsin::triggers {

enum class csrf_verdict {
    valid,
    missing,    // no cookie or no field
    mismatch,   // cookie and field differ
    malformed,  // not a token at all
    forged,     // signed by another key or for another form
    expired,    // older than the lifetime (or issued in the future)
};
const char* to_string(csrf_verdict verdict) noexcept;

class csrf_tokens {
  public:
    // `key`: the server secret (at least 32 bytes); `time` must outlive this object.
    csrf_tokens(std::string key, std::chrono::seconds lifetime,
                const clock& time = default_clock());

    std::string issue(std::string_view form_name) const;
    csrf_verdict verify(std::string_view form_name, std::optional<std::string_view> cookie,
                        std::optional<std::string_view> field) const;

    std::chrono::seconds lifetime() const noexcept { return lifetime_; }

  private:
    std::string mac(std::string_view form_name, std::string_view nonce,
                    std::string_view issued) const;

    std::string key_;
    std::chrono::seconds lifetime_;
    const clock& clock_;
};

// The key in `file`; when the file does not exist, 32 random bytes (hex) are written to it first
// (mode 0600). Throws tocsin::error(errc::config) when it cannot be read or written, or holds
// fewer than 32 characters.
std::string load_or_create_csrf_key(const std::filesystem::path& file);

// The hidden field's name.
inline constexpr std::string_view csrf_field = "_csrf";
// One cookie per form, so that two forms open in two tabs do not overwrite each other's token.
std::string csrf_cookie_name(std::string_view form_name);
// The Set-Cookie value: HttpOnly; SameSite=Strict; Path=/forms; Max-Age; Secure over TLS.
std::string csrf_set_cookie(std::string_view form_name, std::string_view token,
                            std::chrono::seconds max_age, bool secure);
// The value of the request's cookie of that name (any Cookie header); nullopt when absent.
std::optional<std::string> cookie_value(const http::request& req, std::string_view name);

}  // namespace tocsin::triggers
