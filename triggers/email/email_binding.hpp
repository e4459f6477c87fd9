#pragma once
// The e-mail trigger of a playbook: which mail it takes. The binding comes from the trigger's
// options (the playbook loader accepts only kind, filter and options in a trigger entry):
//
//   triggers = { { kind = "email", options = {
//       mailbox = "soc@contoso.com",          -- the recipient it answers; default: any accepted
//       subject_contains = { "phish", "suspicious" },  -- or one string; any of them, ignoring
//   } } }                                     -- case (Unicode case folding); default: every
//   subject
//
// A mailbox binding takes a message that was accepted for that recipient (compared ignoring
// case); a binding without a mailbox takes every accepted message once, for its first
// recipient. Unknown option names are refused rather than ignored, so that a typo cannot turn a
// binding into "any mailbox".
// Thread-safety: pure functions over immutable definitions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runner/catalog.hpp"

namespace tocsin::triggers {

struct email_binding {
    std::string mailbox;                        // lower-case; "" = any accepted mailbox
    std::vector<std::string> subject_contains;  // case-folded; empty = every subject
    runner::definition_ptr playbook;
};

// Throws tocsin::error(invalid_argument) naming the option ("triggers.options.mailbox").
email_binding parse_email_binding(runner::definition_ptr playbook, const nlohmann::json& options);

struct email_binding_problem {
    std::string playbook;
    std::string message;
};
struct email_binding_table {
    std::vector<email_binding> bindings;
    std::vector<email_binding_problem> problems;  // declarations that cannot take mail, and why
};
email_binding_table email_bindings(const runner::catalog& playbooks);

// An address as the trigger compares it: lower-case (local parts too: mailboxes are shared
// addresses of one organisation, not case-sensitive accounts).
std::string canonical_mailbox(std::string_view address);

// The recipient `binding` takes the message for, from `recipients` (canonical, in RCPT order),
// or nullopt when it does not take it (recipient or subject does not match).
std::optional<std::string> binding_mailbox(const email_binding& binding,
                                           const std::vector<std::string>& recipients,
                                           std::string_view subject);

}  // namespace tocsin::triggers
