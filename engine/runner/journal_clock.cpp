#include "engine/runner/journal_clock.hpp"

namespace tocsin::runner {

using nlohmann::json;

journal_clock::journal_clock(std::shared_ptr<run_journal> journal,
                             std::shared_ptr<lua::clock_source> live)
    : journal_(std::move(journal)), live_(std::move(live)) {}

std::optional<json> journal_clock::replay(const char* what) {
    if (journal_->diverged() || !journal_->replaying())
        return std::nullopt;
    const auto& entry = journal_->peek();
    if (entry.kind == "clock" && entry.data.value("read", std::string()) == what &&
        entry.data.contains("value")) {
        json value = entry.data["value"];
        journal_->skip();
        return value;
    }
    journal_->diverge("journal step " + std::to_string(entry.sequence) + " is " + describe(entry) +
                      ", but the playbook now reads the clock ('" + what +
                      "'); os.time, os.clock and math.random must be read in the same order on "
                      "every execution");
    return std::nullopt;
}

time_point journal_clock::now() {
    if (auto v = replay("now"); v && v->is_number_integer())
        return time_point{std::chrono::milliseconds{v->get<std::int64_t>()}};
    const auto t = live_->now();
    if (!journal_->diverged())
        journal_->append("clock", {{"read", "now"}, {"value", t.time_since_epoch().count()}});
    return t;
}

double journal_clock::cpu_seconds() {
    if (auto v = replay("cpu"); v && v->is_number()) {
        cpu_base_ = v->get<double>();
        cpu_mark_ = live_->cpu_seconds();
        return cpu_base_;
    }
    const double seconds = cpu_base_ + (live_->cpu_seconds() - cpu_mark_);
    if (!journal_->diverged())
        journal_->append("clock", {{"read", "cpu"}, {"value", seconds}});
    return seconds;
}

std::uint64_t journal_clock::random_seed() {
    if (auto v = replay("seed"); v && v->is_number_unsigned())
        return v->get<std::uint64_t>();
    const auto seed = live_->random_seed();
    if (!journal_->diverged())
        journal_->append("clock", {{"read", "seed"}, {"value", seed}});
    return seed;
}

}  // namespace tocsin::runner
