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

error_info error_from_json(const nlohmann::json& j) {
    error_info out;
    out.code = errc::internal;
    const auto code = j.value("code", std::string());
    for (int e = static_cast<int>(errc::ok); e <= static_cast<int>(errc::internal); ++e) {
        if (code == to_string(static_cast<errc>(e))) {
            out.code = static_cast<errc>(e);
            break;
        }
    }
    out.message = j.value("message", std::string());
    out.field = j.value("field", std::string());
    return out;
}

action_call_record action_record_from_json(const nlohmann::json& j) {
    if (!j.is_object() || !j.contains("sequence") || !j.contains("name"))
        throw error(errc::invalid_argument, "not an action record: " + j.dump().substr(0, 200));
    action_call_record r;
    r.sequence = j["sequence"].get<std::uint64_t>();
    r.name = j["name"].get<std::string>();
    r.input = j.value("input", nlohmann::json());
    r.duration = std::chrono::milliseconds{j.value("durationMs", std::int64_t{0})};
    r.attempts = j.value("attempts", 0U);
    if (auto it = j.find("error"); it != j.end())
        r.error = error_from_json(*it);
    else
        r.output = j.value("output", nlohmann::json());
    return r;
}

}  // namespace tocsin::runner
