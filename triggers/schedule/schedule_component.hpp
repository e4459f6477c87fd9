#pragma once
// The schedule trigger as an engine component: runs playbooks at the instants their schedule
// triggers name (schedule_spec.hpp: cron in a time zone, or an interval), with
//
//   ctx.trigger = { kind = "schedule",
//                   scheduled_at = "2025-03-31T06:00:00Z",   -- the instant, ISO 8601 UTC
//                   fired_at = "2025-03-31T06:00:00.012Z",   -- when the run was started
//                   cron = "*/15 8-18 * * 1-5", timezone = "Europe/Paris",  -- or every = "10m"
//                   missed = false,                           -- true: caught up at start-up
//                   recovered = true }                        -- only when completing a fire
//                                                             -- a crash cut off (ledger)
//
// and no parameters (a playbook whose parameters cannot all default is refused, see below).
// It keeps the next instant of every (playbook, trigger) and sleeps on a steady timer until the
// earliest, at most settings.max_sleep, then looks at the clock and the catalog again: a
// reloaded playbook's new schedule takes effect within that time, a removed playbook stops
// firing, and a wall-clock step (NTP, suspend) is noticed. Missed instants, start-up catch-up
// and what is stored: schedule_plan.hpp and schedule_ledger.hpp. Each fire is stored before its
// run starts, and runs are started through the scheduler with deterministic ids, so a crash
// neither loses a fire nor runs an instant twice.
//
// Bad options (a cron, timezone or interval that does not parse, an unknown option, parameters
// that a scheduled run cannot supply) are reported when the component first sees the playbook:
// logged once as an error naming the playbook, its file, the trigger and the option, and kept in
// problems(); that trigger does not fire, everything else does.
//
// Threads: the work runs one step at a time on a serial queue on the blocking pool (the store is
// read and written there); the timer only posts to it. Shutdown: begin_shutdown() stops firing;
// idle() once no step is running; stop() waits briefly for one. Runs already started belong to
// the runner. Thread-safety: problems() may be called from any thread.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "engine/core/blocking_pool.hpp"
#include "engine/core/engine.hpp"
#include "engine/core/time.hpp"
#include "engine/runner/catalog.hpp"
#include "engine/runner/runner_component.hpp"
#include "engine/runner/scheduler.hpp"
#include "engine/runner/serial_writer.hpp"
#include "engine/store/store.hpp"
#include "triggers/schedule/schedule_ledger.hpp"
#include "triggers/schedule/schedule_spec.hpp"

namespace tocsin::triggers {

struct schedule_settings {
    // Longest sleep before the clock and the catalog are looked at again.
    std::chrono::milliseconds max_sleep{1000};
};

struct schedule_problem {
    std::string playbook;
    std::string source_path;
    std::size_t trigger = 0;  // 1-based position in the playbook's triggers
    std::string field;        // "triggers.options.cron", or the parameter's name
    std::string message;      // names the playbook, the trigger and the option
};

class schedule_component final : public component {
  public:
    // Everything it uses must outlive it; `time` is the clock schedules are read against.
    schedule_component(boost::asio::io_context& io, blocking_pool& blocking, store::store& store,
                       const runner::catalog& playbooks, runner::scheduler& runs, const clock& time,
                       schedule_settings settings = {});
    ~schedule_component() override;

    std::string name() const override { return "schedule"; }
    void start() override;
    void begin_shutdown() override;
    bool idle() const override;
    void stop() override;

    std::vector<schedule_problem> problems() const;

  private:
    struct entry {
        runner::definition_ptr playbook;
        nlohmann::json options;
        std::optional<schedule_spec> spec;  // none: invalid (a problem)
        std::optional<time_point> next;
    };
    using entry_key = std::pair<std::string, std::size_t>;  // playbook, 1-based trigger

    void queue_step();  // after flight_->enter()
    void step();
    void sync_catalog(time_point now);
    entry examine(const runner::definition_ptr& def, std::size_t trigger, const entry* before,
                  time_point now);
    // on_time: a due instant; missed: caught up at start-up; recovered: a fire recorded before a
    // crash whose run was never stored (schedule_ledger.hpp).
    enum class fire_reason { on_time, missed, recovered };
    void fire(const entry_key& key, const entry& e, time_point instant, fire_reason reason);
    void arm_timer(time_point now);

    boost::asio::io_context& io_;
    const runner::catalog& playbooks_;
    runner::scheduler& runs_;
    const clock& clock_;
    const schedule_settings settings_;
    std::shared_ptr<schedule_ledger> ledger_;
    std::shared_ptr<runner::serial_writer> queue_;

    // Step state: touched only by step(), one at a time on queue_.
    std::map<entry_key, entry> entries_;
    bool first_step_ = true;

    // Steps in flight, shared with the queued jobs and timer handlers so that one arriving
    // after shutdown touches nothing of the component.
    struct flight {
        std::mutex mutex;
        std::condition_variable done;
        std::size_t steps = 0;  // guarded by mutex
        bool open = true;       // guarded by mutex
        bool enter();
        void leave();
        bool is_open();
    };

    mutable std::mutex mutex_;
    std::unique_ptr<boost::asio::steady_timer> timer_;  // guarded by mutex_
    std::vector<schedule_problem> problems_;            // guarded by mutex_
    std::shared_ptr<flight> flight_ = std::make_shared<flight>();
};

// The component as the server runs it: on the engine's pools and store, the runner's catalog and
// scheduler, and the clock schedule_clock() makes of the configuration.
std::unique_ptr<component> make_schedule_component(engine& eng, runner::runner_component& runner);

}  // namespace tocsin::triggers
