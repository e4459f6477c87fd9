#pragma once
// Plugin actions as Lua natives. Every registry action "plugin.action" becomes
// `tocsin.plugin.action{...}`, called with one table:
//
//   local inc, err = tocsin.incidents.create{ title = "Phishing", severity = "High" }
//
//  - The table is checked against the action's input schema first; a bad argument raises
//    ("tocsin.incidents.create: incidents.create: 'severity' must be one of: ...").
//  - Then the coroutine suspends, the handler runs with plugin::services, and the call returns
//    the output, or nil, err with err = {code, message, retryable[, field]}.
//  - Reserved fields, removed before validation:
//      _timeout_ms = N    per-attempt timeout (default: the action's default_timeout)
//      _instance = "x"    configured plugin instance, e.g. notify:oncall is
//                         tocsin.notify.post{ _instance = "oncall", ... }
//  - Retryable errors are retried by the engine per the action's retry_policy.
// Each call is recorded in the run's scope (name, input, output or error, duration, attempts).

#include <memory>

#include "engine/lua/natives.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/run_directory.hpp"

namespace tocsin::runner {

// Longest per-call timeout a playbook may ask for.
inline constexpr std::int64_t max_call_timeout_ms = 60LL * 60 * 1000;

// Adds one native per action of `plugins` to `natives`. `plugins` and `runs` must outlive every
// run using the natives.
void add_action_natives(lua::native_registry& natives, const plugin::registry& plugins,
                        const run_directory& runs);

}  // namespace tocsin::runner
