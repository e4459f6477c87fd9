#include "engine/runner/run_status.hpp"

namespace tocsin::runner {

std::string status_of(const lua::run_outcome& outcome) {
    switch (outcome.state) {
        case lua::run_state::finished:
            return "succeeded";
        case lua::run_state::cancelled:
            return "cancelled";
        default:
            break;
    }
    switch (outcome.limit) {
        case lua::limit_kind::wall_clock:
            return "timed-out";
        case lua::limit_kind::none:
            return "failed";
        default:
            return "limit-exceeded";
    }
}

}  // namespace tocsin::runner
