#pragma once
// One schedule trigger of a playbook, from the trigger's options (engine/lua/playbook.hpp: the
// loader keeps a trigger's settings in `options`, as for every trigger):
//
//   triggers = {
//     { kind = "schedule", options = { cron = "*/15 8-18 * * 1-5", timezone = "Europe/Paris" } },
//     { kind = "schedule", options = { every = "10m", missed = "skip" } },
//   }
//
//   cron      five-field cron expression (cron_expression.hpp), read in `timezone`
//   timezone  IANA zone name for cron (time_zone.hpp); default "UTC"; not allowed with every
//   every     an interval: a whole number and a unit s, m, h or d ("30s", "10m", "2h", "1d"),
//             from 1s to 3650d. Instants are whole multiples of it since the Unix epoch (UTC):
//             "10m" fires at :00, :10, :20…, "1d" at 00:00 UTC, "7d" on Thursdays at 00:00 UTC,
//             whenever the engine started. Use cron for local wall-clock times.
//   missed    what to do at start-up about instants that passed while the engine was down:
//             "run_once" (default): one run, for the most recent of them; "skip": none
//             (schedule_plan.hpp)
//
// Exactly one of cron and every. Other keys are errors (a typo must not go unnoticed).
// Thread-safety: a parsed spec is immutable.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/core/time.hpp"
#include "triggers/schedule/cron_expression.hpp"
#include "triggers/schedule/time_zone.hpp"

namespace tocsin::triggers {

enum class missed_policy { run_once, skip };

// "30s", "10m", "2h", "1d" → seconds. Throws tocsin::error(invalid_argument) quoting the text.
std::chrono::seconds parse_interval(std::string_view text);

class schedule_spec {
  public:
    // Throws tocsin::error(invalid_argument) with field "triggers.options.<option>" and a message
    // that names the option and says what it expects.
    static schedule_spec parse(const nlohmann::json& options);

    // The first instant strictly after t; nullopt when the schedule never fires again.
    std::optional<time_point> next_after(time_point t) const;
    // The last instant at or before t; nullopt when there is none within the search horizon.
    std::optional<time_point> latest_at_or_before(time_point t) const;

    missed_policy missed() const { return missed_; }
    // What ctx.trigger says about the schedule: {cron, timezone} or {every}.
    nlohmann::json describe() const;

  private:
    std::optional<cron_expression> cron_;
    std::shared_ptr<const time_zone> zone_;
    std::chrono::seconds every_{0};
    std::string every_text_;
    missed_policy missed_ = missed_policy::run_once;
};

}  // namespace tocsin::triggers
