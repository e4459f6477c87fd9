#pragma once
// docs/configuration.md written from the configuration schema (config_schema.hpp), so the
// reference lists exactly the keys the loader accepts. `tocsin config docs` prints it; CI
// compares the committed file with it (tests/docs).

#include <span>
#include <string>

#include "engine/core/config_schema.hpp"

namespace tocsin {

// Markdown: how configuration is layered, then one table per section (the part of the key
// before the first dot; keys without one are "general"), sections in schema order.
std::string config_reference_markdown(std::span<const config_option> options);

// "1024 to 1073741824", "one of: text, json", or "" (no bounds), for one key.
std::string config_bounds_text(const config_option& option);

}  // namespace tocsin
