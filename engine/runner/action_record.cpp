#include "engine/runner/action_record.hpp"

namespace tocsin::runner {

nlohmann::json error_json(const error_info& err) {
    nlohmann::json out = {
        {"code", to_string(err.code)}, {"message", err.message}, {"retryable", err.retryable()}};
    if (!err.field.empty())
        out["field"] = err.field;
    return out;
}

nlohmann::json to_json(const action_call_record& record) {
    nlohmann::json out = {
        {"sequence", record.sequence}, {"name", record.name},
        {"input", record.input},       {"durationMs", record.duration.count()},
        {"attempts", record.attempts},
    };
    if (record.error)
        out["error"] = error_json(*record.error);
    else
        out["output"] = record.output;
    return out;
}

}  // namespace tocsin::runner
