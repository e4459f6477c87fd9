#pragma once
// What a run records of each action call: enough to audit it afterwards and to replay it.

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/error.hpp"

namespace tocsin::runner {

struct action_call_record {
    std::uint64_t sequence = 0;  // 1-based, in call order within the run
    std::string name;            // "incidents.create" (instance: "notify:oncall.post")
    nlohmann::json input;        // validated input, reserved fields removed
    nlohmann::json output;       // null when the call failed
    std::optional<error_info> error;
    std::chrono::milliseconds duration{0};  // first attempt to final answer, backoff included
    unsigned attempts = 0;
};

nlohmann::json to_json(const action_call_record& record);
// The inverse of to_json (journal replay). Throws tocsin::error(invalid_argument) for JSON that
// to_json did not produce.
action_call_record action_record_from_json(const nlohmann::json& j);
// The Lua-facing error table {code, message, retryable[, field]}.
nlohmann::json error_json(const error_info& err);
error_info error_from_json(const nlohmann::json& j);

}  // namespace tocsin::runner
