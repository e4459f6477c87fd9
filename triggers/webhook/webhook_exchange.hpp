#pragma once
// What a webhook call looks like to its playbook, and what the playbook's result looks like to
// the caller.
//
// ctx.trigger = {
//   webhook = "edr-alerts", method = "POST", path = "/api/v1/webhooks/edr-alerts",
//   headers = { ["content-type"] = "application/json", ... },   -- names lower-case
//   query = { key = "value", ... },       -- a repeated key becomes a list
//   body = <JSON value | form fields (table, like query) | text>,
//   content_type = "application/json", remote_address = "10.0.0.7", received_at = ISO-8601,
// }
// Credentials never reach the playbook: Authorization, Cookie and the binding's token header are
// left out.
//
// Synchronous result: a table { status = 201, body = <table | string>, headers = {...} } is the
// response; any other value is a 200 JSON body (nil: 204). A run that did not succeed answers
// 500 naming the run, without its error text (which is the playbook author's, not the caller's).

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "engine/http/request.hpp"
#include "engine/http/response.hpp"
#include "engine/store/run_record.hpp"
#include "triggers/webhook/webhook_binding.hpp"

namespace tocsin::triggers {

// Throws tocsin::error(invalid_argument) when a JSON or form body does not parse.
nlohmann::json webhook_payload(const webhook_binding& binding, const http::request& req,
                               time_point received);

http::response webhook_response(const store::run_record& run);

}  // namespace tocsin::triggers
