#include "triggers/schedule/schedule_spec.hpp"

#include <algorithm>
#include <array>

#include "engine/error.hpp"
#include "triggers/schedule/cron_schedule.hpp"

namespace tocsin::triggers {
namespace {

using nlohmann::json;
using namespace std::chrono;

constexpr std::array known_options{"cron", "timezone", "every", "missed"};
constexpr seconds longest_interval = days{3650};

milliseconds floor_to(milliseconds d, milliseconds step) {
    auto q = d / step;
    if (d % step < milliseconds{0})
        --q;
    return step * q;
}

[[noreturn]] void bad(const std::string& option, const std::string& message) {
    throw error(errc::invalid_argument, "options." + option + ": " + message,
                "triggers.options." + option);
}

std::string string_option(const json& options, const char* key) {
    const auto& value = options.at(key);
    if (!value.is_string() || value.get_ref<const std::string&>().empty())
        bad(key, "must be a non-empty string");
    return value.get<std::string>();
}

}  // namespace

seconds parse_interval(std::string_view text) {
    const auto fail = [&]() -> seconds {
        throw error(errc::invalid_argument,
                    "\"" + std::string(text) +
                        "\" is not an interval (expected a whole number and a unit s, m, h "
                        "or d, such as \"30s\", \"10m\", \"2h\" or \"1d\"; at least 1s, at "
                        "most 3650d)");
    };
    if (text.size() < 2 || text.size() > 9)
        return fail();
    long long count = 0;
    for (const char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9')
            return fail();
        count = count * 10 + (c - '0');
    }
    seconds unit{0};
    switch (text.back()) {
        case 's':
            unit = seconds{1};
            break;
        case 'm':
            unit = minutes{1};
            break;
        case 'h':
            unit = hours{1};
            break;
        case 'd':
            unit = days{1};
            break;
        default:
            return fail();
    }
    const auto out = unit * count;
    if (count == 0 || out > longest_interval)
        return fail();
    return out;
}

schedule_spec schedule_spec::parse(const json& options) {
    if (!options.is_object())
        bad("cron", "a schedule trigger needs options: cron = \"…\" or every = \"…\"");
    for (const auto& [key, _] : options.items())
        if (std::find(known_options.begin(), known_options.end(), key) == known_options.end())
            bad(key, "unknown option (expected cron, timezone, every or missed)");
    const bool has_cron = options.contains("cron");
    const bool has_every = options.contains("every");
    if (has_cron == has_every)
        bad(has_cron ? "every" : "cron",
            "a schedule trigger takes exactly one of cron = \"…\" and every = \"…\"");

    schedule_spec out;
    if (has_cron) {
        try {
            out.cron_ = cron_expression::parse(string_option(options, "cron"));
        } catch (const error& e) {
            if (!e.field().empty())
                throw;
            bad("cron", e.what());
        }
        out.zone_ = time_zone::utc();
        if (options.contains("timezone")) {
            try {
                out.zone_ = time_zone::locate(string_option(options, "timezone"));
            } catch (const error& e) {
                if (!e.field().empty())
                    throw;
                bad("timezone", e.what());
            }
        }
    } else {
        if (options.contains("timezone"))
            bad("timezone", "applies to cron schedules only (an interval counts real time)");
        out.every_text_ = string_option(options, "every");
        try {
            out.every_ = parse_interval(out.every_text_);
        } catch (const error& e) {
            bad("every", e.what());
        }
    }
    if (options.contains("missed")) {
        const auto policy = string_option(options, "missed");
        if (policy == "run_once")
            out.missed_ = missed_policy::run_once;
        else if (policy == "skip")
            out.missed_ = missed_policy::skip;
        else
            bad("missed", "\"" + policy + "\" is not a policy (expected \"run_once\" or \"skip\")");
    }
    return out;
}

std::optional<time_point> schedule_spec::next_after(time_point t) const {
    if (cron_)
        return next_cron_instant(*cron_, *zone_, t);
    const milliseconds step = every_;
    return time_point{floor_to(t.time_since_epoch(), step) + step};
}

std::optional<time_point> schedule_spec::latest_at_or_before(time_point t) const {
    if (!cron_) {
        const milliseconds step = every_;
        return time_point{floor_to(t.time_since_epoch(), step)};
    }
    // Widening windows: one step of iteration for most schedules, a few for frequent ones.
    constexpr std::array<milliseconds, 5> windows{hours{1}, days{1}, days{32}, days{367},
                                                  search_horizon};
    for (const auto window : windows) {
        auto found = next_after(t - window);
        if (!found || *found > t)
            continue;
        while (const auto later = next_after(*found)) {
            if (*later > t)
                break;
            found = later;
        }
        return found;
    }
    return std::nullopt;
}

json schedule_spec::describe() const {
    if (cron_)
        return {{"cron", cron_->text()}, {"timezone", zone_->name()}};
    return {{"every", every_text_}};
}

}  // namespace tocsin::triggers
