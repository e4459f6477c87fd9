#include "engine/runner/run_record_json.hpp"

namespace tocsin::runner {

nlohmann::json to_json(const store::run_record& r) {
    nlohmann::json out = {
        {"id", r.id},
        {"playbook", r.playbook},
        {"version", r.version},
        {"sha256", r.sha256},
        {"sourcePath", r.source_path},
        {"trigger", {{"kind", r.trigger_kind}, {"payload", r.trigger}}},
        {"params", r.params},
        {"status", r.status},
        {"startedUtc", format_time(r.started)},
        {"result", r.result},
        {"logs", r.logs},
        {"actions", r.actions},
    };
    if (r.ended)
        out["endedUtc"] = format_time(*r.ended);
    if (!r.error.empty())
        out["error"] = r.error;
    if (!r.traceback.empty())
        out["traceback"] = r.traceback;
    return out;
}

}  // namespace tocsin::runner
