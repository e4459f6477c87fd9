#pragma once
// Playbooks and plugin actions as JSON, the one shape the REST API (/api/v1/playbooks,
// /api/v1/plugins) and the CLI's --json output share.

#include <nlohmann/json.hpp>

#include "engine/lua/playbook.hpp"
#include "engine/plugin/action.hpp"

namespace tocsin::runner {

// {name, version, description, triggers: [{kind, filter?, options?}], params: [{name, type,
// required, default?, choices?, description}], sourcePath, sha256[, source]}.
nlohmann::json describe_playbook(const lua::playbook_definition& def, bool with_source);

// {name, version, description, actions: [{name, lua, description, input (JSON schema),
// outputExample (null when the descriptor has none), errors: [{code, when}] (the operational
// errors it returns as nil, err; sorted by code, as in docs/actions.md), sideEffects,
// idempotent, defaultTimeoutMs, retryAttempts}]}.
nlohmann::json describe_plugin(const plugin::plugin_descriptor& plugin);

}  // namespace tocsin::runner
