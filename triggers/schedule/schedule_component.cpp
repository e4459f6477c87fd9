#include "triggers/schedule/schedule_component.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "engine/error.hpp"
#include "engine/lua/playbook.hpp"
#include "triggers/schedule/schedule_clock.hpp"
#include "triggers/schedule/schedule_plan.hpp"

namespace tocsin::triggers {
namespace {

std::string where(const lua::playbook_definition& def, std::size_t trigger) {
    return "playbook '" + def.name + "' (" + def.source_path + ") triggers[" +
           std::to_string(trigger) + "]";
}

std::string describe_next(const std::optional<time_point>& next) {
    return next ? format_time(*next) : std::string("never (no instant within 29 years)");
}

}  // namespace

schedule_component::schedule_component(boost::asio::io_context& io, blocking_pool& blocking,
                                       store::store& store, const runner::catalog& playbooks,
                                       runner::scheduler& runs, const clock& time,
                                       schedule_settings settings)
    : io_(io),
      playbooks_(playbooks),
      runs_(runs),
      clock_(time),
      settings_(settings),
      ledger_(std::make_shared<schedule_ledger>(store)),
      queue_(std::make_shared<runner::serial_writer>(blocking, false)) {}

bool schedule_component::flight::enter() {
    std::lock_guard lock(mutex);
    if (!open)
        return false;
    ++steps;
    return true;
}

void schedule_component::flight::leave() {
    std::lock_guard lock(mutex);
    --steps;
    done.notify_all();
}

bool schedule_component::flight::is_open() {
    std::lock_guard lock(mutex);
    return open;
}

schedule_component::~schedule_component() {
    begin_shutdown();
    // A step uses the component: wait for it however long it takes (steps are short).
    std::unique_lock lock(flight_->mutex);
    flight_->done.wait(lock, [this] { return flight_->steps == 0; });
}

void schedule_component::start() {
    {
        std::lock_guard lock(mutex_);
        timer_ = std::make_unique<boost::asio::steady_timer>(io_);
    }
    if (flight_->enter())
        queue_step();
}

void schedule_component::queue_step() {
    queue_->post([this, flight = flight_] {
        if (flight->is_open()) {
            try {
                step();
            } catch (const std::exception& e) {
                // A bug must not stop every schedule: log it and look again after a sleep.
                spdlog::error("schedule: {}", e.what());
                arm_timer(clock_.now());
            }
        }
        flight->leave();
    });
}

void schedule_component::step() {
    const auto now = clock_.now();
    sync_catalog(now);
    first_step_ = false;
    for (auto& [key, e] : entries_) {
        if (!flight_->is_open())
            return;
        if (!e.spec || !e.next || *e.next > now)
            continue;
        const auto plan = plan_due(*e.spec, *e.next, now);
        if (plan.dropped)
            spdlog::warn(
                "schedule: {}: instants from {} to before {} passed unrun (engine stalled or "
                "clock stepped); running the latest only",
                where(*e.playbook, key.second), format_time(*e.next), format_time(*plan.fire));
        fire(key, e, *plan.fire, fire_reason::on_time);
        e.next = plan.next;
    }
    arm_timer(now);
}

// Rebuilds the entries from the catalog: unchanged triggers keep their next instant; new and
// changed ones are examined (and caught up, on the first step); removed ones are dropped.
void schedule_component::sync_catalog(time_point now) {
    std::map<entry_key, entry> next_entries;
    for (const auto& def : playbooks_.with_trigger(lua::trigger_kind::schedule)) {
        for (std::size_t i = 0; i < def->triggers.size(); ++i) {
            if (def->triggers[i].kind != lua::trigger_kind::schedule)
                continue;
            entry_key key{def->name, i + 1};
            const auto old = entries_.find(key);
            const entry* before = old == entries_.end() ? nullptr : &old->second;
            if (before && before->playbook == def) {
                next_entries.emplace(std::move(key), std::move(old->second));
                continue;
            }
            next_entries.emplace(std::move(key), examine(def, i + 1, before, now));
        }
    }
    for (const auto& [key, e] : entries_)
        if (!next_entries.contains(key))
            spdlog::info("schedule: playbook '{}' triggers[{}] no longer scheduled", key.first,
                         key.second);
    entries_ = std::move(next_entries);
    // Problems of triggers that are gone or fixed go too.
    std::lock_guard lock(mutex_);
    problems_.erase(std::remove_if(problems_.begin(), problems_.end(),
                                   [this](const schedule_problem& p) {
                                       const auto it = entries_.find({p.playbook, p.trigger});
                                       return it == entries_.end() || it->second.spec;
                                   }),
                    problems_.end());
}

// A trigger that is new, or whose playbook was reloaded: checks it and plans its first instant.
schedule_component::entry schedule_component::examine(const runner::definition_ptr& def,
                                                      std::size_t trigger, const entry* before,
                                                      time_point now) {
    const auto& options = def->triggers[trigger - 1].options;
    entry e{def, options, std::nullopt, std::nullopt};
    try {
        e.spec = schedule_spec::parse(options);
        lua::resolve_params(def->params, nullptr);
    } catch (const error& failure) {
        e.spec.reset();  // a trigger that cannot run has no schedule
        const bool param = failure.code() == errc::missing_field;
        const auto message = "schedule: " + where(*def, trigger) + ": " +
                             (param ? "a scheduled run has no parameters, but '" + failure.field() +
                                          "' is required and has no default"
                                    : std::string(failure.what())) +
                             "; this trigger will not fire";
        spdlog::error("{}", message);
        std::lock_guard lock(mutex_);
        problems_.erase(std::remove_if(problems_.begin(), problems_.end(),
                                       [&](const schedule_problem& p) {
                                           return p.playbook == def->name && p.trigger == trigger;
                                       }),
                        problems_.end());
        problems_.push_back({def->name, def->source_path, trigger, failure.field(), message});
        return e;
    }
    // A reload that left this trigger's options as they were keeps its place in the schedule.
    if (before && before->spec && before->options == options) {
        e.next = before->next;
        return e;
    }
    const auto key = ledger_key(def->name, trigger);
    auto handled = first_step_ ? ledger_->handled_through(key) : std::nullopt;
    if (first_step_) {
        // A fire stored as decided but not as handled: the engine stopped between the two.
        const auto fired = ledger_->last_fired(key);
        if (fired && (!handled || *fired > *handled)) {
            spdlog::warn(
                "schedule: {}: the fire for {} was stored but not its outcome (the "
                "engine stopped in between); completing it",
                where(*def, trigger), format_time(*fired));
            fire({def->name, trigger}, e, *fired, fire_reason::recovered);
            handled = fired;
        }
    }
    const auto plan = first_step_ ? plan_start(*e.spec, handled, now) : plan_fresh(*e.spec, now);
    if (plan.clock_behind)
        spdlog::warn(
            "schedule: {}: the stored last instant is later than now (clock moved back?); "
            "going on from now",
            where(*def, trigger));
    if (plan.remember)
        ledger_->mark(key, *plan.remember);
    if (plan.fire) {
        spdlog::info(
            "schedule: {}: instants passed while the engine was down; running the "
            "latest, {}, once",
            where(*def, trigger), format_time(*plan.fire));
        fire({def->name, trigger}, e, *plan.fire, fire_reason::missed);
    }
    e.next = plan.next;
    spdlog::info("schedule: {} ({}) next at {}", where(*def, trigger), e.spec->describe().dump(),
                 describe_next(e.next));
    return e;
}

void schedule_component::fire(const entry_key& key, const entry& e, time_point instant,
                              fire_reason reason) {
    const auto id = schedule_run_id(key.first, key.second, instant);
    const auto ledger_entry = ledger_key(key.first, key.second);
    const bool missed = reason == fire_reason::missed;
    try {
        if (runs_.known(id)) {
            spdlog::debug("schedule: run {} for {} already exists", id, format_time(instant));
            ledger_->mark(ledger_entry, instant);
            return;
        }
        // Stored before the run starts: a crash from here until the run's record is stored is
        // completed at the next start (examine), and the run id keeps it from running twice.
        ledger_->record_fire(ledger_entry, instant);
        runner::run_request request;
        request.playbook = e.playbook;
        request.trigger_kind = "schedule";
        request.trigger = {{"kind", "schedule"},
                           {"scheduled_at", format_time(instant)},
                           {"fired_at", format_time(clock_.now())},
                           {"missed", missed}};
        if (reason == fire_reason::recovered)
            request.trigger["recovered"] = true;
        request.trigger.update(e.spec->describe());
        request.run_id = id;
        request.queued = [ledger = ledger_, ledger_entry, instant](const std::string&,
                                                                   bool stored) {
            if (stored)
                ledger->mark(ledger_entry, instant);
        };
        runs_.start(std::move(request));
        // Regular fires are routine (every second, for some); catch-ups are worth noticing.
        spdlog::log(reason == fire_reason::on_time ? spdlog::level::debug : spdlog::level::info,
                    "schedule: {} started run {} for {}{}", where(*e.playbook, key.second), id,
                    format_time(instant),
                    missed                             ? " (missed)"
                    : reason == fire_reason::recovered ? " (recovered)"
                                                       : "");
    } catch (const std::exception& failure) {
        spdlog::error("schedule: {}: run for {} not started: {}", where(*e.playbook, key.second),
                      format_time(instant), failure.what());
    }
}

void schedule_component::arm_timer(time_point now) {
    std::optional<time_point> earliest;
    for (const auto& [_, e] : entries_)
        if (e.next && (!earliest || *e.next < *earliest))
            earliest = e.next;
    auto wait = settings_.max_sleep;
    if (earliest)
        wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(*earliest - now),
                          std::chrono::milliseconds{1}, settings_.max_sleep);
    std::lock_guard lock(mutex_);
    if (!timer_ || !flight_->is_open())
        return;
    timer_->expires_after(wait);
    // The handler touches the component only once `flight` admits it: a step in flight keeps
    // the component alive.
    timer_->async_wait([this, flight = flight_](const boost::system::error_code& ec) {
        if (!ec && flight->enter())
            queue_step();
    });
}

void schedule_component::begin_shutdown() {
    {
        std::lock_guard lock(flight_->mutex);
        flight_->open = false;
    }
    std::lock_guard lock(mutex_);
    if (timer_)
        timer_->cancel();
}

bool schedule_component::idle() const {
    std::lock_guard lock(flight_->mutex);
    return flight_->steps == 0;
}

void schedule_component::stop() {
    begin_shutdown();
    std::unique_lock lock(flight_->mutex);
    if (!flight_->done.wait_for(lock, std::chrono::seconds(3),
                                [this] { return flight_->steps == 0; }))
        spdlog::warn("schedule: a step was still running at shutdown");
}

std::vector<schedule_problem> schedule_component::problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
}

namespace {

// Owns the clock the configuration asks for, then the component running on it.
class configured_schedule final : public component {
  public:
    configured_schedule(engine& eng, runner::runner_component& runner)
        : clock_(schedule_clock(eng.settings())),
          inner_(eng.io(), eng.blocking(), eng.store(), runner.catalog(), runner.scheduler(),
                 *clock_) {}

    std::string name() const override { return inner_.name(); }
    void start() override { inner_.start(); }
    void begin_shutdown() override { inner_.begin_shutdown(); }
    bool idle() const override { return inner_.idle(); }
    void stop() override { inner_.stop(); }

  private:
    std::unique_ptr<clock> clock_;
    schedule_component inner_;
};

}  // namespace

std::unique_ptr<component> make_schedule_component(engine& eng, runner::runner_component& runner) {
    return std::make_unique<configured_schedule>(eng, runner);
}

}  // namespace tocsin::triggers
