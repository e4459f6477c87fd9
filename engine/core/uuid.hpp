#pragma once

#include <string>
#include <string_view>

namespace tocsin {

// A random (version 4) UUID in lower-case canonical form. Thread-safe.
std::string new_uuid();
// A time-ordered (version 7, RFC 9562) UUID: 48 bits of Unix milliseconds, then 74 random bits.
// For the names of stored records and runs: ids made later sort later, so inserts land at the
// right edge of the store's indexes and writes committed together share their pages, where random
// ids scatter each insert over the whole index. Unique and unguessable like new_uuid(), but it
// reveals when it was made; secrets and anything that must not leak a time use new_uuid().
std::string new_time_ordered_uuid();
// A name-based (version 5, SHA-1) UUID of `name`: the same name always gives the same UUID.
// For ids that must be stable across retries and restarts (idempotency keys, event-run ids).
std::string name_uuid(std::string_view name);
// True when text is a canonical 8-4-4-4-12 hex UUID (either case).
bool is_uuid(std::string_view text);

}  // namespace tocsin
