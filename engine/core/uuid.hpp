#pragma once

#include <string>
#include <string_view>

namespace tocsin {

// A random (version 4) UUID in lower-case canonical form. Thread-safe.
std::string new_uuid();
// True when text is a canonical 8-4-4-4-12 hex UUID (either case).
bool is_uuid(std::string_view text);

}  // namespace tocsin
