#include "src/server_components.hpp"

#include "engine/api/alert_read_routes.hpp"
#include "engine/api/api_component.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/api/ingest_routes.hpp"
#include "engine/api/manual_alert_routes.hpp"
#include "engine/api/runner_routes.hpp"
#include "engine/automation/automation_component.hpp"
#include "engine/core/engine.hpp"
#include "engine/plugin/configure.hpp"
#include "engine/runner/runner_component.hpp"
#include "plugins/builtin_registry.hpp"
#include "triggers/email/email_component.hpp"
#include "triggers/form/form_routes.hpp"
#include "triggers/schedule/schedule_component.hpp"
#include "triggers/webhook/webhook_routes.hpp"

namespace tocsin::cli {

void add_server_components(engine& eng) {
    // The runner starts before the API (whose routes start runs) and so stops after it.
    plugin::registry plugins;
    plugins::register_builtin_plugins(plugins);
    // plugins.dir, instances, secrets
    const auto setup = plugin::configure_plugins(plugins, eng.settings());
    auto runner = std::make_unique<runner::runner_component>(eng, std::move(plugins));
    auto& playbooks = *runner;
    // Automation takes the runner's event feed so that routing and rules run before playbooks.
    auto automation = std::make_unique<automation::automation_component>(eng, playbooks);
    auto* alert_pipeline = automation.get();
    eng.add(std::move(runner));
    eng.add(std::move(automation));
    eng.add(triggers::make_schedule_component(eng, playbooks));  // after the runner, stops first
    eng.add(std::make_unique<triggers::email_component>(eng, playbooks));  // SMTP, likewise

    triggers::webhook_route_options webhooks;
    // Webhook secrets come from the same sources as plugin secrets (secrets.file, TOCSIN_SECRET_*).
    webhooks.secrets = [secrets =
                            setup.secrets](std::string_view name) -> std::optional<std::string> {
        auto value = secrets->value(plugin::secret_ref(std::string(name)));
        if (!value)
            return std::nullopt;
        return std::move(value.value());
    };
    eng.add(std::make_unique<api::api_component>(
        eng,
        std::vector<api::route_module>{
            api::add_arm_incident_routes, api::add_arm_relation_routes, api::add_arm_comment_routes,
            api::add_arm_task_routes, api::add_arm_automation_rule_routes,
            api::add_arm_alert_rule_routes, api::add_arm_watchlist_routes, api::ingest_routes(),
            api::add_alert_read_routes, api::runner_routes(playbooks),
            api::manual_alert_routes(playbooks.plugins(), alert_pipeline),
            triggers::webhook_routes(playbooks, std::move(webhooks)),
            triggers::form_routes(playbooks)}));
}

}  // namespace tocsin::cli
