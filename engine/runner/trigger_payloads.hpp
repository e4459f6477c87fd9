#pragma once
// ctx.trigger of every trigger kind, shown by examples, for the editor definitions
// (luals_definitions.hpp). Incident and alert payloads come from the runner's own trigger_of()
// on sample events, so they follow the code; the payloads built by triggers/ (webhook, e-mail,
// form, schedule) and by the API (manual) are written here after the functions that build them,
// which are named beside each example: change both together.

#include <vector>

#include "engine/runner/luals_definitions.hpp"

namespace tocsin::runner {

// One entry per lua::trigger_kind.
std::vector<trigger_payload> trigger_payloads();

}  // namespace tocsin::runner
