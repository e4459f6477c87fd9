#include "engine/runner/runner_component.hpp"

#include <spdlog/spdlog.h>

#include "engine/runner/event_triggers.hpp"
#include "engine/runner/trigger_recovery.hpp"

namespace tocsin::runner {
namespace {

std::string string_value(const config& cfg, const char* key, const char* fallback) {
    const auto it = cfg.values.find(key);
    return it != cfg.values.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::int64_t integer_value(const config& cfg, const char* key, std::int64_t fallback) {
    const auto it = cfg.values.find(key);
    return it != cfg.values.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

}  // namespace

model::workspace_ref default_workspace(const config& cfg) {
    return {string_value(cfg, "workspace.subscription", "00000000-0000-0000-0000-000000000000"),
            string_value(cfg, "workspace.resource_group", "tocsin"),
            string_value(cfg, "workspace.name", "default")};
}

lua::limits run_limits(const config& cfg) {
    lua::limits l;
    l.wall_clock =
        std::chrono::milliseconds{integer_value(cfg, "runner.wall_clock_ms", l.wall_clock.count())};
    l.actions = static_cast<std::uint32_t>(integer_value(cfg, "runner.max_actions", l.actions));
    return l;
}

runner_component::runner_component(engine& eng, plugin::registry plugins)
    : engine_(eng), plugins_(std::move(plugins)) {
    const auto& cfg = eng.settings();
    poll_interval_ = std::chrono::milliseconds{integer_value(cfg, "playbooks.poll_ms", 1000)};
    scheduler_options opts;
    opts.limits = run_limits(cfg);
    opts.module_dirs = cfg.playbook_dirs;
    opts.default_workspace = default_workspace(cfg);
    scheduler_ = std::make_unique<runner::scheduler>(eng.io(), plugins_, eng.store(),
                                                     eng.blocking(), eng.bus(), std::move(opts));
    lua::load_options load;
    load.sandbox = lua::sandbox_config{cfg.playbook_dirs, scheduler_->natives()};
    catalog_ = std::make_unique<runner::catalog>(cfg.playbook_dirs, std::move(load));
}

runner_component::~runner_component() {
    alive_->store(false);
}

void runner_component::start() {
    catalog_->refresh();
    spdlog::info("runner: {} playbooks loaded, {} skipped", catalog_->all().size(),
                 catalog_->problems().size());
    // Runs a crash interrupted first (they keep the source they started with), then the events
    // whose runs may have been lost, after subscribing so none falls between the two.
    const auto resumed = scheduler_->resume_unfinished();
    spdlog::info("runner: {} interrupted runs resumed", resumed);
    if (subscribe_)
        subscription_ = engine_.bus().subscribe(
            {event_type::incident_created, event_type::alert_created, event_type::incident_updated,
             event_type::alert_related},
            [this, alive = alive_](const std::shared_ptr<const domain_event>& ev) {
                if (alive->load())
                    dispatch_event(*ev, *catalog_, *scheduler_);
            },
            engine_.io().get_executor());
    if (const auto n = recover_creation_events(engine_.store(), *catalog_, *scheduler_); n > 0)
        spdlog::info("runner: {} runs started for creation events a restart had not dispatched", n);
    if (poll_interval_.count() > 0) {
        poll_timer_ = std::make_unique<boost::asio::steady_timer>(engine_.io());
        schedule_poll();
    }
}

void runner_component::deliver(const domain_event& event) {
    if (alive_->load())
        dispatch_event(event, *catalog_, *scheduler_);
}

bool runner_component::start_named(const std::string& playbook, run_request request) {
    if (!alive_->load())
        return false;
    auto def = catalog_->find(playbook);
    if (!def) {
        spdlog::warn("runner: playbook '{}' is not loaded; run {} not started", playbook,
                     request.run_id);
        return false;
    }
    try {
        if (!request.run_id.empty() && scheduler_->known(request.run_id))
            return true;
        request.playbook = std::move(def);
        scheduler_->start(std::move(request));
        return true;
    } catch (const std::exception& e) {
        spdlog::error("runner: playbook '{}' not started: {}", playbook, e.what());
        return false;
    }
}

void runner_component::schedule_poll() {
    poll_timer_->expires_after(poll_interval_);
    poll_timer_->async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !alive->load())
            return;
        // Loading is CPU-bound and bounded by the load limits; on the I/O thread it is brief.
        if (const auto n = catalog_->refresh(); n > 0)
            spdlog::info("runner: {} playbook files reloaded", n);
        schedule_poll();
    });
}

void runner_component::begin_shutdown() {
    scheduler_->stop_accepting();
    if (subscription_)
        engine_.bus().unsubscribe(*subscription_);
    subscription_.reset();
    alive_->store(false);
    if (poll_timer_)
        poll_timer_->cancel();
}

bool runner_component::idle() const {
    return scheduler_->active() == 0;
}

void runner_component::stop() {
    alive_->store(false);
    scheduler_->cancel_all("engine shutting down");
    if (!scheduler_->wait_idle(std::chrono::seconds(3)))
        spdlog::warn("runner: some run records were not written before shutdown");
}

}  // namespace tocsin::runner
