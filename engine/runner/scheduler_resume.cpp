// scheduler: resuming runs a crash left "running" (see the header for what is replayed).
#include <spdlog/spdlog.h>

#include "engine/core/time.hpp"
#include "engine/runner/run_metrics.hpp"
#include "engine/runner/scheduler.hpp"

namespace tocsin::runner {
namespace {

// The workspace a run's actions defaulted to: event runs carry it in ctx.trigger.workspace.
std::optional<model::workspace_ref> workspace_of_trigger(const nlohmann::json& trigger) {
    const auto it = trigger.find("workspace");
    if (it == trigger.end() || !it->is_object())
        return std::nullopt;
    const auto text = [&](const char* key) {
        const auto f = it->find(key);
        return f != it->end() && f->is_string() ? f->get<std::string>() : std::string();
    };
    model::workspace_ref ws{text("subscription"), text("resourceGroup"), text("name")};
    if (ws.subscription.empty() || ws.resource_group.empty() || ws.name.empty())
        return std::nullopt;
    return ws;
}

}  // namespace

void scheduler::close(store::run_record record, std::string status, std::string error,
                      run_done done) {
    spdlog::warn("run {} of '{}' not resumed: {}", record.id, record.playbook, error);
    record.status = std::move(status);
    record.ended = default_clock().now();
    record.error = std::move(error);
    record_run_finished(record);
    persist(nullptr, std::move(record), std::move(done));
}

bool scheduler::resume(const std::string& run_id, run_done done) {
    {
        std::lock_guard lock(mutex_);
        if (!accepting_)
            throw error(errc::unavailable, "the engine is shutting down; no runs resumed");
        if (live_.contains(run_id))
            return true;
    }
    auto record = store_.find_run(run_id);
    if (!record)
        throw error(errc::not_found, "no run '" + run_id + "'");
    if (record->status != "running")
        throw error(errc::precondition_failed,
                    "run '" + run_id + "' has ended (" + record->status + ")");
    auto entries = store_.journal_of(run_id);
    for (const auto& e : entries) {
        if (e.kind == "cancel") {
            close(std::move(*record), "cancelled",
                  "cancelled: " + e.data.value("reason", std::string("cancelled by request")),
                  std::move(done));
            return false;
        }
    }
    if (record->source.empty()) {
        close(std::move(*record), "failed",
              "cannot resume after an engine restart: the run's playbook source was not recorded",
              std::move(done));
        return false;
    }
    definition_ptr def;
    try {
        lua::load_options load;
        load.sandbox = lua::sandbox_config{options_.module_dirs, natives_};
        def = std::make_shared<const lua::playbook_definition>(
            lua::load_playbook_source(record->source, record->source_path, load));
    } catch (const std::exception& e) {
        close(std::move(*record), "failed",
              std::string("cannot resume after an engine restart: ") + e.what(), std::move(done));
        return false;
    }
    launch_args a;
    a.playbook = def;
    a.workspace = workspace_of_trigger(record->trigger).value_or(options_.default_workspace);
    a.note = "resumed after an engine restart; replaying " + std::to_string(entries.size()) +
             " journal entries";
    a.journal = std::move(entries);
    a.record = *record;
    a.done = done;
    try {
        launch(std::move(a));
    } catch (const error& e) {
        if (e.code() == errc::unavailable)
            throw;
        close(std::move(*record), "failed",
              std::string("cannot resume after an engine restart: ") + e.what(), std::move(done));
        return false;
    }
    spdlog::info("run {} of '{}' resumed after an engine restart", run_id, record->playbook);
    return true;
}

std::size_t scheduler::resume_unfinished() {
    std::vector<std::string> ids;
    try {
        ids = store_.unfinished_runs();
    } catch (const error& e) {
        if (e.code() != errc::unsupported)
            spdlog::error("runner: unfinished runs not read: {}", e.what());
        return 0;
    }
    std::size_t resumed = 0;
    for (const auto& id : ids) {
        try {
            if (resume(id))
                ++resumed;
        } catch (const std::exception& e) {
            spdlog::error("run {}: not resumed: {}", id, e.what());
        }
    }
    return resumed;
}

bool scheduler::known(const std::string& run_id) {
    {
        std::lock_guard lock(mutex_);
        if (live_.contains(run_id))
            return true;
    }
    try {
        return store_.find_run(run_id).has_value();
    } catch (const error& e) {
        if (e.code() == errc::unsupported)
            return false;
        throw;
    }
}

}  // namespace tocsin::runner
