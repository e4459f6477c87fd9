#include "triggers/schedule/schedule_plan.hpp"

namespace tocsin::triggers {

start_plan plan_start(const schedule_spec& spec, std::optional<time_point> handled_through,
                      time_point now) {
    if (!handled_through)
        return plan_fresh(spec, now);
    start_plan plan;
    plan.next = spec.next_after(now);
    if (*handled_through > now) {
        plan.clock_behind = true;
        return plan;
    }
    const auto latest = spec.latest_at_or_before(now);
    if (!latest || *latest <= *handled_through)
        return plan;
    if (spec.missed() == missed_policy::run_once)
        plan.fire = latest;
    else
        plan.remember = now;
    return plan;
}

start_plan plan_fresh(const schedule_spec& spec, time_point now) {
    start_plan plan;
    plan.remember = now;
    plan.next = spec.next_after(now);
    return plan;
}

due_plan plan_due(const schedule_spec& spec, time_point next, time_point now) {
    due_plan plan;
    plan.fire = spec.latest_at_or_before(now);
    if (!plan.fire || *plan.fire < next)
        plan.fire = next;  // cannot happen for a consistent schedule; never fire before `next`
    plan.dropped = *plan.fire > next;
    plan.next = spec.next_after(*plan.fire);
    return plan;
}

}  // namespace tocsin::triggers
