#include "engine/runner/playbook_test_result.hpp"

#include <algorithm>

namespace tocsin::runner {
namespace {

using nlohmann::json;

json call_view(const json& action) {
    json out = {{"name", action.value("name", "")},
                {"input", action.value("input", json::object())},
                {"attempts", action.value("attempts", 0)}};
    if (auto it = action.find("error"); it != action.end())
        out["error"] = *it;
    else if (auto o = action.find("output"); o != action.end() && !o->is_null())
        out["output"] = *o;
    return out;
}

}  // namespace

playbook_test_summary summarize(const std::vector<playbook_test_case_result>& results,
                                std::size_t files, std::chrono::milliseconds duration) {
    playbook_test_summary s;
    s.files = files;
    s.duration = duration;
    for (const auto& r : results) {
        ++s.cases;
        ++(r.passed ? s.passed : s.failed);
    }
    return s;
}

json run_view(const store::run_record& record) {
    json out = {{"id", record.id},
                {"status", record.status},
                {"trigger", record.trigger},
                {"params", record.params}};
    if (!record.error.empty())
        out["error"] = record.error;
    if (!record.traceback.empty())
        out["traceback"] = record.traceback;
    if (!record.result.is_null())
        out["result"] = record.result;
    json logs = json::array();
    for (const auto& line : record.logs)
        logs.push_back(
            {{"level", line.value("level", "info")}, {"message", line.value("message", "")}});
    out["logs"] = std::move(logs);
    // Records list calls in completion order; tests reason in call order.
    auto actions = record.actions;
    std::stable_sort(actions.begin(), actions.end(), [](const json& a, const json& b) {
        return a.value("sequence", 0) < b.value("sequence", 0);
    });
    json calls = json::array();
    for (const auto& a : actions)
        calls.push_back(call_view(a));
    out["calls"] = std::move(calls);
    return out;
}

json to_json(const std::vector<playbook_test_case_result>& results,
             const playbook_test_summary& summary) {
    json cases = json::array();
    for (const auto& r : results) {
        json c = {{"file", r.file},
                  {"playbook", r.playbook},
                  {"name", r.name},
                  {"status", r.passed ? "passed" : "failed"},
                  {"durationMs", r.duration.count()}};
        if (!r.message.empty())
            c["message"] = r.message;
        if (!r.run.is_null())
            c["run"] = r.run;
        if (!r.output.empty())
            c["output"] = r.output;
        cases.push_back(std::move(c));
    }
    return {{"passed", summary.failed == 0 && summary.cases > 0},
            {"summary",
             {{"files", summary.files},
              {"cases", summary.cases},
              {"passed", summary.passed},
              {"failed", summary.failed},
              {"durationMs", summary.duration.count()}}},
            {"cases", std::move(cases)}};
}

}  // namespace tocsin::runner
