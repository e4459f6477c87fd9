#pragma once
// The e-mail trigger's configuration (email.* keys, engine/core/config_schema.cpp), read once at
// start.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/config.hpp"
#include "triggers/email/email_message.hpp"

namespace tocsin::triggers {

struct smtp_settings {
    listen_address listen;
    std::string hostname;                // for the greeting; never empty
    std::vector<std::string> mailboxes;  // canonical (lower-case); empty: what playbooks bind
    std::size_t max_message_bytes = 10 * 1024 * 1024;
    std::size_t max_connections = 100;
    std::chrono::milliseconds command_timeout{300000};
    std::chrono::milliseconds data_timeout{300000};
    std::filesystem::path tls_cert;  // both or neither (checked)
    std::filesystem::path tls_key;
    email_limits limits;
};

// nullopt when email.listen is empty (no SMTP receiver). Throws tocsin::error(errc::config)
// naming the key for a malformed listen address, a TLS file without the other, or a mailbox
// that is not an address.
std::optional<smtp_settings> smtp_settings_of(const config& cfg);

}  // namespace tocsin::triggers
