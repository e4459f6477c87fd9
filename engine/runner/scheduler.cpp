#include "engine/runner/scheduler.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/strand.hpp>

#include "engine/core/time.hpp"
#include "engine/core/uuid.hpp"
#include "engine/plugin/redaction.hpp"
#include "engine/runner/action_bridge.hpp"
#include "engine/runner/journal_clock.hpp"
#include "engine/runner/run_metrics.hpp"
#include "engine/runner/run_status.hpp"

namespace tocsin::runner {

namespace {

// A store without runs (errc::unsupported) keeps no records: that is not worth a log line.
void log_unstored_record(const std::string& run_id, const result<void>& written) {
    if (!written && written.error().code != errc::unsupported)
        spdlog::error("run {}: record not stored: {}", run_id, written.error().message);
}

}  // namespace

scheduler::scheduler(boost::asio::io_context& io, const plugin::registry& plugins,
                     store::store& store, blocking_pool& blocking, event_bus& bus,
                     scheduler_options options)
    : io_(io),
      store_(store),
      blocking_(blocking),
      bus_(bus),
      options_(std::move(options)),
      natives_(std::make_shared<lua::native_registry>()) {
    add_action_natives(*natives_, plugins, directory_);
    gauges_ = register_run_gauges([this] { return active(); },
                                  [this] {
                                      std::lock_guard lock(mutex_);
                                      return pending_writes_;
                                  });
}

scheduler::~scheduler() {
    gauges_.reset();  // a scrape must not read a scheduler being torn down
    cancel_all("engine stopped");
    wait_idle(std::chrono::seconds(5));
}

std::string scheduler::start(run_request request, run_done done) {
    if (!request.playbook)
        throw error(errc::invalid_argument, "no playbook to run");
    const auto& def = *request.playbook;
    launch_args a;
    a.record.id = request.run_id.empty() ? new_time_ordered_uuid() : request.run_id;
    a.record.playbook = def.name;
    a.record.version = def.version;
    a.record.sha256 = def.sha256;
    a.record.source_path = def.source_path;
    a.record.source = def.source;
    a.record.trigger_kind = request.trigger_kind;
    a.record.trigger = request.trigger;
    a.record.params = request.params.is_null() ? nlohmann::json::object() : request.params;
    a.record.started = default_clock().now();
    a.playbook = std::move(request.playbook);
    a.workspace = request.workspace.value_or(options_.default_workspace);
    a.done = std::move(done);
    a.queued = std::move(request.queued);
    return launch(std::move(a));
}

std::string scheduler::launch(launch_args a) {
    const auto& def = *a.playbook;
    const std::string id = a.record.id;
    {
        std::lock_guard lock(mutex_);
        if (!accepting_)
            throw error(errc::unavailable, "the engine is shutting down; no new runs");
        if (live_.contains(id))
            return id;
    }

    // Held until the record is queued first: building the run journals the random seed.
    auto writer = std::make_shared<serial_writer>(blocking_, true, &store_);
    auto journal = std::make_shared<run_journal>(id, store_, writer, std::move(a.journal));
    auto scope = std::make_shared<run_scope>();
    scope->run_id = id;
    scope->playbook = def.name;
    scope->executor = boost::asio::make_strand(io_);
    scope->services = std::make_shared<const plugin::services>(
        plugin::services{store_, blocking_, io_.get_executor(), bus_, a.workspace});
    scope->actor = model::principal{model::principal::kind::playbook, id, def.name};
    scope->journal = journal;
    if (!a.note.empty())
        scope->add_log("warn", a.note);

    lua::run_options ro;
    ro.executor = scope->executor;
    ro.sandbox = lua::sandbox_config{options_.module_dirs, natives_};
    ro.limits = options_.limits;
    ro.clock = std::make_shared<journal_clock>(journal, lua::make_system_clock_source());
    std::weak_ptr<run_scope> weak_scope = scope;
    ro.log = [weak_scope](std::string_view, lua::log_level level, std::string_view message) {
        if (auto s = weak_scope.lock())
            s->add_log(lua::to_string(level), message);
    };
    ro.on_complete = [this, id](const lua::run_outcome& outcome) { finish(id, outcome); };

    lua::run_context ctx{a.record.trigger, a.record.params, id};
    // Throws for bad params before anything is registered or written.
    auto run = lua::run::create(def, std::move(ctx), std::move(ro));
    {
        std::lock_guard lock(mutex_);
        if (!accepting_)
            throw error(errc::unavailable, "the engine is shutting down; no new runs");
        if (!live_.emplace(id, live_run{scope, run, a.record, std::move(a.done)}).second)
            return id;
        ++pending_writes_;
    }
    directory_.add(scope);
    // The record goes first, then what building the run journaled, then everything after.
    auto put = [this, record = a.record] { store_.put_run(record); };
    writer->start(std::move(put),
                  [this, id, queued = std::move(a.queued)](const result<void>& written) {
                      log_unstored_record(id, written);
                      if (queued) {
                          try {
                              queued(id, written.has_value());
                          } catch (const std::exception& e) {
                              spdlog::error("run {}: queued callback failed: {}", id, e.what());
                          }
                      }
                      std::lock_guard lock(mutex_);
                      --pending_writes_;
                      idle_.notify_all();
                  });
    std::weak_ptr<lua::run> weak_run = run;
    journal->on_diverge([weak_run](const std::string& message) {
        if (auto r = weak_run.lock())
            r->abort(message);
    });
    spdlog::debug("run {} of playbook '{}' started ({})", id, def.name, a.record.trigger_kind);
    run->start();
    return id;
}

void scheduler::finish(const std::string& run_id, const lua::run_outcome& outcome) {
    live_run live;
    store::run_record record;
    {
        std::lock_guard lock(mutex_);
        auto it = live_.find(run_id);
        if (it == live_.end())
            return;
        live = std::move(it->second);
        live_.erase(it);
        ++pending_writes_;  // with the erase, so wait_idle never sees neither
        record = snapshot(live);
        record.status = status_of(outcome);
        record.ended = default_clock().now();
        record.error = outcome.error;
        record.traceback = outcome.traceback;
        record.result = outcome.result;
        auto visible = record;
        plugin::redact_record(visible);
        finishing_.insert_or_assign(run_id, std::move(visible));
    }
    directory_.remove(run_id);
    record_run_finished(record);
    if (record.status == "succeeded")
        spdlog::debug("run {} of '{}' succeeded", run_id, record.playbook);
    else
        spdlog::warn("run {} of '{}' {}: {}", run_id, record.playbook, record.status,
                     outcome.error);
    persist(live.scope->journal ? live.scope->journal->writer().shared_from_this() : nullptr,
            std::move(record), std::move(live.done), true);
}

store::run_record scheduler::snapshot(const live_run& live) const {
    auto record = live.record;
    record.logs = live.scope->logs_json();
    record.actions = live.scope->actions_json();
    plugin::redact_record(record);  // live runs are shown over the API too
    return record;
}

void scheduler::persist(std::shared_ptr<serial_writer> writer, store::run_record record,
                        run_done done, bool counted) {
    if (!counted) {
        std::lock_guard lock(mutex_);
        ++pending_writes_;
    }
    if (!writer)
        writer = std::make_shared<serial_writer>(blocking_, false, &store_);
    plugin::redact_record(record);  // secret values never reach the store or API answers
    auto shared = std::make_shared<const store::run_record>(std::move(record));
    writer->post([this, shared] { store_.put_run(*shared); },
                 [this, shared, done = std::move(done)](const result<void>& written) {
                     const auto& record = *shared;
                     log_unstored_record(record.id, written);
                     if (done) {
                         try {
                             done(record);
                         } catch (const std::exception& e) {
                             spdlog::error("run {}: completion callback failed: {}", record.id,
                                           e.what());
                         }
                     }
                     std::lock_guard lock(mutex_);
                     if (record.status != "running")
                         finishing_.erase(record.id);
                     --pending_writes_;
                     idle_.notify_all();
                 });
}

bool scheduler::cancel(std::string_view run_id, std::string reason) {
    std::shared_ptr<lua::run> run;
    std::shared_ptr<run_journal> journal;
    {
        std::lock_guard lock(mutex_);
        auto it = live_.find(run_id);
        if (it == live_.end())
            return false;
        run = it->second.run;
        journal = it->second.scope->journal;
    }
    if (journal)
        journal->append("cancel", {{"reason", reason}});
    run->cancel(std::move(reason));
    return true;
}

std::optional<store::run_record> scheduler::find(const std::string& run_id) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = live_.find(run_id); it != live_.end())
            return snapshot(it->second);
        if (auto it = finishing_.find(run_id); it != finishing_.end())
            return it->second;
    }
    try {
        return store_.find_run(run_id);
    } catch (const error& e) {
        if (e.code() == errc::unsupported)
            return std::nullopt;
        throw;
    }
}

std::vector<store::run_record> scheduler::list(const store::run_query& query) {
    std::vector<store::run_record> out;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [_, live] : live_) {
            if (query.playbook && live.record.playbook != *query.playbook)
                continue;
            if (query.status && *query.status != "running")
                continue;
            out.push_back(snapshot(live));
        }
        for (const auto& [_, ended] : finishing_) {
            if (query.playbook && ended.playbook != *query.playbook)
                continue;
            if (query.status && *query.status != ended.status)
                continue;
            out.push_back(ended);
        }
    }
    try {
        for (auto& r : store_.list_runs(query)) {
            const bool dup =
                std::any_of(out.begin(), out.end(), [&](const auto& l) { return l.id == r.id; });
            if (!dup)
                out.push_back(std::move(r));
        }
    } catch (const error& e) {
        if (e.code() != errc::unsupported)
            throw;
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.started > b.started; });
    if (out.size() > query.top)
        out.resize(query.top);
    return out;
}

void scheduler::stop_accepting() {
    std::lock_guard lock(mutex_);
    accepting_ = false;
}

std::size_t scheduler::active() const {
    std::lock_guard lock(mutex_);
    return live_.size();
}

void scheduler::cancel_all(const std::string& reason) {
    std::vector<std::shared_ptr<lua::run>> runs;
    {
        std::lock_guard lock(mutex_);
        accepting_ = false;
        for (auto& [_, live] : live_)
            runs.push_back(live.run);
    }
    for (auto& r : runs)
        r->cancel(reason);
}

bool scheduler::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] {
        // live_ entries leave in finish(), whose record write then counts as pending.
        return live_.empty() && pending_writes_ == 0;
    });
}

}  // namespace tocsin::runner
