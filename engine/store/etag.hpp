#pragma once
// Optimistic concurrency: the If-Match rule every store applies before a write.

#include <optional>
#include <string>
#include <string_view>

namespace tocsin::store {

// Throws errors::etag_mismatch(resource_name) unless the write may proceed:
//  - no if_match: always proceeds;
//  - "*": proceeds when the resource exists;
//  - otherwise: proceeds when the resource exists and its current etag equals if_match.
// `current_etag` is null when the resource does not exist.
void check_if_match(const std::optional<std::string>& if_match, const std::string* current_etag,
                    std::string_view resource_name);

}  // namespace tocsin::store
