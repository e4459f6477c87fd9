#include "triggers/schedule/schedule_clock.hpp"

#include <spdlog/spdlog.h>

#include "engine/error.hpp"

namespace tocsin::triggers {

accelerated_clock::accelerated_clock(time_point start, unsigned speed, const clock& base)
    : start_(start), base_start_(base.now()), speed_(speed), base_(base) {}

time_point accelerated_clock::now() const {
    return start_ + (base_.now() - base_start_) * speed_;
}

std::unique_ptr<clock> schedule_clock(const config& cfg) {
    const auto start = cfg.values.find("schedule.test_clock_start");
    const auto speed = cfg.values.find("schedule.test_clock_speed");
    const bool has_start = start != cfg.values.end() && start->is_string() &&
                           !start->get_ref<const std::string&>().empty();
    const unsigned factor =
        speed != cfg.values.end() && speed->is_number_integer() && speed->get<std::int64_t>() > 1
            ? static_cast<unsigned>(speed->get<std::int64_t>())
            : 1;
    if (!has_start && factor == 1)
        return std::make_unique<system_clock>();
    time_point from = default_clock().now();
    if (has_start) {
        const auto& text = start->get_ref<const std::string&>();
        const auto parsed = parse_time(text);
        if (!parsed)
            throw error(errc::config,
                        "schedule.test_clock_start: \"" + text +
                            "\" is not an ISO 8601 instant (e.g. 2025-03-30T00:30:00Z)",
                        "schedule.test_clock_start");
        from = *parsed;
    }
    spdlog::warn("schedule: TEST CLOCK in use: starts at {}, {}x real time (for tests only)",
                 format_time(from), factor);
    return std::make_unique<accelerated_clock>(from, factor);
}

}  // namespace tocsin::triggers
