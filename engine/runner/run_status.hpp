#pragma once
// The status of a run record, from the Lua layer's outcome.

#include <string>

#include "engine/lua/run.hpp"

namespace tocsin::runner {

// "succeeded", "failed", "timed-out" (wall clock), "limit-exceeded" (cpu, memory, actions),
// "cancelled".
std::string status_of(const lua::run_outcome& outcome);

}  // namespace tocsin::runner
