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
//      _attempts = N      total tries (1 to max_call_attempts; default: the action's policy)
//      _backoff_ms = N    first retry delay, doubled per retry (default: the action's policy)
//      _max_backoff_ms=N  cap of the retry delay (default: the action's policy)
//  - Retryable errors are retried by the engine per that retry policy.
//  - The handler gets idempotency_key "<run id>:<call number>", the same on every retry and on
//    the re-execution of a call that was in flight when the engine stopped.
// Each call is recorded in the run's scope (name, input, output or error, duration, attempts)
// and journaled (run_journal.hpp): the playbook gets the answer once its journal entry is
// stored. While a resumed run replays, a call is answered from its journal entry instead of
// being executed (a different name or input there aborts the run as non-deterministic); a call
// the journal has retry state for continues that policy (failed attempts, remaining backoff).

#include <memory>

#include "engine/lua/natives.hpp"
#include "engine/plugin/registry.hpp"
#include "engine/runner/run_directory.hpp"

namespace tocsin::runner {

// Longest per-call timeout a playbook may ask for.
inline constexpr std::int64_t max_call_timeout_ms = 60LL * 60 * 1000;
// Most tries per call a playbook may ask for, and the longest backoff.
inline constexpr std::int64_t max_call_attempts = 20;
inline constexpr std::int64_t max_call_backoff_ms = 10LL * 60 * 1000;

// Adds one native per action of `plugins` to `natives`. `plugins` and `runs` must outlive every
// run using the natives.
void add_action_natives(lua::native_registry& natives, const plugin::registry& plugins,
                        const run_directory& runs);

}  // namespace tocsin::runner
