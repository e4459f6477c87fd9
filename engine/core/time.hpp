#pragma once
// Time in the engine is UTC with millisecond precision; text form is ISO 8601 / RFC 3339 as the
// Sentinel API writes it ("2019-01-01T13:15:30.123Z"; whole seconds print without a fraction).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tocsin {

using time_point = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

std::string format_time(time_point t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)"; a missing zone means UTC.
std::optional<time_point> parse_time(std::string_view text);

// Where "now" comes from. Schedules, timeouts and tests take a clock so tests can move time.
class clock {
  public:
    virtual ~clock() = default;
    virtual time_point now() const = 0;
};

class system_clock final : public clock {
  public:
    time_point now() const override;
};

// The process-wide system clock, for code that is handed no clock.
const clock& default_clock();

}  // namespace tocsin
