#pragma once
// A form is a playbook trigger: GET /forms/{name} serves a page generated from the playbook's
// parameters, and a submission runs the playbook with the answers as its params. The binding
// comes from the trigger's options (like every trigger's, engine/lua/playbook.hpp):
//
//   triggers = { { kind = "form", options = {
//       name = "report-suspicious-activity",   -- /forms/<name>; default: the playbook's name
//       title = "Report suspicious activity",  -- page title and heading; default: the name
//       description = "Tell the SOC what you saw.",  -- intro paragraph; default: none
//       fields = { "summary", "details" },     -- these parameters first, in this order; the
//                                              -- rest follow by name; default: by name
//       submit_label = "Send report",          -- default "Submit"
//       auth = false,                          -- true: an API token with playbooks.run
//       timeout_ms = 10000,                    -- how long a submission waits for the run
//   } } }
//
// Each parameter is one control; its description's first line is the label and any further lines
// the help text (no description: the name, humanised). A parameter of type table has no control:
// it must be optional or have a default, or the form is unusable.
//
// Form names match case-insensitively; two playbooks declaring the same name is a configuration
// error reported for both, and neither answers (as for webhooks).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/lua/playbook.hpp"
#include "engine/runner/catalog.hpp"

namespace tocsin::triggers {

struct form_binding {
    std::string name;
    std::string title;
    std::string description;
    std::string submit_label = "Submit";
    bool requires_token = false;
    std::chrono::milliseconds timeout{30000};
    // The controls, in page order: every parameter of the playbook but those of type table.
    std::vector<lua::param_spec> fields;
    runner::definition_ptr playbook;
};

// The binding of one form trigger of `playbook`. Throws tocsin::error(invalid_argument) naming
// the option ("triggers.options.timeout_ms") when the options are malformed or a parameter
// cannot be a form field.
form_binding parse_form_binding(runner::definition_ptr playbook, const nlohmann::json& options);

// Where a form's name is found, or why it cannot answer.
struct form_lookup {
    std::optional<form_binding> binding;
    std::string problem;  // non-empty when the name is declared but unusable
};
form_lookup find_form(const runner::catalog& playbooks, std::string_view name);

// "affected_host" → "Affected host": the label of a parameter without a description.
std::string humanised(std::string_view parameter_name);

}  // namespace tocsin::triggers
