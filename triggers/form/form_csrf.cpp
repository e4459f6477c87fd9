#include "triggers/form/form_csrf.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include <openssl/rand.h>

#include "engine/error.hpp"
#include "triggers/webhook/webhook_auth.hpp"

namespace tocsin::triggers {

namespace {

constexpr std::size_t nonce_bytes = 16;
constexpr std::size_t min_key_chars = 32;
// A token issued this far "ahead" of the server's clock still passes: engines sharing the key
// may disagree about the time by a little.
constexpr std::chrono::seconds clock_skew{300};

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

std::string random_hex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
        throw error(errc::internal, "the CSPRNG failed to produce a CSRF nonce");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (const char c : raw) {
        const auto b = static_cast<unsigned char>(c);
        out.push_back(hex[b >> 4]);
        out.push_back(hex[b & 0xf]);
    }
    return out;
}

bool is_lower_hex(std::string_view text, std::size_t length) {
    if (text.size() != length)
        return false;
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

std::string trimmed(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string read_key(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw error(errc::config, "forms.csrf_key_file: cannot read " + file.string());
    std::stringstream text;
    text << in.rdbuf();
    auto key = trimmed(text.str());
    if (key.size() < min_key_chars)
        throw error(errc::config, "forms.csrf_key_file: " + file.string() + " holds fewer than " +
                                      std::to_string(min_key_chars) + " characters");
    return key;
}

}  // namespace

const char* to_string(csrf_verdict verdict) noexcept {
    switch (verdict) {
        case csrf_verdict::valid:
            return "valid";
        case csrf_verdict::missing:
            return "missing";
        case csrf_verdict::mismatch:
            return "mismatch";
        case csrf_verdict::malformed:
            return "malformed";
        case csrf_verdict::forged:
            return "forged";
        case csrf_verdict::expired:
            return "expired";
    }
    return "unknown";
}

csrf_tokens::csrf_tokens(std::string key, std::chrono::seconds lifetime, const clock& time)
    : key_(std::move(key)), lifetime_(lifetime), clock_(time) {
    if (key_.size() < min_key_chars)
        throw error(errc::config, "the forms' CSRF key is shorter than 32 characters");
}

std::string csrf_tokens::mac(std::string_view form_name, std::string_view nonce,
                             std::string_view issued) const {
    return hmac_sha256_hex(key_, "tocsin-form-csrf/v1\n" + lower(form_name) + "\n" +
                                     std::string(nonce) + "\n" + std::string(issued));
}

std::string csrf_tokens::issue(std::string_view form_name) const {
    const auto nonce = random_hex(nonce_bytes);
    const auto issued = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count());
    return nonce + "." + issued + "." + mac(form_name, nonce, issued);
}

csrf_verdict csrf_tokens::verify(std::string_view form_name, std::optional<std::string_view> cookie,
                                 std::optional<std::string_view> field) const {
    if (!cookie || !field || cookie->empty() || field->empty())
        return csrf_verdict::missing;
    if (!constant_time_equals(*cookie, *field))
        return csrf_verdict::mismatch;
    const std::string_view token = *field;
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos)
        return csrf_verdict::malformed;
    const auto nonce = token.substr(0, first);
    const auto issued = token.substr(first + 1, second - first - 1);
    const auto signature = token.substr(second + 1);
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(issued.data(), issued.data() + issued.size(), seconds);
    if (!is_lower_hex(nonce, nonce_bytes * 2) || !is_lower_hex(signature, 64) ||
        ec != std::errc{} || end != issued.data() + issued.size() || issued.empty())
        return csrf_verdict::malformed;
    if (!constant_time_equals(signature, mac(form_name, nonce, issued)))
        return csrf_verdict::forged;
    const auto issued_at = time_point(std::chrono::seconds(seconds));
    const auto now = clock_.now();
    if (issued_at > now + clock_skew || now - issued_at > lifetime_)
        return csrf_verdict::expired;
    return csrf_verdict::valid;
}

std::string load_or_create_csrf_key(const std::filesystem::path& file) {
    // O_EXCL: of two engines creating the file at once, one writes and both read its key.
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno != EEXIST)
            throw error(errc::config, "forms.csrf_key_file: cannot create " + file.string() + ": " +
                                          std::strerror(errno));
        return read_key(file);
    }
    const auto key = random_hex(32) + "\n";
    const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!written || !synced) {
        std::filesystem::remove(file);
        throw error(errc::config, "forms.csrf_key_file: cannot write " + file.string());
    }
    return read_key(file);
}

std::string csrf_cookie_name(std::string_view form_name) {
    return "tocsin_form_" + lower(form_name);
}

std::string csrf_set_cookie(std::string_view form_name, std::string_view token,
                            std::chrono::seconds max_age, bool secure) {
    return csrf_cookie_name(form_name) + "=" + std::string(token) +
           "; Path=/forms; Max-Age=" + std::to_string(max_age.count()) +
           "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::optional<std::string> cookie_value(const http::request& req, std::string_view name) {
    for (const auto header : req.headers().all("cookie")) {
        std::string_view rest = header;
        while (!rest.empty()) {
            const auto semicolon = rest.find(';');
            auto pair = rest.substr(0, semicolon);
            rest = semicolon == std::string_view::npos ? std::string_view{}
                                                       : rest.substr(semicolon + 1);
            while (!pair.empty() && pair.front() == ' ')
                pair.remove_prefix(1);
            const auto equals = pair.find('=');
            if (equals == std::string_view::npos || pair.substr(0, equals) != name)
                continue;
            auto value = pair.substr(equals + 1);
            while (!value.empty() && value.back() == ' ')
                value.remove_suffix(1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
    }
    return std::nullopt;
}

}  // namespace tocsin::triggers
