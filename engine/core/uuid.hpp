#pragma once

#include <string>
#include <string_view>

namespace tocsin {

// A random (version 4) UUID in lower-case canonical form. Thread-safe.
std::string new_uuid();
// A name-based (version 5, SHA-1) UUID of `name`: the same name always gives the same UUID.
// For ids that must be stable across retries and restarts (idempotency keys, event-run ids).
std::string name_uuid(std::string_view name);
// True when text is a canonical 8-4-4-4-12 hex UUID (either case).
bool is_uuid(std::string_view text);

}  // namespace tocsin
