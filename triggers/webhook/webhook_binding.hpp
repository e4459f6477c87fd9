#pragma once
// A webhook is a playbook trigger: a playbook declares it among its triggers, and the binding
// (name, mode, authentication) comes from the trigger's options:
//
//   triggers = { { kind = "webhook", options = {
//       name = "edr-alerts",          -- POST /api/v1/webhooks/edr-alerts; default: playbook name
//       mode = "sync",                -- "async" (default): 202 + run id; "sync": run's result
//       timeout_ms = 10000,           -- sync only: wait this long, then answer 202 (default 30 s)
//       auth = { type = "hmac-sha256", secret = "EDR_WEBHOOK_KEY", tolerance_s = 300 },
//   } } }
//
// auth is one of
//   "api-token" (the default): an API bearer token with the Playbook Operator role;
//   { type = "token", secret = NAME, header = "X-Webhook-Token" }: the header carries the secret;
//   { type = "hmac-sha256", secret = NAME, signature_header = "X-Tocsin-Signature",
//     timestamp_header = "X-Tocsin-Timestamp", tolerance_s = 300 }: the signature is the hex
//     HMAC-SHA256, keyed with the secret, of "<timestamp>.<raw body>" (optionally prefixed
//     "sha256="), the timestamp Unix seconds within tolerance_s of now;
//   "none": anyone who can reach the port (for loopback-only set-ups; say so explicitly).
// Secrets are named, never written in the playbook: their values come from the engine's secrets.
//
// Webhook names are matched case-insensitively; two playbooks declaring the same name is a
// configuration error reported for both, and neither answers.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runner/catalog.hpp"

namespace tocsin::triggers {

enum class webhook_auth_kind { api_token, token, hmac_sha256, none };

struct webhook_auth {
    webhook_auth_kind kind = webhook_auth_kind::api_token;
    std::string secret;  // the secret's name (token, hmac_sha256)
    std::string header = "X-Webhook-Token";
    std::string signature_header = "X-Tocsin-Signature";
    std::string timestamp_header = "X-Tocsin-Timestamp";
    std::chrono::seconds tolerance{300};
};

struct webhook_binding {
    std::string name;
    bool synchronous = false;
    std::chrono::milliseconds sync_timeout{30000};
    webhook_auth auth;
    runner::definition_ptr playbook;
};

// The binding of one webhook trigger of `playbook`. Throws tocsin::error(invalid_argument) naming
// the option ("triggers.options.auth.secret") when the options are malformed.
webhook_binding parse_webhook_binding(runner::definition_ptr playbook,
                                      const nlohmann::json& options);

// Every webhook binding of the catalog's playbooks, and the declarations that cannot answer
// (malformed options, one name declared twice) with why.
struct webhook_problem {
    std::string name;      // the webhook name as declared (the playbook's when unreadable)
    std::string playbook;  // the playbook's name
    std::string message;
};
struct webhook_table {
    std::vector<webhook_binding> bindings;
    std::vector<webhook_problem> problems;
};
webhook_table webhook_bindings(const runner::catalog& playbooks);

// Result of looking a name up: found, not declared, or declared but unusable (with why).
struct webhook_lookup {
    std::optional<webhook_binding> binding;
    std::string problem;  // non-empty when the name is declared but unusable
};
webhook_lookup find_webhook(const runner::catalog& playbooks, std::string_view name);

}  // namespace tocsin::triggers
