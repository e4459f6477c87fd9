#include "triggers/schedule/schedule_ledger.hpp"

#include <spdlog/spdlog.h>

#include "engine/core/uuid.hpp"
#include "engine/error.hpp"

namespace tocsin::triggers {

std::string ledger_key(std::string_view playbook, std::size_t trigger) {
    return "schedule." + std::string(playbook) + "." + std::to_string(trigger);
}

std::string fired_key(std::string_view ledger_key) {
    return std::string(ledger_key) + ".fired";
}

std::string schedule_run_id(std::string_view playbook, std::size_t trigger, time_point instant) {
    return name_uuid("schedule\n" + std::string(playbook) + "\n" + std::to_string(trigger) + "\n" +
                     format_time(instant));
}

std::optional<time_point> schedule_ledger::handled_through(const std::string& key) {
    const auto instant = read(key);
    if (!instant)
        return std::nullopt;
    std::lock_guard lock(mutex_);
    auto& mark = marks_[key];
    mark = std::max(mark, *instant);
    return instant;
}

std::optional<time_point> schedule_ledger::last_fired(const std::string& key) {
    return read(fired_key(key));
}

bool schedule_ledger::record_fire(const std::string& key, time_point instant) {
    try {
        store_.set_runner_value(fired_key(key), format_time(instant));
        return true;
    } catch (const error& e) {
        if (e.code() != errc::unsupported)
            spdlog::error("schedule: {} not stored: {}", fired_key(key), e.what());
        return false;
    }
}

std::optional<time_point> schedule_ledger::read(const std::string& key) {
    std::optional<std::string> stored;
    try {
        stored = store_.runner_value(key);
    } catch (const error& e) {
        if (e.code() != errc::unsupported)
            spdlog::error("schedule: {} not read: {}", key, e.what());
        return std::nullopt;
    }
    if (!stored)
        return std::nullopt;
    const auto instant = parse_time(*stored);
    if (!instant) {
        spdlog::warn("schedule: {} holds \"{}\", not an instant; ignored", key, *stored);
        return std::nullopt;
    }
    return instant;
}

void schedule_ledger::mark(const std::string& key, time_point instant) {
    std::lock_guard lock(mutex_);
    // Held across the write so that two marks of one key reach the store in order.
    auto [it, added] = marks_.emplace(key, instant);
    if (!added) {
        if (it->second >= instant)
            return;
        it->second = instant;
    }
    try {
        store_.set_runner_value(key, format_time(instant));
    } catch (const error& e) {
        if (e.code() != errc::unsupported)
            spdlog::error("schedule: {} not stored: {}", key, e.what());
    }
}

}  // namespace tocsin::triggers
