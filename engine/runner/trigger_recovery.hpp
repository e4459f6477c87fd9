#pragma once
// The durable side of event triggers (see event_triggers.hpp): at start-up, creation events that
// may not have become runs before the engine stopped are read back from the store's activity log
// and dispatched again; event_run_id makes that idempotent (a run that has a record is skipped).
//
// The runner keeps a cursor (runner value "creation_events.cursor", an activity id). The first
// start only sets it to the newest activity (events from before the runner existed start
// nothing); every later start reads the events after it, oldest first, and moves it to the last
// one read. The incident or alert is read as it is now; one deleted since is skipped.
// Call it after subscribing to live events, so an event is either read here or delivered live.
//
// Thread-safety: call from one thread at a time (the runner component's start).

#include <cstddef>

#include "engine/runner/catalog.hpp"
#include "engine/runner/scheduler.hpp"
#include "engine/store/store.hpp"

namespace tocsin::runner {

inline constexpr const char* creation_cursor_key = "creation_events.cursor";

// Returns the runs started. Never throws: store failures are logged.
std::size_t recover_creation_events(store::store& store, const catalog& playbooks, scheduler& runs);

}  // namespace tocsin::runner
