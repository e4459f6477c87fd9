#pragma once

#include <string_view>

namespace tocsin {

// Configures the process-wide spdlog logger: level ("trace" … "off") and format ("text" for
// people, "json" for one object per line with time, level, logger and message). Thread-safe to
// call before other threads log; call once at start-up.
void configure_logging(std::string_view level, std::string_view format);

}  // namespace tocsin
