#include "triggers/email/smtp_settings.hpp"

#include <boost/asio/ip/host_name.hpp>

#include "engine/error.hpp"
#include "triggers/email/email_binding.hpp"
#include "triggers/email/smtp_address.hpp"

namespace tocsin::triggers {

namespace {

// As given, like http.tls_cert: relative paths are relative to the working directory.
std::filesystem::path path_of(const config& cfg, const char* key) {
    return cfg.values.value(key, std::string());
}

std::string host_name() {
    boost::system::error_code ec;
    auto name = boost::asio::ip::host_name(ec);
    return ec || name.empty() ? std::string("localhost") : name;
}

}  // namespace

std::optional<smtp_settings> smtp_settings_of(const config& cfg) {
    const auto& v = cfg.values;
    const auto listen = v.value("email.listen", std::string());
    if (listen.empty())
        return std::nullopt;
    smtp_settings out;
    try {
        out.listen = parse_listen_address(listen);
    } catch (const error& e) {
        throw error(errc::config, std::string("email.listen: ") + e.what(), "email.listen");
    }
    out.hostname = v.value("email.hostname", std::string());
    if (out.hostname.empty())
        out.hostname = host_name();
    if (const auto it = v.find("email.mailboxes"); it != v.end() && it->is_array()) {
        for (const auto& item : *it) {
            const auto address = item.get<std::string>();
            if (!valid_mailbox(address))
                throw error(errc::config,
                            "email.mailboxes: '" + address +
                                "' is not an e-mail address (expected e.g. soc@contoso.com)",
                            "email.mailboxes");
            out.mailboxes.push_back(canonical_mailbox(address));
        }
    }
    out.max_message_bytes =
        static_cast<std::size_t>(v.value("email.max_message_bytes", std::int64_t{10485760}));
    out.max_connections =
        static_cast<std::size_t>(v.value("email.max_connections", std::int64_t{100}));
    out.command_timeout =
        std::chrono::milliseconds(v.value("email.command_timeout_ms", std::int64_t{300000}));
    out.data_timeout =
        std::chrono::milliseconds(v.value("email.data_timeout_ms", std::int64_t{300000}));
    out.tls_cert = path_of(cfg, "email.tls_cert");
    out.tls_key = path_of(cfg, "email.tls_key");
    if (out.tls_cert.empty() != out.tls_key.empty())
        throw error(errc::config,
                    "email.tls_cert and email.tls_key go together: STARTTLS needs both the "
                    "certificate and its private key",
                    out.tls_cert.empty() ? "email.tls_cert" : "email.tls_key");
    out.limits.attachment_content_limit = static_cast<std::size_t>(
        v.value("email.attachment_content_limit", std::int64_t{1024 * 1024}));
    return out;
}

}  // namespace tocsin::triggers
