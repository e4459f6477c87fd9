#include "src/server_components.hpp"

#include "engine/api/api_component.hpp"
#include "engine/api/arm_routes.hpp"
#include "engine/api/ingest_routes.hpp"
#include "engine/core/engine.hpp"
#include "engine/runner/runner_component.hpp"
#include "plugins/builtin_registry.hpp"

namespace tocsin::cli {

void add_server_components(engine& eng) {
    eng.add(std::make_unique<api::api_component>(
        eng,
        std::vector<api::route_module>{api::add_arm_incident_routes, api::add_arm_relation_routes,
                                       api::add_arm_comment_routes, api::add_arm_task_routes,
                                       api::add_arm_automation_rule_routes, api::ingest_routes()}));
    // Playbook runner: built-in plugins, catalog, event-triggered runs (engine/runner).
    {
        plugin::registry plugins;
        plugins::register_builtin_plugins(plugins);
        eng.add(std::make_unique<runner::runner_component>(eng, std::move(plugins)));
    }
}

}  // namespace tocsin::cli
