#include "engine/runner/run_scope.hpp"

#include "engine/core/time.hpp"

namespace tocsin::runner {

void run_scope::add_action(action_call_record record) {
    std::lock_guard lock(mutex);
    actions.push_back(std::move(record));
}

void run_scope::add_log(std::string_view level, std::string_view message) {
    std::lock_guard lock(mutex);
    if (logs.size() >= max_log_lines) {
        ++dropped_logs;
        return;
    }
    logs.push_back(
        {{"at", format_time(default_clock().now())}, {"level", level}, {"message", message}});
}

nlohmann::json run_scope::actions_json() const {
    std::lock_guard lock(mutex);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : actions)
        out.push_back(to_json(a));
    return out;
}

nlohmann::json run_scope::logs_json() const {
    std::lock_guard lock(mutex);
    auto out = logs;
    if (dropped_logs > 0)
        out.push_back(
            {{"level", "warn"}, {"message", std::to_string(dropped_logs) + " more lines dropped"}});
    return out;
}

}  // namespace tocsin::runner
