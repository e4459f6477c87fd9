#include "triggers/schedule/cron_schedule.hpp"

#include <algorithm>

namespace tocsin::triggers {
namespace {

using namespace std::chrono;
using local_ms = local_time<milliseconds>;

local_ms to_local(time_point t, seconds offset) {
    return local_ms{t.time_since_epoch() + offset};
}

time_point to_instant(local_minutes local, seconds offset) {
    return time_point{duration_cast<milliseconds>(local.time_since_epoch()) - offset};
}

}  // namespace

std::optional<time_point> next_cron_instant(const cron_expression& expr, const time_zone& zone,
                                            time_point after) {
    const time_point horizon = after + search_horizon;
    // Within one offset period local time and UTC move together, so each period is a plain
    // local-time search; local times that fall in no period (spring gaps) are never tried.
    for (time_point t = after; t < horizon;) {
        const auto period = zone.period_at(t);
        auto from = t == after ? floor<minutes>(to_local(after, period.offset)) + minutes{1}
                               : ceil<minutes>(to_local(period.begin, period.offset));
        const auto to = ceil<minutes>(to_local(std::min(period.end, horizon), period.offset));
        if (!expr.wildcard_time() && period.begin > far_past) {
            // After a fall-back the first local times of this period were lived through in the
            // previous one: a fixed-time schedule fired there already.
            const auto before = zone.period_at(period.begin - milliseconds{1});
            if (before.offset > period.offset)
                from = std::max(from, ceil<minutes>(to_local(period.begin, before.offset)));
        }
        if (const auto found = expr.next_match(from, to))
            return to_instant(*found, period.offset);
        t = period.end;
    }
    return std::nullopt;
}

}  // namespace tocsin::triggers
