#include "triggers/email/email_binding.hpp"

#include <algorithm>

#include <glib.h>

#include "engine/error.hpp"
#include "triggers/email/gmime_handle.hpp"
#include "triggers/email/text_charset.hpp"

namespace tocsin::triggers {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& option, const std::string& message) {
    throw error(errc::invalid_argument, message, "triggers.options." + option);
}

// Case-folded for comparison ignoring case in any script.
std::string folded(std::string_view text) {
    const auto valid = clean_text(text);
    detail::gchar_ptr fold(g_utf8_casefold(valid.data(), static_cast<gssize>(valid.size())));
    return detail::text_of(fold.get());
}

bool plausible_mailbox(std::string_view address) {
    const auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size())
        return false;
    return std::none_of(address.begin(), address.end(), [](char c) {
        return c == ' ' || c == '<' || c == '>' || c == '\t' ||
               static_cast<unsigned char>(c) < 0x20;
    });
}

std::vector<std::string> subject_terms(const json& value) {
    std::vector<std::string> out;
    const auto add = [&](const json& term) {
        if (!term.is_string() || term.get_ref<const std::string&>().empty())
            bad("subject_contains",
                "'subject_contains' must be a non-empty string or a list of them.");
        out.push_back(folded(term.get_ref<const std::string&>()));
    };
    if (value.is_array()) {
        if (value.empty())
            bad("subject_contains", "'subject_contains' must not be an empty list.");
        for (const auto& term : value)
            add(term);
    } else {
        add(value);
    }
    return out;
}

}  // namespace

std::string canonical_mailbox(std::string_view address) {
    std::string out(address);
    for (auto& c : out)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

email_binding parse_email_binding(runner::definition_ptr playbook, const json& options) {
    email_binding out;
    out.playbook = std::move(playbook);
    if (options.is_null())
        return out;
    if (!options.is_object())
        throw error(errc::invalid_argument, "'triggers.options' must be a table.",
                    "triggers.options");
    for (const auto& [key, value] : options.items()) {
        if (key == "mailbox") {
            if (!value.is_string() || !plausible_mailbox(value.get_ref<const std::string&>()))
                bad("mailbox",
                    "'mailbox' must be an e-mail address such as "
                    "\"soc@contoso.com\".");
            out.mailbox = canonical_mailbox(value.get_ref<const std::string&>());
        } else if (key == "subject_contains") {
            out.subject_contains = subject_terms(value);
        } else {
            bad(key, "'" + key +
                         "' is not an option of the e-mail trigger (mailbox, subject_contains).");
        }
    }
    return out;
}

email_binding_table email_bindings(const runner::catalog& playbooks) {
    email_binding_table table;
    for (const auto& def : playbooks.with_trigger(lua::trigger_kind::email)) {
        for (const auto& spec : def->triggers) {
            if (spec.kind != lua::trigger_kind::email)
                continue;
            try {
                table.bindings.push_back(parse_email_binding(def, spec.options));
            } catch (const error& e) {
                table.problems.push_back({def->name, "The playbook '" + def->name + "' (" +
                                                         def->source_path +
                                                         ") declares the e-mail trigger with "
                                                         "invalid options: " +
                                                         e.what()});
            }
        }
    }
    return table;
}

std::optional<std::string> binding_mailbox(const email_binding& binding,
                                           const std::vector<std::string>& recipients,
                                           std::string_view subject) {
    std::optional<std::string> mailbox;
    if (binding.mailbox.empty()) {
        if (!recipients.empty())
            mailbox = recipients.front();
    } else if (std::find(recipients.begin(), recipients.end(), binding.mailbox) !=
               recipients.end()) {
        mailbox = binding.mailbox;
    }
    if (!mailbox || binding.subject_contains.empty())
        return mailbox;
    const auto text = folded(subject);
    for (const auto& term : binding.subject_contains)
        if (text.find(term) != std::string::npos)
            return mailbox;
    return std::nullopt;
}

}  // namespace tocsin::triggers
