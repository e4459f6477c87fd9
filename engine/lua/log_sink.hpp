#pragma once
// Where a run's ctx.log.info/warn/error (and print) go. Called synchronously on the run's executor;
// must not throw (an exception is swallowed and the line lost).

#include <functional>
#include <string_view>

namespace tocsin::lua {

enum class log_level { info, warn, error };

const char* to_string(log_level l) noexcept;

using log_sink = std::function<void(std::string_view run_id, log_level, std::string_view message)>;

}  // namespace tocsin::lua
