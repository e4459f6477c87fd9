#pragma once
// What a form submission looks like to its playbook, and what the playbook's result means to the
// responder.
//
// ctx.trigger = {
//   kind = "form", form = "report-suspicious-activity",
//   responder = "alice@contoso.com",        -- a JSON submission's responder e-mail, else nil
//   submitted_at = ISO-8601,                -- when Tocsin received it
//   submit_date = "6/5/2024 9:51:47 AM",    -- a JSON submission's submitDate, as sent, if any
//   answers = { summary = "…", … },         -- question id → answer, as sent (no CSRF token)
//   remote_address = "10.0.0.7",
//   requested_by = { id = …, name = … },    -- forms with auth = true: the API token's holder
// }
// ctx.params are the answers checked and typed (form_answers.hpp), over the defaults.
//
// The result, when the run succeeded:
//   { errors = { field = "message", … } }   the submission is refused: the form again, with
//                                           each message by its field (400)
//   { incident = <incident table | number>, message = "…" }
//                                           "Incident #N created" (incidentNumber of the table,
//                                           also under properties), and the message if any
//   { message = "…" }                       the message
//   anything else                           a generic thank-you
// A run that did not succeed is a failure page naming the run id, never the Lua error.
// Pure; thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "engine/http/request.hpp"
#include "engine/store/run_record.hpp"
#include "triggers/form/form_answers.hpp"
#include "triggers/form/form_binding.hpp"

namespace tocsin::triggers {

// A JSON submission, as Logic Apps' Microsoft Forms connector ("When a new response is
// submitted" + "Get response details") produces it, in any of these shapes:
//   {"responder": "alice@contoso.com", "submitDate": "…", "answers": {"<question id>": value}}
//   {"responder": …, "answers": [{"questionId": "<id>", "answer": value}, …]}
//   {"responder": …, "submitDate": …, "<question id>": value, …}   (the connector's own output)
// Question ids are the playbook's parameter names.
struct json_submission {
    nlohmann::json answers = nlohmann::json::object();
    std::optional<std::string> responder;  // only a plausible e-mail address
    std::optional<std::string> submit_date;
};
// Throws tocsin::error(invalid_argument, field = the offending member) for any other shape.
json_submission read_json_submission(const nlohmann::json& body);

struct trigger_origin {
    std::optional<std::string> responder;
    std::optional<std::string> submit_date;
    std::optional<nlohmann::json> requested_by;
};
nlohmann::json form_trigger(const form_binding& form, const form_answers& answers,
                            const trigger_origin& origin, const http::request& req,
                            time_point received);

struct form_outcome {
    enum class kind { incident, message, thanks, field_errors, failed };
    kind what = kind::thanks;
    std::optional<std::int64_t> incident_number;
    std::string incident_title;
    std::string message;
    std::map<std::string, std::string> errors;
};
form_outcome outcome_of(const store::run_record& run);

}  // namespace tocsin::triggers
